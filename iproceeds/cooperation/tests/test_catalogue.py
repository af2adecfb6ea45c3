"""The catalogue is data: loaded idempotently, complete in every language, editable where unconfirmed."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from iproceeds.audit.models import AuditEvent
from iproceeds.cooperation.eligibility import parties_bound, party_is_bound, refusal_declarations
from iproceeds.cooperation.i18n import localised
from iproceeds.cooperation.models import Field, RequestType, Section, Timer
from iproceeds.cooperation.services.catalogue import SHIPPED_FILE, catalogue_load, timer_update
from iproceeds.cooperation.tests.factories import bind
from iproceeds.directory.choices import DeclarationEffect, DeclarationKind, Instrument, TreatyStatus
from iproceeds.directory.models import PartyDeclaration
from iproceeds.directory.permissions import SYSTEM
from iproceeds.directory.tests.factories import PartyFactory

SHIPPED = {
    "BC29_PRESERVATION", "BC30_TRAFFIC_DISCLOSURE", "BC31_MLA_STORED_DATA", "BC31_MLA_SUBSCRIBER",
    "BC26_SPONTANEOUS", "BC35_ASSISTANCE", "SP9_EMERGENCY_DISCLOSURE", "WC17_BANK_ACCOUNTS",
    "WC18_BANK_TRANSACTIONS", "WC19_TRANSACTION_MONITORING", "WC21_PROVISIONAL_MEASURES",
    "WC46_FIU_INFORMATION", "WC47_FIU_POSTPONEMENT",
}  # fmt: skip
LANGUAGES = ["en", "fr", "sq", "sr-latn", "sr", "mk", "bs", "tr"]


def test_the_shipped_catalogue_holds_every_required_type(catalogue):
    # given the shipped catalogue, loaded
    # then every type the issue names is there, with its instrument
    assert set(RequestType.objects.values_list("code", flat=True)) == SHIPPED
    assert RequestType.objects.get(code="SP9_EMERGENCY_DISCLOSURE").instrument == Instrument.CETS_224
    assert RequestType.objects.get(code="WC46_FIU_INFORMATION").channel == "fiu"


def test_preservation_sections_follow_the_tcy_template_order(catalogue):
    # given BC29
    sections = Section.objects.filter(request_type__code="BC29_PRESERVATION").order_by("order")
    # then its sections come in the template's order
    assert [s.key for s in sections] == [
        "date_reference", "request_status", "requesting_authority", "confirmation_contact",
        "investigating_authority", "offence", "data_sought", "custodian", "necessity",
        "intended_mla", "conditions", "urgency",
    ]  # fmt: skip


def test_every_label_exists_in_every_ui_language(catalogue):
    # given every labelled row of the catalogue
    rows = [*RequestType.objects.all(), *Section.objects.all(), *Field.objects.all(), *Timer.objects.all()]
    # then each has a non-empty label in all eight language codes, Serbian in both scripts
    for row in rows:
        assert sorted(row.labels) == sorted(LANGUAGES), row
        assert all(text.strip() for text in row.labels.values()), row
    bc29 = RequestType.objects.get(code="BC29_PRESERVATION")
    assert localised(bc29.labels, "sr") == "Хитно очување ускладиштених рачунарских података"
    assert localised(bc29.labels, "sr-latn") == "Hitno očuvanje uskladištenih računarskih podataka"


def test_loading_twice_changes_nothing_and_audits_once(catalogue):
    # given a loaded catalogue and its audit event
    events = AuditEvent.objects.filter(action="cooperation.catalogue.loaded").count()
    rows = Field.objects.count()
    # when it is loaded again through the command
    call_command("load_catalogue", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # then nothing was created or changed and no new event was written
    assert Field.objects.count() == rows
    assert AuditEvent.objects.filter(action="cooperation.catalogue.loaded").count() == events == 1


def test_preservation_timer_is_primary_and_the_acknowledgement_target_is_to_verify(catalogue):
    # given BC29's timers
    expiry = Timer.objects.get(request_type__code="BC29_PRESERVATION", key="preservation_expiry")
    ack = Timer.objects.get(request_type__code="BC29_PRESERVATION", key="acknowledgement")
    # then the 60 days of Art 29(7) are checked, the one-hour target is shown "to verify"
    assert (expiry.days, expiry.start_event, expiry.to_verify, expiry.source) == (
        60,
        "executed",
        False,
        "ETS 185 Art 29(7)",
    )
    assert (ack.hours, ack.to_verify, ack.applies_to) == (1, True, ["urgent", "emergency"])


def test_a_timer_changed_by_the_secretariat_survives_a_reload(catalogue, secretariat):
    # given the secretariat sets the acknowledgement target to 2 hours
    ack = Timer.objects.get(request_type__code="BC29_PRESERVATION", key="acknowledgement")
    timer_update(timer=ack, actor=secretariat, days=0, hours=2)
    # when the shipped catalogue is loaded again
    call_command("load_catalogue", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # then the local value stays
    ack.refresh_from_db()
    assert (ack.hours, ack.overridden) == (2, True)
    assert AuditEvent.objects.filter(action="cooperation.timer.updated").count() == 1


def test_an_officer_may_not_change_a_timer(catalogue, officer):
    # given an officer
    ack = Timer.objects.get(request_type__code="BC29_PRESERVATION", key="acknowledgement")
    # when they try to change a timer, then they are refused and nothing changes
    with pytest.raises(PermissionDenied):
        timer_update(timer=ack, actor=officer, days=0, hours=5)
    ack.refresh_from_db()
    assert (ack.hours, ack.overridden) == (1, False)
    assert not AuditEvent.objects.filter(action="cooperation.timer.updated").exists()


def _small_type(**changes):
    data = json.loads(SHIPPED_FILE.read_text(encoding="utf-8"))
    entry = {
        "code": "SP6_DOMAIN_REGISTRATION", "instrument": "CETS224", "article": "Art 6",
        "channel": "direct", "urgency_options": ["normal"], "labels": data["sections"]["custodian"]["labels"],
        "sections": ["date_reference", "custodian"], "timers": [],
    } | changes  # fmt: skip
    return {"sections": data["sections"], "types": [entry]}


def test_a_type_naming_an_unknown_section_is_refused_and_nothing_is_written(db):
    # given data whose type names a section that does not exist
    data = _small_type(sections=["date_reference", "no_such_section"])
    # when it is loaded, then it is refused and no row remains
    with pytest.raises(ValidationError, match="no_such_section"):
        catalogue_load(data=data, actor=SYSTEM)
    assert not RequestType.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_label_missing_a_language_is_refused(db):
    # given a type whose name lacks the Turkish label
    labels = {code: "Demo" for code in LANGUAGES if code != "tr"}
    # when it is loaded, then the missing language is named
    with pytest.raises(ValidationError, match="tr"):
        catalogue_load(data=_small_type(labels=labels), actor=SYSTEM)
    assert not RequestType.objects.exists()


def test_only_parties_bound_by_the_instrument_may_use_a_type(db):
    # given Serbia (ETS 185 in force), a Party that only signed, and one with no record
    serbia, signed, unknown = PartyFactory(code="RS"), PartyFactory(code="QA"), PartyFactory(code="QB")
    bind(serbia)
    bind(signed, status=TreatyStatus.SIGNED)
    # then only Serbia is bound
    assert party_is_bound(party=serbia, instrument=Instrument.ETS_185)
    assert not party_is_bound(party=signed, instrument=Instrument.ETS_185)
    assert not party_is_bound(party=unknown, instrument=Instrument.ETS_185)
    assert list(parties_bound(instrument=Instrument.ETS_185)) == [serbia]


def test_a_dual_criminality_reservation_lets_the_requested_party_refuse_preservation(catalogue):
    # given a Party with the Art 29(4) reservation
    party = PartyFactory(code="QC")
    declaration = PartyDeclaration.objects.create(
        party=party, instrument=Instrument.ETS_185, article="29(4)", kind=DeclarationKind.RESERVATION,
        effect=DeclarationEffect.DUAL_CRIMINALITY_PRESERVATION, source="Demo", as_of="2026-11-23",
    )  # fmt: skip
    # then it matters for BC29 and not for BC35
    bc29 = RequestType.objects.get(code="BC29_PRESERVATION")
    bc35 = RequestType.objects.get(code="BC35_ASSISTANCE")
    assert refusal_declarations(request_type=bc29, party=party) == [declaration]
    assert refusal_declarations(request_type=bc35, party=party) == []


def test_a_field_key_given_twice_in_a_section_is_refused(db):
    # given a type whose own section lists the same field twice
    data = _small_type()
    field = data["sections"]["custodian"]["fields"][0]
    data["types"][0]["sections"] = [{"key": "twice", "labels": field["labels"], "fields": [field, field]}]
    # when it is loaded, then the duplicate is named and nothing is written
    with pytest.raises(ValidationError, match="“custodian” appears twice"):
        catalogue_load(data=data, actor=SYSTEM)
    assert not RequestType.objects.exists()
