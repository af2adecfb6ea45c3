"""Measures, restitution and exchange-rate pages: the access matrix, a step through the form, refusals."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from iproceeds.audit.models import AuditEvent
from iproceeds.investigations import measures, services
from iproceeds.investigations.choices import CaseRole, MeasureStage
from iproceeds.investigations.models import ExchangeRate, Measure, Restitution
from iproceeds.investigations.tests.factories import IBAN_MK, make_case, make_victim
from iproceeds.investigations.tests.test_restitution import _confiscated
from iproceeds.investigations.tests.test_views import _stable

PAGES = ["measures", "restitution"]
OUTSIDERS = [
    "colleague",
    "supervisor",
    "org_admin",
    "foreign_officer",
    "foreign_admin",
    "secretariat",
    "auditor",
]


def _url(page, reference):
    return reverse(f"investigations:{page}", args=[reference])


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    ("persona", "role", "status"),
    [("officer", None, 200), ("colleague", CaseRole.READER, 200), ("colleague", CaseRole.ANALYST, 200)]
    + [(persona, None, 404) for persona in OUTSIDERS],
)
def test_access_matrix(page, persona, role, status, request, officer, supervisor, verified_client):
    # given a case of the officer, and the colleague on the team when a role is given
    case = make_case(officer)
    if role is not None:
        services.member_add(case=case, actor=supervisor, user=request.getfixturevalue(persona), role=role)
    client = verified_client(request.getfixturevalue(persona))
    # when they open the page, and the same page of a case that does not exist
    response = client.get(_url(page, case.reference))
    absent = client.get(_url(page, "FI-0000-NONE"))
    # then members see it, everybody else gets the same 404 as for the absent case
    assert (response.status_code, absent.status_code) == (status, 404)
    if status == 404:
        assert _stable(response) == _stable(absent)


@pytest.mark.parametrize("persona", ["foreign_officer", "colleague"])
def test_a_non_member_post_changes_nothing(persona, request, officer, verified_client):
    case = make_case(officer)
    account = services.bank_account_add(case=case, actor=officer, iban=IBAN_MK, currency="MKD")
    events = AuditEvent.objects.count()
    data = {
        "form": "identify",
        "identify-target": f"account-{account.pk}",
        "identify-amount": "10",
        "identify-currency": "MKD",
    }
    response = verified_client(request.getfixturevalue(persona)).post(_url("measures", case.reference), data)
    assert response.status_code == 404
    assert Measure.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_a_reader_may_not_post(officer, colleague, supervisor, verified_client):
    case = make_case(officer)
    services.member_add(case=case, actor=supervisor, user=colleague, role=CaseRole.READER)
    response = verified_client(colleague).post(_url("restitution", case.reference), {"form": "restitution"})
    assert response.status_code == 403
    assert Restitution.objects.count() == 0


def test_identify_then_freeze_through_the_page(officer, verified_client):
    # given a case with an MKD account
    case = make_case(officer)
    account = services.bank_account_add(case=case, actor=officer, iban=IBAN_MK, currency="MKD")
    client = verified_client(officer)
    # when the officer identifies it, then freezes it
    identify = {
        "form": "identify",
        "identify-target": f"account-{account.pk}",
        "identify-amount": "50000.00",
        "identify-currency": "MKD",
    }
    assert client.post(_url("measures", case.reference), identify).status_code == 302
    measure = Measure.objects.get()
    fields = {
        "measure": measure.pk, "kind": "frozen", "amount": "50000.00", "currency": "MKD",
        "legal_basis": "ETS 198 Art 21", "order_reference": "FO-1", "order_authority": "Demo court",
        "restrained_on": "2026-03-20", "expires_on": "2026-09-20",
    }  # fmt: skip
    freeze = {"form": "restrain"} | {f"restrain-{k}": v for k, v in fields.items()}
    assert client.post(_url("measures", case.reference), freeze).status_code == 302
    # then it is frozen and the page shows the order
    measure.refresh_from_db()
    assert (measure.stage, measure.restrained_minor, measure.expires_on) == (
        "frozen",
        5000000,
        date(2026, 9, 20),
    )
    assert "FO-1 — Demo court" in client.get(_url("measures", case.reference)).content.decode()


def test_a_freeze_without_currency_is_refused_on_the_field(officer, verified_client):
    case = make_case(officer)
    account = services.bank_account_add(case=case, actor=officer, iban=IBAN_MK, currency="MKD")
    measure = measures.measure_identify(
        case=case, actor=officer, target=account, amount=Decimal("1"), currency="MKD"
    )
    events = AuditEvent.objects.count()
    data = {
        "form": "restrain",
        "restrain-measure": measure.pk,
        "restrain-kind": "frozen",
        "restrain-amount": "1",
    }
    response = verified_client(officer).post(_url("measures", case.reference), data)
    assert response.status_code == 200
    assert response.context["forms"]["restrain"].errors["currency"] == ["Give the currency of the amount."]
    assert Measure.objects.get().stage == MeasureStage.IDENTIFIED
    assert AuditEvent.objects.count() == events


def test_restitution_through_the_page_and_refused_beyond_what_was_recovered(officer, verified_client):
    # given three victims and 100.00 EUR confiscated
    case = make_case(officer)
    for n in (1, 2, 3):
        make_victim(case, officer, name=f"Victim {n}", amount="100.00")
    _confiscated(case, officer)
    client = verified_client(officer)
    data = {"form": "restitution", "amount": "100.01", "currency": "EUR", "decided_on": "2026-06-01"}
    # when more than was recovered is distributed, then it is refused on the amount
    refused = client.post(_url("restitution", case.reference), data)
    assert refused.context["form"].errors["amount"] == ["Only 100.00 EUR recovered is left to distribute."]
    assert Restitution.objects.count() == 0
    # when 100.00 is distributed, then the page shows each share
    assert client.post(_url("restitution", case.reference), data | {"amount": "100.00"}).status_code == 302
    page = client.get(_url("restitution", case.reference)).content.decode()
    assert page.count("33.33") == 2
    assert page.count("33.34") == 1


@pytest.mark.parametrize(("persona", "status"), [("secretariat", 200), ("officer", 403), ("org_admin", 403)])
def test_rates_page_is_for_the_secretariat(persona, status, request, verified_client):
    response = verified_client(request.getfixturevalue(persona)).get(reverse("investigations:exchange_rates"))
    assert response.status_code == status


def test_rates_page_loads_a_file_and_names_bad_rows(secretariat, verified_client):
    client = verified_client(secretariat)
    url = reverse("investigations:exchange_rates")
    bad = b"date,currency,rate_per_eur\n2026-03-02,MKD,61.5\n2026-03-02,RSD,zero\n"
    response = client.post(url, {"file": SimpleUploadedFile("rates.csv", bad)})
    assert response.context["form"].errors["file"] == [
        "row 2, field 'rate_per_eur': not a positive number with at most 8 decimals"
    ]
    assert ExchangeRate.objects.count() == 0
    good = b"date,currency,rate_per_eur\n2026-03-02,MKD,61.5\n"
    assert client.post(url, {"file": SimpleUploadedFile("rates.csv", good)}).status_code == 302
    assert ExchangeRate.objects.count() == 1


def test_the_case_list_links_the_rates_page_for_the_secretariat_only(officer, secretariat, verified_client):
    url, link = reverse("investigations:list"), reverse("investigations:exchange_rates")
    assert link in verified_client(secretariat).get(url).content.decode()
    assert link not in verified_client(officer).get(url).content.decode()
