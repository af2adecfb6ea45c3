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
