"""Traces: method declared and recorded, inputs hashed, refusals store nothing."""

import pytest
from django.core.exceptions import ValidationError

from iproceeds.audit.models import AuditEvent
from iproceeds.investigations.models import TraceRun
from iproceeds.investigations.tests.factories import make_case, make_victim
from iproceeds.investigations.tests.test_statements import _import
from iproceeds.investigations.tracing import trace_run

PAYMENT = "tx-d4f8c5feff76b798"  # the 6000.00 EUR credit of the example MT940


@pytest.fixture
def traced_case(officer):
    case = make_case(officer)
    _import(case, officer)
    victim = make_victim(case, officer, amount="6000.00")
    return case, victim


def test_trace_records_method_inputs_hash_and_version(officer, traced_case):
    # given a case with a statement and a victim's payment
    case, victim = traced_case
    # when a lowest-intermediate-balance trace is run twice
    first = trace_run(case=case, actor=officer, method="libr", currency="EUR", payments={PAYMENT: victim.pk})
    second = trace_run(case=case, actor=officer, method="libr", currency="EUR", payments={PAYMENT: victim.pk})
    # then the method, the version and the same inputs hash are recorded, and the result accounts for the loss
    assert (first.method, len(first.inputs_sha256)) == ("libr", 64)
    assert first.inputs_sha256 == second.inputs_sha256
    assert first.library_version
    assert first.result["losses"] == {"Demo Victim One": "6000.00"}
    assert AuditEvent.objects.filter(action="investigations.trace.completed").count() == 2


def test_other_method_other_hash(officer, traced_case):
    case, victim = traced_case
    libr = trace_run(case=case, actor=officer, method="libr", currency="EUR", payments={PAYMENT: victim.pk})
    fifo = trace_run(case=case, actor=officer, method="fifo", currency="EUR", payments={PAYMENT: victim.pk})
    assert libr.inputs_sha256 != fifo.inputs_sha256


@pytest.mark.parametrize(
    ("method", "payments", "field"),
    [
        ("best-for-us", {PAYMENT: 0}, "method"),
        ("libr", {}, "victims"),
        ("libr", {"tx-unknown": 0}, "victims"),
    ],
)
def test_bad_trace_is_refused_and_stores_nothing(officer, traced_case, method, payments, field):
    case, victim = traced_case
    events = AuditEvent.objects.count()
    payments = dict.fromkeys(payments, victim.pk)
    with pytest.raises(ValidationError) as refused:
        trace_run(case=case, actor=officer, method=method, currency="EUR", payments=payments)
    assert field in refused.value.message_dict
    assert TraceRun.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_trace_on_an_empty_ledger_is_refused(officer):
    case = make_case(officer)
    victim = make_victim(case, officer)
    with pytest.raises(ValidationError):
        trace_run(case=case, actor=officer, method="libr", currency="EUR", payments={PAYMENT: victim.pk})
    assert TraceRun.objects.count() == 0
