"""The shipped reference data and the demo directory: sourced, honest about gaps, idempotent, invented."""

import datetime as dt

import pytest

from iproceeds.audit.models import AuditEvent
from iproceeds.directory.models import Authority, Contact, InstrumentStatus, Party, ServiceProvider
from iproceeds.directory.reference import DEMO_BINDING_SOURCE, load_directory
from iproceeds.directory.selectors import directory_search

pytestmark = pytest.mark.django_db
KOSOVO = (
    "This designation is without prejudice to positions on status, and is in line with UNSCR 1244 "
    "and the ICJ Opinion on the Kosovo declaration of independence."
)


@pytest.fixture
def loaded(db):
    """The reference data (without the slower demo directory)."""
    return load_directory(include_demo=False)


def test_the_seven_iproceeds_participants_are_shipped(loaded):
    codes = set(Party.objects.filter(is_iproceeds=True).values_list("code", flat=True))
    assert codes == {"AL", "BA", "ME", "MK", "RS", "TR", "XK"}


def test_kosovo_carries_the_footnote(loaded):
    kosovo = Party.objects.get(code="XK")
    assert (kosovo.display_name, kosovo.footnote) == ("Kosovo*", KOSOVO)


def test_serbia_cets224_ratification_is_sourced(loaded):
    status = InstrumentStatus.objects.get(party__code="RS", instrument="CETS224")
    assert (status.status, status.ratified_on, status.signed_on) == ("ratified", dt.date(2023, 2, 9), None)
    assert (status.confidence, status.as_of) == ("P", dt.date(2026, 11, 23))
    assert "legal reference" in status.source.lower()
    assert status.missing_dates is True  # the signature date is not given: shown "to verify"


def test_dates_the_reference_does_not_give_stay_empty_and_to_verify(loaded):
    unknown = InstrumentStatus.objects.filter(party__code="TR")
    assert {(s.instrument, s.status, s.to_verify) for s in unknown} == {
        ("ETS185", "unknown", True),
        ("ETS198", "unknown", True),
        ("CETS224", "unknown", True),
    }
    assert not InstrumentStatus.objects.exclude(party__code="RS").exclude(signed_on=None).exists()


def test_loading_twice_changes_nothing(loaded):
    events = AuditEvent.objects.count()
    again = load_directory(include_demo=False)
    assert again["created"] == 0
    assert AuditEvent.objects.count() == events


def test_demo_entries_are_marked_invented_and_loaded_once(db):
    # given the demo directory loaded once; when it is loaded again, then nothing is created
    load_directory(include_demo=True)
    events = AuditEvent.objects.count()
    assert load_directory(include_demo=True)["created"] == 0
    assert AuditEvent.objects.count() == events
    # and every demo entry is marked and uses invented addresses
    assert not Authority.objects.filter(is_demo=False).exists()
    assert not Contact.objects.filter(is_demo=False).exists()
    assert not ServiceProvider.objects.filter(is_demo=False).exists()
    assert all(c.email.endswith("example.invalid") and "(demo)" in c.name for c in Contact.objects.all())


@pytest.mark.parametrize("query", ["Srbija", "Србија", "Serbia"])
def test_serbia_is_found_in_both_scripts(query, loaded, foreign_officer):
    assert "RS" in [p.code for p in directory_search(user=foreign_officer, query=query).parties]


def test_reference_only_loads_no_demo(loaded):
    assert Party.objects.count() == 8
    assert not Contact.objects.exists()


def test_a_demo_assumption_survives_reloading_and_a_sourced_fact_still_wins(loaded):
    # given the demo's assumption that Turkey is bound by ETS 185 (the reference knows nothing)
    fact = InstrumentStatus.objects.get(party__code="TR", instrument="ETS185")
    InstrumentStatus.objects.filter(pk=fact.pk).update(status="in_force", source=DEMO_BINDING_SOURCE)
    events = AuditEvent.objects.count()
    # when the reference is loaded again
    load_directory(include_demo=False)
    # then the assumption stands and nothing was written
    fact.refresh_from_db()
    assert (fact.status, fact.source) == ("in_force", DEMO_BINDING_SOURCE)
    assert AuditEvent.objects.count() == events
    # and a Party the reference does know is reset to the sourced fact even if the demo touched it
    serbia = InstrumentStatus.objects.get(party__code="RS", instrument="CETS224")
    InstrumentStatus.objects.filter(pk=serbia.pk).update(status="in_force", source=DEMO_BINDING_SOURCE)
    load_directory(include_demo=False)
    serbia.refresh_from_db()
    assert serbia.status == "ratified"
