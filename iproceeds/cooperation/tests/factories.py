"""Factories for cooperation tests (invented data only)."""

import datetime

from iproceeds.directory.choices import Confidence, Instrument, TreatyStatus
from iproceeds.directory.models import InstrumentStatus, Party


def bind(party: Party, instrument: str = Instrument.ETS_185, status: str = TreatyStatus.IN_FORCE) -> None:
    """Record that an instrument is in force (or has another status) for a Party."""
    InstrumentStatus.objects.update_or_create(
        party=party,
        instrument=instrument,
        defaults={
            "status": status,
            "source": "Demo source",
            "as_of": datetime.date(2026, 11, 23),
            "confidence": Confidence.PRIMARY,
            "signed_on": datetime.date(2001, 11, 23) if status != TreatyStatus.UNKNOWN else None,
            "ratified_on": datetime.date(2009, 4, 14) if status in {"ratified", "in_force"} else None,
            "in_force_on": datetime.date(2009, 8, 1) if status == "in_force" else None,
        },
    )


def bc29_values(**sections):
    """A complete BC29 content with invented data; sections given replace the defaults."""
    values = {
        "date_reference": {"request_date": "2026-11-23", "our_reference": "DEMO-CCU-2026-0042"},
        "request_status": {"status": "new"},
        "requesting_authority": {
            "authority_name": "Demo Cybercrime Unit Belgrade", "person_in_charge": "Demo Officer",
            "phone": "+381115550100", "email": "officer@example.invalid", "timezone": "Europe/Belgrade",
        },
        "confirmation_contact": {"contact_name": "Demo Duty Desk", "contact_phone": "+381115550101"},
        "investigating_authority": {"investigating_authority": "Demo Cybercrime Unit Belgrade"},
        "offence": {"offences": "Computer fraud (demo article 301)", "facts": "Invented facts for a test."},
        "data_sought": {
            "data_description": "Subscriber and traffic data of the connection",
            "data_relationship": "The connection was used to log in to the victim's account",
            "ip_addresses": [{"address": "203.0.113.7", "version": 4, "port": 51234,
                              "timestamp": "2026-10-02T01:14:00Z"}],
        },
        "custodian": {"custodian": "Demo Hosting Tirana"},
        "necessity": {"necessity": "Logs are deleted after 30 days."},
        "intended_mla": {"mla_will_follow": True},
    }  # fmt: skip
    values.update(sections)
    return values
