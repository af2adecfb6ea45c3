"""All methods side by side: the same inputs, each method's result equal to its own trace."""

import pytest
from django.urls import reverse
from moneytrace.methods.common import METHODS

from iproceeds.audit.models import AuditEvent
from iproceeds.investigations.tests.factories import make_case, make_victim
from iproceeds.investigations.tests.test_statements import _import
from iproceeds.investigations.tests.test_tracing import PAYMENT
from iproceeds.investigations.tracing import trace_run


@pytest.fixture
def traced_case(officer):
    case = make_case(officer)
    _import(case, officer)
    return case, make_victim(case, officer, amount="6000.00")


@pytest.fixture
def compared(officer, traced_case):
    case, victim = traced_case
    run = trace_run(
        case=case, actor=officer, method="libr", currency="EUR", payments={PAYMENT: victim.pk}, compare=True
    )
    return case, victim, run


def test_comparison_equals_the_individual_traces(officer, compared):
    # given a LIBR trace run with the comparison
    case, victim, run = compared
    # then every method is there, and each equals the trace run with that method alone
    assert sorted(run.result["comparison"]) == sorted(METHODS)
    for method in METHODS:
        alone = trace_run(
            case=case, actor=officer, method=method, currency="EUR", payments={PAYMENT: victim.pk}
        )
        for key in ("holdings", "exits", "losses", "capped"):
            assert run.result["comparison"][method][key] == alone.result[key], (method, key)


def test_declared_method_stays_the_one_relied_on(compared):
    _case, _victim, run = compared
    assert run.method == "libr"
    assert run.result["holdings"] == run.result["comparison"]["libr"]["holdings"]
    event = AuditEvent.objects.filter(action="investigations.trace.completed").get()
    assert (event.after["method"], event.after["compared"]) == ("libr", True)


def test_differences_between_methods_are_exact(compared):
    # the example MT940: 6000.00 of the victim, 150.00 + 800.00 clean, 3500.00 and 2000.00 paid out
    _case, _victim, run = compared
    held = {m: run.result["comparison"][m]["holdings"][0]["amount"] for m in METHODS}
    assert held == {
        "fifo": "650.00",
        "lifo": "1300.00",
        "libr": "1450.00",
        "prorata": "1251.80",
        "poison": "1251.80",
        "dirty-first": "500.00",
    }


def test_without_comparison_nothing_else_is_run(officer, traced_case):
    case, victim = traced_case
    run = trace_run(case=case, actor=officer, method="fifo", currency="EUR", payments={PAYMENT: victim.pk})
    assert "comparison" not in run.result


def test_page_shows_the_methods_side_by_side_with_the_declared_one_marked(
    officer, verified_client, traced_case
):
    # given the officer runs a trace with the comparison from the page
    case, victim = traced_case
    client = verified_client(officer)
    url = reverse("investigations:traces", args=[case.reference])
    posted = client.post(
        url, {"method": "lifo", "currency": "EUR", "compare": "on", f"victim_{victim.pk}": [PAYMENT]}
    )
    # then the result page has one row per method, the declared one marked
    page = client.get(posted.url)
    rows = page.context["per_victim"]["Demo Victim One"]["comparison"]
    assert [(r["method"], r["declared"]) for r in rows] == [(m, m == "lifo") for m in METHODS]
    body = page.content.decode()
    assert "<strong>lifo · declared, relied on</strong>" in body
    assert "LT121000011101001000: 1300.00" in body
    lifo = rows[1]
    assert (lifo["holdings"], lifo["held_total"], lifo["left_total"]) == (
        {"LT121000011101001000": "1300.00"},
        "1300.00",
        "4700.00",
    )
    assert lifo["exits"] == {"DE77100100100123456789 (DE)": "2700.00", "cash or unknown": "2000.00"}
