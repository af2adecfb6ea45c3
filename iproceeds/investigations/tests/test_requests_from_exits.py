"""From an exit to a request: money abroad gives a draft to its competent authority, linked to the case."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from iproceeds.accounts.demo import seed_demo
from iproceeds.audit.models import AuditEvent
from iproceeds.cooperation.models import CooperationRequest
from iproceeds.cooperation.services.catalogue import SHIPPED_FILE, catalogue_load_file
from iproceeds.cooperation.tests.factories import bind
from iproceeds.directory.choices import AuthorityType, Instrument
from iproceeds.directory.permissions import SYSTEM
from iproceeds.directory.tests.factories import (
    AuthorityFactory,
    CompetenceFactory,
    PartyFactory,
    ServiceProviderFactory,
)
from iproceeds.investigations import services
from iproceeds.investigations.choices import CaseRole
from iproceeds.investigations.demo import seed_investigations_demo
from iproceeds.investigations.models import CaseRequest, TraceRun
from iproceeds.investigations.requests import WC17, WC18, WC21, case_request_draft, targets_for
from iproceeds.investigations.tests.factories import IBAN_MK, IBAN_RS, make_case

IBAN_FR = "FR1420041010050500013M02606"
OUTSIDERS = ["colleague", "foreign_officer", "supervisor", "secretariat"]


def _exit(tx_id, to_account, amount, country=None, bank=None, victim="Demo Victim One"):
    return {
        "transaction_id": tx_id,
        "victim": victim,
        "amount": amount,
        "to_account": to_account,
        "counterparty_country": country,
        "counterparty_bank": bank,
        "timestamp": "2026-03-10T09:00:00+00:00",
    }


@pytest.fixture
def skopje(officer):
    """North Macedonia with a central authority and an asset-recovery office competent for WC21."""
    catalogue_load_file(path=SHIPPED_FILE, actor=SYSTEM)
    mk = PartyFactory(code="MK", name="North Macedonia")
    central = AuthorityFactory(
        party=mk, name="Demo Ministry of Justice Skopje", authority_type=AuthorityType.CENTRAL_AUTHORITY
    )
    aro = AuthorityFactory(
        party=mk, name="Demo Asset Recovery Office Skopje", authority_type=AuthorityType.ASSET_RECOVERY
    )
    CompetenceFactory(authority=aro, request_type=WC21, channel="central")
    bind(officer.authority.party, Instrument.ETS_198)
    bind(mk, Instrument.ETS_198)
    return {"party": mk, "central": central, "aro": aro}


@pytest.fixture
def traced(officer, skopje):
    """A case whose trace sent money to Skopje (two victims in one exit), to Serbia, to France and to cash."""
    case = make_case(officer)
    result = {
        "method": "libr",
        "currency": "EUR",
        "at": None,
        "capped": {},
        "schedule": {},
        "holdings": [{"account": IBAN_MK, "victim": "Demo Victim One", "amount": "300.00"}],
        "exits": [
            _exit("tx-mk", IBAN_MK, "1000.00", "MK", "STBAMK22XXX"),
            _exit("tx-mk", IBAN_MK, "200.50", "MK", "STBAMK22XXX", victim="Demo Victim Two"),
            _exit("tx-rs", IBAN_RS, "50.00"),
            _exit("tx-fr", IBAN_FR, "70.00"),
            _exit("tx-cash", None, "20.00"),
        ],
        "losses": {"Demo Victim One": "1300.00", "Demo Victim Two": "200.50"},
    }
    run = TraceRun.objects.create(
        case=case,
        method="libr",
        currency="EUR",
        victims={},
        inputs_sha256="0" * 64,
        library_version="test",
        result=result,
        run_by=officer,
    )
    return case, run


def test_wc21_from_an_exit_goes_to_the_competent_authority_filled_from_the_case(officer, traced, skopje):
    # given a trace whose money left to an account in North Macedonia
    case, run = traced
    # when the officer asks North Macedonia for provisional measures from that exit
    link = case_request_draft(case=case, actor=officer, target_key="exit:tx-mk", type_code=WC21, run=run)
    # then a WC21 draft goes to the competent office, with the account, the traced maximum and the case facts
    coop = link.coop_request
    assert (coop.request_type.code, coop.status, coop.urgency) == (WC21, "draft", "urgent")
    assert (coop.requested_party, coop.requested_authority) == (skopje["party"], skopje["aro"])
    assert coop.values["property"]["maximum_amount"] == {"amount": "1200.50", "currency": "EUR"}
    assert coop.values["property"]["ibans"] == [IBAN_MK]
    assert coop.values["investigating_authority"]["investigation_number"] == "KT-123/26"
    assert coop.values["date_reference"]["our_reference"] == case.reference
    assert "1200.50 EUR" in coop.values["offence"]["facts"]
    assert "North Macedonia" in coop.values["offence"]["facts"]
    assert (link.case, link.trace, link.exit_transaction, link.created_by) == (case, run, "tx-mk", officer)
    actions = list(
        AuditEvent.objects.filter(
            action__in=["cooperation.request.created", "investigations.request.drafted"]
        )
        .values_list("action", flat=True)
        .order_by("pk")
    )
    assert actions == ["cooperation.request.created", "investigations.request.drafted"]


def test_wc17_without_a_competent_authority_goes_to_the_central_authority(officer, traced, skopje):
    case, run = traced
    link = case_request_draft(case=case, actor=officer, target_key="exit:tx-mk", type_code=WC17, run=run)
    coop = link.coop_request
    assert coop.requested_authority == skopje["central"]
    assert coop.values["financial"]["banks"] == ["STBAMK22XXX"]
    assert coop.values["financial"]["ibans"] == [IBAN_MK]


def test_wc18_from_a_holding_abroad(officer, traced, skopje):
    case, run = traced
    link = case_request_draft(
        case=case, actor=officer, target_key=f"holding:{IBAN_MK}", type_code=WC18, run=run
    )
    assert link.coop_request.values["financial"]["ibans"] == [IBAN_MK]
    assert link.exit_transaction == ""


def test_targets_judge_each_country(officer, traced):
    # given the trace's exits and holding
    case, run = traced
    # when the targets are listed
    refusals = {t.key: t.refusal for t in targets_for(case=case, run=run)}
    # then Skopje can be asked, Serbia is home, France is not in the directory, cash is not listed
    assert refusals == {
        "exit:tx-mk": "",
        "exit:tx-rs": "This account is in your own Party: no international request is needed.",
        "exit:tx-fr": "FR is not a Party in the directory.",
        f"holding:{IBAN_MK}": "",
    }


@pytest.mark.parametrize(
    ("target", "type_code", "field"),
    [
        ("exit:tx-rs", WC21, "target"),
        ("exit:tx-fr", WC21, "target"),
        ("exit:tx-cash", WC21, "target"),
        ("exit:tx-unknown", WC21, "target"),
        ("exit:tx-mk", "BC29_PRESERVATION", "request_type"),
    ],
)
def test_refused_draft_changes_nothing(officer, traced, target, type_code, field):
    case, run = traced
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        case_request_draft(case=case, actor=officer, target_key=target, type_code=type_code, run=run)
    assert field in refused.value.message_dict
    assert (CooperationRequest.objects.count(), CaseRequest.objects.count()) == (0, 0)
    assert AuditEvent.objects.count() == events


def test_a_party_not_bound_is_refused(officer, traced, skopje):
    case, run = traced
    bind(skopje["party"], Instrument.ETS_198, status="signed")
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        case_request_draft(case=case, actor=officer, target_key="exit:tx-mk", type_code=WC21, run=run)
    assert "is not bound by" in refused.value.message_dict["requested_party"][0]
    assert (CooperationRequest.objects.count(), CaseRequest.objects.count()) == (0, 0)
    assert AuditEvent.objects.count() == events


def test_a_reader_may_not_draft(officer, colleague, supervisor, traced):
    case, run = traced
    services.member_add(case=case, actor=supervisor, user=colleague, role=CaseRole.READER)
    with pytest.raises(PermissionDenied):
        case_request_draft(case=case, actor=colleague, target_key="exit:tx-mk", type_code=WC21, run=run)
    assert CaseRequest.objects.count() == 0


def test_crypto_exit_to_a_known_exchange_names_the_provider_and_its_party(officer, traced, skopje):
    # given an exchange in the directory, and a trace exit to one of its deposit addresses
    case, run = traced
    exchange = ServiceProviderFactory(name="Demo Exchange Skopje", jurisdiction="MK")
    run.result["exits"].append(
        _exit("tx-btc", "bc1qdemo0exchange0deposit", "40.00", bank="Demo Exchange Skopje")
    )
    run.save()
    # when the targets are listed
    target = next(t for t in targets_for(case=case, run=run) if t.key == "exit:tx-btc")
    # then the provider is named and its Party may be asked
    assert (target.provider, target.country, target.party, target.refusal) == (
        exchange,
        "MK",
        skopje["party"],
        "",
    )


def test_page_lists_targets_and_drafting_redirects_to_the_draft(officer, traced, verified_client):
    case, run = traced
    client = verified_client(officer)
    page = client.get(reverse("investigations:requests", args=[case.reference]))
    assert page.status_code == 200
    assert "Ask North Macedonia" in page.content.decode()
    response = client.post(
        reverse("investigations:requests", args=[case.reference]),
        {"target": "exit:tx-mk", "request_type": WC21, "trace": run.pk},
    )
    link = CaseRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cooperation:edit", args=[link.coop_request.reference])
    listed = client.get(reverse("investigations:requests", args=[case.reference])).content.decode()
    assert link.coop_request.reference in listed
    assert "Draft" in listed


def test_trace_page_offers_to_ask_the_party(officer, traced, verified_client):
    case, run = traced
    page = verified_client(officer).get(reverse("investigations:trace", args=[case.reference, run.pk]))
    assert page.status_code == 200
    assert "Ask North Macedonia" in page.content.decode()


def test_refused_on_the_page_with_a_message(officer, traced, verified_client):
    case, run = traced
    response = verified_client(officer).post(
        reverse("investigations:requests", args=[case.reference]),
        {"target": "exit:tx-rs", "request_type": WC21, "trace": run.pk},
    )
    assert response.status_code == 200
    assert "This account is in your own Party" in response.content.decode()
    assert CaseRequest.objects.count() == 0


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_get_the_same_404(persona, request, traced, verified_client):
    case, run = traced
    user = request.getfixturevalue(persona)
    client = verified_client(user)
    url = reverse("investigations:requests", args=[case.reference])
    missing = reverse("investigations:requests", args=["NO-SUCH-CASE"])
    assert client.get(url).status_code == 404
    assert client.get(missing).status_code == 404
    assert client.post(url, {"target": "exit:tx-mk", "request_type": WC21}).status_code == 404
    assert client.get(reverse("investigations:trace", args=[case.reference, run.pk])).status_code == 404
    assert CaseRequest.objects.count() == 0


def test_demo_case_has_a_wc21_request_to_north_macedonia_and_a_confirmed_finding(db):
    # given the demo users and the request catalogue
    seed_demo()
    catalogue_load_file(path=SHIPPED_FILE, actor=SYSTEM)
    # when the demo case is seeded (twice)
    case = seed_investigations_demo()
    seed_investigations_demo()
    # then one WC21 draft asks North Macedonia about the Skopje account, and the mule chain is confirmed
    link = CaseRequest.objects.get(case=case)
    coop = link.coop_request
    assert (coop.request_type.code, coop.requested_party.code, coop.status) == (WC21, "MK", "draft")
    assert coop.values["property"]["ibans"] == [IBAN_MK]
    assert list(case.findings.values_list("kind", "decision")) == [("pass-through", "confirmed")]


def test_a_reader_sees_the_page_without_actions_and_may_not_post(
    officer, colleague, supervisor, traced, verified_client
):
    # given a colleague on the team as a reader
    case, run = traced
    services.member_add(case=case, actor=supervisor, user=colleague, role=CaseRole.READER)
    client = verified_client(colleague)
    url = reverse("investigations:requests", args=[case.reference])
    # when they open the page and try to draft
    page = client.get(url).content.decode()
    refused = client.post(url, {"target": "exit:tx-mk", "request_type": WC21, "trace": run.pk})
    # then the accounts are listed without the action, and drafting is forbidden
    assert IBAN_MK in page
    assert "Ask North Macedonia" not in page
    assert refused.status_code == 403
    assert CaseRequest.objects.count() == 0


def test_the_request_page_links_back_to_the_case_for_its_team_only(
    officer, colleague, traced, skopje, verified_client
):
    # given a WC21 drafted from the case's exit to Skopje; the officer is on the case's team, the
    # colleague of the same unit is not
    case, run = traced
    link = case_request_draft(case=case, actor=officer, target_key="exit:tx-mk", type_code=WC21, run=run)
    coop = link.coop_request
    page = reverse("cooperation:detail", args=[coop.reference])
    case_link = f'href="{reverse("investigations:detail", args=[case.reference])}"'
    # when each opens the request page
    for_officer = verified_client(officer).get(page)
    for_colleague = verified_client(colleague).get(page)
    # then the officer sees the case it was drafted from, the colleague the request without it
    assert for_officer.status_code == for_colleague.status_code == 200
    assert case_link in for_officer.content.decode()
    assert f"{case.reference} · {case.title}" in for_officer.content.decode()
    assert case_link not in for_colleague.content.decode()
    assert "<dt>Investigation case</dt>" not in for_colleague.content.decode()
