"""The schedule per victim for the court: XLSX and PDF, exact to the cent, downloads audited."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from iproceeds.audit.models import AuditEvent
from iproceeds.investigations import schedules
from iproceeds.investigations.tests.factories import make_case, make_victim
from iproceeds.investigations.tests.test_statements import _import
from iproceeds.investigations.tests.test_tracing import PAYMENT
from iproceeds.investigations.tracing import trace_run

LT = "LT121000011101001000"


@pytest.fixture
def run(officer):
    case = make_case(officer)
    _import(case, officer)
    victim = make_victim(case, officer, amount="6000.00")
    return trace_run(case=case, actor=officer, method="libr", currency="EUR", payments={PAYMENT: victim.pk})


def _cents(value):
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _download(client, run, kind, index=1):
    url = reverse("investigations:trace_schedule", args=[run.case.reference, run.pk, index, kind])
    return client.get(url)


def test_xlsx_holds_the_header_summary_and_steps_to_the_cent(officer, verified_client, run):
    # when the officer downloads the victim's schedule as XLSX
    response = _download(verified_client(officer), run, "xlsx")
    assert (
        response["Content-Disposition"] == f'attachment; filename="FI-2026-0001-trace-{run.pk}-victim-1.xlsx"'
    )
    book = load_workbook(io.BytesIO(response.content))
    summary, steps = book.worksheets
    rows = [tuple(c.value for c in row[:2]) for row in summary.iter_rows()]
    # then the header names the case, the victim, the method, the inputs' hash and the library version
    header = dict(rows[:8])
    assert header["Case"] == "FI-2026-0001"
    assert header["Victim"] == "Demo Victim One"
    assert header["Method relied on"].startswith("libr: lowest intermediate balance")
    assert header["SHA-256 of the inputs"] == run.inputs_sha256
    assert header["moneytrace version"] == run.library_version
    # and where the money is and went, exact to the cent, adds up to the loss
    money = [(label, _cents(value)) for label, value in rows[10:]]
    assert money == [
        (f"held by {LT}", Decimal("1450.00")),
        (
            "left 2025-03-10 to DE77100100100123456789 (DE, PBNKDEFFXXX) [tx-9c07021c9283ae29]",
            Decimal("2550.00"),
        ),
        ("left 2025-03-12 to cash or unknown [tx-2d636a4d1d3915b4]", Decimal("2000.00")),
        ("traced in total", Decimal("6000.00")),
    ]
    # and the steps are the reference engine's, one row each
    step_rows = [[c.value for c in row] for row in steps.iter_rows(min_row=2)]
    assert [(r[1], r[2], _cents(r[3]), _cents(r[4]), _cents(r[5])) for r in step_rows] == [
        ("tx-d4f8c5feff76b798", LT, Decimal("0.00"), Decimal("6000.00"), Decimal("6000.00")),
        ("tx-9c07021c9283ae29", LT, Decimal("6000.00"), Decimal("3450.00"), Decimal("-2550.00")),
        ("tx-2d636a4d1d3915b4", LT, Decimal("3450.00"), Decimal("1450.00"), Decimal("-2000.00")),
    ]
    assert [r[7] for r in step_rows] == ["bank_b.mt940:5", "bank_b.mt940:9", "bank_b.mt940:11"]


def test_pdf_text_has_the_schedule(officer, verified_client, run):
    response = _download(verified_client(officer), run, "pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in (
        "Schedule of traced money",
        "FI-2026-0001",
        "Demo Victim One",
        "libr: lowest intermediate balance",
        run.inputs_sha256,
        run.library_version,
        "traced in total",
        "6000.00",
        "1450.00",
        "-2550.00",
        "tx-2d636a4d1d3915b4",
    ):
        assert expected in text, expected


def test_downloads_are_audited(officer, verified_client, run):
    client = verified_client(officer)
    _download(client, run, "xlsx")
    _download(client, run, "pdf")
    events = AuditEvent.objects.filter(action="investigations.schedule.downloaded").order_by("seq")
    assert [(e.after["format"], e.after["victim"], e.after["inputs_sha256"]) for e in events] == [
        ("xlsx", "Demo Victim One", run.inputs_sha256),
        ("pdf", "Demo Victim One", run.inputs_sha256),
    ]


def test_outsiders_get_the_same_404_and_nothing_is_recorded(officer, foreign_officer, verified_client, run):
    events = AuditEvent.objects.count()
    outsider = _download(verified_client(foreign_officer), run, "pdf")
    own = verified_client(officer)
    assert outsider.status_code == 404
    assert _download(own, run, "pdf", index=2).status_code == 404
    assert _download(own, run, "docx").status_code == 404
    assert (
        own.get(
            reverse("investigations:trace_schedule", args=[run.case.reference, 999, 1, "pdf"])
        ).status_code
        == 404
    )
    assert AuditEvent.objects.count() == events


def test_capped_amounts_appear_in_the_summary(officer):
    # given a poison trace, where the victim's money is capped at the loss
    case = make_case(officer)
    _import(case, officer)
    victim = make_victim(case, officer, amount="6000.00")
    run = trace_run(case=case, actor=officer, method="poison", currency="EUR", payments={PAYMENT: victim.pk})
    schedule = schedules.build_schedule(run, "Demo Victim One")
    # then the lines add up to the traced total
    assert schedule.summary[-1][1] == sum(amount for _label, amount in schedule.summary[:-1])
