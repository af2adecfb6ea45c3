"""Case pages: who sees them, what they show, and what a refused form leaves behind."""

import re

import pytest
from django.urls import reverse

from iproceeds.audit.models import AuditEvent
from iproceeds.investigations import services
from iproceeds.investigations.choices import CaseRole
from iproceeds.investigations.models import BankAccount, CaseMember, InvestigationCase, Victim
from iproceeds.investigations.tests.factories import IBAN_MK, make_case, make_victim

OUTSIDERS = ["colleague", "foreign_officer", "secretariat", "auditor"]
PAGES = ["detail", "victims", "subjects", "accounts", "assets"]


def _stable(response):
    """The page without its per-response tokens (CSRF, CSP nonce), to compare two 404 pages."""
    return re.sub(r'(value|nonce)="[^"]*"', "", response.content.decode())


def _url(page, reference):
    if page == "detail":
        return reverse("investigations:detail", args=[reference])
    return reverse("investigations:section", args=[reference, page])


def test_overview_shows_losses_per_victim_and_totals_by_currency(officer, verified_client):
    # given a case with two euro victims and one dinar victim
    case = make_case(officer)
    make_victim(case, officer, name="Demo Victim One", amount="1000.00")
    make_victim(case, officer, name="Demo Victim Two", amount="250.50")
    make_victim(case, officer, name="Demo Victim Three", amount="90000.00", currency="RSD")
    # when the officer opens the overview
    response = verified_client(officer).get(_url("detail", case.reference))
    # then it shows each loss, the exact total per currency, and RSD's EUR value needs a rate
    body = response.content.decode()
    assert response.status_code == 200
    for shown in ("Demo Victim Two", "250.50", "1250.50", "90000.00"):
        assert shown in body
    assert "no exchange rate loaded" in body
    assert AuditEvent.objects.filter(action="investigations.investigationcase.viewed").count() == 1


@pytest.mark.parametrize("persona", OUTSIDERS)
@pytest.mark.parametrize("page", PAGES)
def test_case_pages_are_404_for_non_members_and_absent_cases(
    persona, page, request, officer, verified_client
):
    # given a case and a user not on its team
    case = make_case(officer)
    client = verified_client(request.getfixturevalue(persona))
    # when they open a page of the case, or of a case that does not exist
    forbidden = client.get(_url(page, case.reference))
    absent = client.get(_url(page, "FI-0000-NONE"))
    # then both are the same 404
    assert (forbidden.status_code, absent.status_code) == (404, 404)
    assert _stable(forbidden) == _stable(absent)


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_non_member_post_changes_nothing(persona, request, officer, verified_client):
    # given a case and a user not on its team
    case = make_case(officer)
    events = AuditEvent.objects.count()
    client = verified_client(request.getfixturevalue(persona))
    # when they post a victim
    data = {
        "form": "victim",
        "victim-name": "X",
        "victim-kind": "person",
        "victim-amount": "10",
        "victim-currency": "EUR",
    }
    response = client.post(_url("victims", case.reference), data)
    # then 404, nothing stored, nothing audited
    assert response.status_code == 404
    assert Victim.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_case_list_shows_only_my_cases(officer, colleague, verified_client):
    # given a case of the officer and one of the colleague
    make_case(officer)
    make_case(colleague, reference="FI-2026-0099", title="Colleague's own case")
    # when the officer lists cases
    body = verified_client(officer).get(reverse("investigations:list")).content.decode()
    # then only their case is listed
    assert "FI-2026-0001" in body
    assert "FI-2026-0099" not in body


def test_create_case_through_the_form(officer, verified_client):
    # given the officer signed in
    client = verified_client(officer)
    data = {
        "reference": "FI-2026-0007",
        "title": "Demo phishing ring",
        "criminal_case_numbers": "KT-1/26\n\nKT-2/26\n",
        "offence_types": ["computer_fraud", "money_laundering"],
        "parallel_cybercrime": "on",
    }
    # when they open a case
    response = client.post(reverse("investigations:create"), data)
    # then it exists and they land on its overview
    case = InvestigationCase.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("investigations:detail", args=["FI-2026-0007"])
    assert case.criminal_case_numbers == ["KT-1/26", "KT-2/26"]
    assert case.offence_types == ["computer_fraud", "money_laundering"]


def test_create_case_refused_for_a_bad_reference(officer, verified_client):
    # given a reference with a slash
    data = {"reference": "FI/1", "title": "T", "offence_types": ["computer_fraud"]}
    # when posted
    response = verified_client(officer).post(reverse("investigations:create"), data)
    # then the form names the field and nothing is stored
    assert response.status_code == 200
    assert "reference" in response.context["form"].errors
    assert InvestigationCase.objects.count() == 0


@pytest.mark.parametrize("persona", ["secretariat", "auditor"])
def test_create_case_forbidden_for_non_investigators(persona, request, verified_client):
    response = verified_client(request.getfixturevalue(persona)).get(reverse("investigations:create"))
    assert response.status_code == 403


def test_add_victim_and_refuse_bad_currency(officer, verified_client):
    # given a case
    case = make_case(officer)
    client = verified_client(officer)
    url = _url("victims", case.reference)
    # when a victim is posted with three decimals in euro
    bad = {
        "form": "victim",
        "victim-name": "V",
        "victim-kind": "person",
        "victim-amount": "10.001",
        "victim-currency": "EUR",
    }
    refused = client.post(url, bad)
    # then the amount field carries the refusal and nothing is stored
    assert refused.status_code == 200
    assert "amount" in refused.context["forms"]["victim"].errors
    assert Victim.objects.count() == 0
    # when a correct victim is posted, then it is stored
    good = bad | {"victim-amount": "10.00"}
    assert client.post(url, good).status_code == 302
    assert Victim.objects.get().amount_minor == 1000


def test_add_bank_account_refuses_an_invalid_iban(officer, verified_client):
    # given a case
    case = make_case(officer)
    client = verified_client(officer)
    url = _url("accounts", case.reference)
    data = {
        "form": "bank_account",
        "bank_account-iban": "MK07250120000058985",
        "bank_account-currency": "MKD",
    }
    # when an IBAN with a wrong check digit is posted
    response = client.post(url, data)
    # then the IBAN field says so and nothing is stored
    assert "iban" in response.context["forms"]["bank_account"].errors
    assert BankAccount.objects.count() == 0
    # when it is corrected, then it is stored
    assert client.post(url, data | {"bank_account-iban": IBAN_MK}).status_code == 302
    assert BankAccount.objects.get().iban == IBAN_MK


def test_reader_sees_no_add_form_and_may_not_post(officer, colleague, supervisor, verified_client):
    # given the colleague is a reader
    case = make_case(officer)
    services.member_add(case=case, actor=supervisor, user=colleague, role=CaseRole.READER)
    client = verified_client(colleague)
    # then the page shows no form, and a post is forbidden
    assert 'name="form"' not in client.get(_url("assets", case.reference)).content.decode()
    data = {
        "form": "asset",
        "asset-kind": "vehicle",
        "asset-description": "Car",
        "asset-amount": "1",
        "asset-currency": "EUR",
    }
    assert client.post(_url("assets", case.reference), data).status_code == 403


def test_supervisor_adds_a_member_on_the_team_page(officer, colleague, supervisor, verified_client):
    # given a case of the officer
    case = make_case(officer)
    client = verified_client(supervisor)
    url = reverse("investigations:team", args=[case.reference])
    # when the supervisor adds the colleague
    response = client.post(url, {"user": colleague.pk, "role": CaseRole.ANALYST})
    # then the colleague is on the team, and the supervisor still cannot read the case itself
    assert response.status_code == 302
    assert CaseMember.objects.filter(case=case, user=colleague, role=CaseRole.ANALYST).exists()
    assert client.get(_url("detail", case.reference)).status_code == 404


def test_team_page_is_404_for_a_foreign_officer(officer, foreign_officer, verified_client):
    case = make_case(officer)
    response = verified_client(foreign_officer).get(reverse("investigations:team", args=[case.reference]))
    assert response.status_code == 404
