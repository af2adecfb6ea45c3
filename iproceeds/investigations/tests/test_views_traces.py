"""Trace pages: run with a declared method, read the result per victim; outsiders get 404."""

from datetime import datetime

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime

from iproceeds.investigations.models import TraceRun
from iproceeds.investigations.tests.factories import make_case, make_victim
from iproceeds.investigations.tests.test_statements import _import
from iproceeds.investigations.tests.test_tracing import PAYMENT


def test_run_and_read_a_trace(officer, verified_client):
    # given a case with the example MT940 and a victim
    case = make_case(officer)
    _import(case, officer)
    victim = make_victim(case, officer, amount="6000.00")
    client = verified_client(officer)
    url = reverse("investigations:traces", args=[case.reference])
    # when the officer runs a LIBR trace with the victim's payment
    response = client.post(url, {"method": "libr", "currency": "EUR", f"victim_{victim.pk}": [PAYMENT]})
    # then the trace is stored and its page shows the victim's loss and where the money went
    run = TraceRun.objects.get()
    assert response.url == reverse("investigations:trace", args=[case.reference, run.pk])
    body = client.get(response.url).content.decode()
    assert "Demo Victim One" in body
    assert run.inputs_sha256 in body
    # and each exit's moment is shown in the reader's format, the ISO text only in the machine attribute
    first_exit = run.result["exits"][0]["timestamp"]
    shown = date_format(localtime(datetime.fromisoformat(first_exit)), "DATETIME_FORMAT")
    assert f'<time datetime="{first_exit}">{shown}</time>' in body
    assert body.count(first_exit) == 1


def test_trace_without_payments_is_refused(officer, verified_client):
    case = make_case(officer)
    _import(case, officer)
    make_victim(case, officer)
    url = reverse("investigations:traces", args=[case.reference])
    response = verified_client(officer).post(url, {"method": "libr", "currency": "EUR"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert TraceRun.objects.count() == 0


def test_trace_pages_are_404_for_outsiders(officer, foreign_officer, verified_client):
    case = make_case(officer)
    response = verified_client(foreign_officer).get(reverse("investigations:traces", args=[case.reference]))
    assert response.status_code == 404
