"""Exports: FollowTheMoney JSON lines and an XLSX workbook of the case, members only, downloads audited."""

import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from iproceeds.accounts.demo import seed_demo
from iproceeds.accounts.models import User
from iproceeds.audit.models import AuditEvent
from iproceeds.investigations.demo import seed_investigations_demo
from iproceeds.investigations.exports import case_export
from iproceeds.investigations.tests.factories import make_case

OUTSIDERS = ["colleague", "foreign_officer", "supervisor", "secretariat"]
SHEETS = [
    "case",
    "victims",
    "subjects",
    "accounts",
    "wallets",
    "assets",
    "transactions",
    "traces",
    "measures",
    "restitutions",
    "findings",
]


@pytest.fixture
def demo(db):
    """The demo case (statements, trace, measures, restitution), and its officer."""
    seed_demo()
    return seed_investigations_demo(), User.objects.get(username="officer.rs")


def _entities(data):
    return [json.loads(line) for line in data.decode().splitlines()]


def test_ftm_has_ledger_payments_and_the_case_people_linked(demo):
    # given the demo case
    case, officer = demo
    # when it is exported as FollowTheMoney entities
    entities = _entities(case_export(case=case, actor=officer, fmt="ftm"))
    by_schema = {}
    for entity in entities:
        by_schema.setdefault(entity["schema"], []).append(entity)
    # then every transaction is a Payment, the mule a Person owning account A, victims Persons, ids unique
    assert len(by_schema["Payment"]) == case.transactions.count()
    assert len({e["id"] for e in entities}) == len(entities)
    names = {e["properties"]["name"][0] for e in by_schema["Person"]}
    assert {"Max Example", "Ana Example", "Ben Example", "Vesna Primerić"} <= names
    mule = next(e for e in by_schema["Person"] if e["properties"]["name"] == ["Max Example"])
    account_a = next(
        e for e in by_schema["BankAccount"] if e["properties"].get("iban") == ["DE62370400440532013001"]
    )
    assert any(
        o["properties"] == {"owner": [mule["id"]], "asset": [account_a["id"]]} for o in by_schema["Ownership"]
    )
    skopje = [e for e in by_schema["BankAccount"] if e["properties"].get("iban") == ["MK07250120000058984"]]
    assert skopje[0]["properties"]["country"] == ["mk"]
    wallet = by_schema["CryptoWallet"][0]
    assert wallet["properties"]["holder"] == [mule["id"]]
    assert set(by_schema) <= {
        "Payment",
        "BankAccount",
        "CryptoWallet",
        "LegalEntity",
        "Person",
        "Company",
        "Ownership",
    }
    assert AuditEvent.objects.get(action="investigations.case.exported").after["format"] == "ftm"


def test_xlsx_has_every_sheet_with_numbers_and_currencies(demo):
    case, officer = demo
    book = load_workbook(io.BytesIO(case_export(case=case, actor=officer, fmt="xlsx")))
    assert book.sheetnames == SHEETS
    victims = list(book["victims"].values)
    assert victims[0] == ("name", "kind", "account", "amount", "currency")
    assert victims[1] == ("Ana Example", "person", None, 4800, "EUR")
    transactions = list(book["transactions"].values)
    assert len(transactions) == case.transactions.count() + 1
    measures = {row[1]: row for row in list(book["measures"].values)[1:]}
    assert measures["MK07250120000058984"][4] == 61500
    assert measures["MK07250120000058984"][7] == "MKD"
    shares = [(row[2], Decimal(str(row[3])), row[4]) for row in list(book["restitutions"].values)[1:]]
    assert shares == [
        ("Ana Example", Decimal("818.82"), "EUR"),
        ("Ben Example", Decimal("426.47"), "EUR"),
        ("Vesna Primerić", Decimal("204.71"), "EUR"),
    ]
    traces = list(book["traces"].values)[1:]
    assert traces[0][2:5] == ("holding", "Ana Example", "DE62370400440532013001")
    assert AuditEvent.objects.get(action="investigations.case.exported").after["format"] == "xlsx"


def test_downloads_for_members(demo, verified_client):
    case, officer = demo
    client = verified_client(officer)
    xlsx = client.get(reverse("investigations:export_xlsx", args=[case.reference]))
    ftm = client.get(reverse("investigations:export_ftm", args=[case.reference]))
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"] == 'attachment; filename="DEMO-FI-2026-001.xlsx"'
    assert load_workbook(io.BytesIO(xlsx.content)).sheetnames == SHEETS
    assert ftm["Content-Type"] == "application/x-ndjson"
    assert all(entity["id"] for entity in _entities(ftm.content))
    assert AuditEvent.objects.filter(action="investigations.case.exported").count() == 2


@pytest.mark.parametrize("persona", OUTSIDERS)
@pytest.mark.parametrize("name", ["export_xlsx", "export_ftm"])
def test_outsiders_get_the_same_404(persona, name, request, officer, verified_client):
    case = make_case(officer)
    client = verified_client(request.getfixturevalue(persona))
    assert client.get(reverse(f"investigations:{name}", args=[case.reference])).status_code == 404
    assert client.get(reverse(f"investigations:{name}", args=["NO-SUCH-CASE"])).status_code == 404
    assert AuditEvent.objects.filter(action="investigations.case.exported").count() == 0
