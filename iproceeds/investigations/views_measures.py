"""Measures, restitution and exchange-rate pages (thin: access helpers, forms, one service, render)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_otp.decorators import otp_required
from moneytrace.money import format_amount

from iproceeds.investigations import forms_measures as f
from iproceeds.investigations import measures, selectors
from iproceeds.investigations.models import ExchangeRate, InvestigationCase
from iproceeds.investigations.permissions import can_edit_case
from iproceeds.investigations.rates import can_load_rates, rates_load
from iproceeds.investigations.restitution import recovered_available, restitution_distribute
from iproceeds.investigations.views import _route_errors

STEPS: dict[str, tuple[Any, Any]] = {
    "identify": (f.IdentifyForm, measures.measure_identify),
    "restrain": (f.RestrainForm, measures.measure_restrain),
    "renew": (f.RenewForm, measures.measure_renew),
    "confiscate": (f.ConfiscateForm, measures.measure_confiscate),
    "dispose": (f.DisposeForm, measures.measure_dispose),
}


def _run(form: Any, service: Any, **arguments: Any) -> bool:
    """Call the service with the valid form's data; False (errors on the form) when refused."""
    if not form.is_valid():
        return False
    try:
        service(**arguments, **form.cleaned_data)
    except ValidationError as exc:
        _route_errors(form, exc)
        return False
    return True


def _posted(request: HttpRequest, case: InvestigationCase, names: Any) -> str | None:
    """The name of the posted form, after checking that the user may change the case."""
    if request.method != "POST":
        return None
    posted = request.POST.get("form")
    if posted not in names or not can_edit_case(case, request.user):
        raise PermissionDenied
    return posted


@otp_required
def measure_list(request: HttpRequest, reference: str) -> HttpResponse:
    """The case's measures and the forms for each step."""
    case = selectors.get_case_for_user(reference=reference, user=request.user, audit=request.method == "GET")
    posted = _posted(request, case, STEPS)
    built = {
        name: form_class(request.POST if name == posted else None, prefix=name, case=case)
        for name, (form_class, _service) in STEPS.items()
    }
    if posted is not None:
        arguments = {"case": case} if posted == "identify" else {}
        if _run(built[posted], STEPS[posted][1], actor=request.user, **arguments):
            messages.success(request, _("The measure is recorded."))
            return redirect("investigations:measures", reference=case.reference)
    context = {
        "case": case,
        "forms": built,
        "measures": case.measures.select_related("bank_account", "wallet", "asset"),
        "can_edit": can_edit_case(case, request.user),
    }
    return render(request, "investigations/measures.html", context)


@otp_required
def restitution_list(request: HttpRequest, reference: str) -> HttpResponse:
    """What was recovered and is left, the distributions with each victim's share, and the form."""
    case = selectors.get_case_for_user(reference=reference, user=request.user, audit=request.method == "GET")
    posted = _posted(request, case, {"restitution"})
    form = f.RestitutionForm(request.POST if posted else None, case=case)
    if posted and _run(form, restitution_distribute, case=case, actor=request.user):
        messages.success(request, _("The recovered money is distributed to the victims."))
        return redirect("investigations:restitution", reference=case.reference)
    available = recovered_available(case=case)
    context = {
        "case": case,
        "form": form,
        "available": [(c, format_amount(available[c], c)) for c in sorted(available)],
        "restitutions": case.restitutions.prefetch_related("shares__victim"),
        "can_edit": can_edit_case(case, request.user),
    }
    return render(request, "investigations/restitution.html", context)


@otp_required
def exchange_rates(request: HttpRequest) -> HttpResponse:
    """The secretariat's page to load exchange rates from a file and see the latest ones."""
    if not can_load_rates(request.user):
        raise PermissionDenied
    form = f.RatesForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = rates_load(data=form.cleaned_data["file"].read(), actor=request.user)
        except ValidationError as exc:
            _route_errors(form, exc)
        else:
            messages.success(request, _("%(count)s exchange rates loaded.") % {"count": count})
            return redirect("investigations:exchange_rates")
    context = {"form": form, "rates": ExchangeRate.objects.all()[:200]}
    return render(request, "investigations/exchange_rates.html", context)
