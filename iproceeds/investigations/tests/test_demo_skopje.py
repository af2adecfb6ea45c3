"""The second demo case: the statements send the money to Skopje, and a WC21 draft asks for it."""

from iproceeds.accounts.demo import seed_demo
from iproceeds.audit.models import AuditEvent
from iproceeds.cooperation.services.catalogue import SHIPPED_FILE, catalogue_load_file
from iproceeds.directory.permissions import SYSTEM
from iproceeds.investigations.demo_skopje import SKOPJE_EXIT, SKOPJE_REFERENCE, seed_skopje_demo
from iproceeds.investigations.models import CaseRequest, InvestigationCase
from iproceeds.investigations.requests import WC21


def test_skopje_demo_traces_the_exit_to_north_macedonia_and_drafts_a_wc21_once(db):
    # given the demo users and the request catalogue
    seed_demo()
    catalogue_load_file(path=SHIPPED_FILE, actor=SYSTEM)
    # when the second demo case is seeded twice
    case = seed_skopje_demo()
    events = AuditEvent.objects.count()
    again = seed_skopje_demo()
    # then the two statements merged into six transactions, the transfer A -> B counted once
    assert again == case
    assert case.reference == SKOPJE_REFERENCE
    assert case.transactions.count() == 6
    # and the libr trace followed all three victims' payments and sees 6000.00 EUR leave to Skopje
    run = case.traces.get()
    assert run.method == "libr"
    assert run.result["losses"] == {
        "Ana Example": "4800.00",
        "Ben Example": "2500.00",
        "Vesna Primerić": "1200.00",
    }
    to_skopje = [r["amount"] for r in run.result["exits"] if r["to_account"] == SKOPJE_EXIT]
    assert to_skopje == ["3388.24", "1764.70", "847.06"]
    assert {r["counterparty_country"] for r in run.result["exits"] if r["to_account"] == SKOPJE_EXIT} == {
        "MK"
    }
    # and one WC21 draft asks North Macedonia to freeze the account, up to the traced amount
    coop = CaseRequest.objects.get(case=case).coop_request
    assert (coop.request_type.code, coop.requested_party.code, coop.status) == (WC21, "MK", "draft")
    assert coop.values["property"]["ibans"] == [SKOPJE_EXIT]
    assert coop.values["property"]["maximum_amount"] == {"amount": "6000.00", "currency": "EUR"}
    # and the second run changed nothing
    assert AuditEvent.objects.count() == events


def test_skopje_demo_drafts_the_request_once_the_catalogue_is_loaded(db):
    # given the case seeded before the catalogue was loaded
    seed_demo()
    case = seed_skopje_demo()
    assert CaseRequest.objects.filter(case=case).count() == 0
    # when the catalogue is loaded and the demo seeded again, then the draft is added
    catalogue_load_file(path=SHIPPED_FILE, actor=SYSTEM)
    seed_skopje_demo()
    assert CaseRequest.objects.filter(case=case).count() == 1


def test_skopje_demo_needs_the_demo_officer(db):
    assert seed_skopje_demo() is None
    assert InvestigationCase.objects.count() == 0
