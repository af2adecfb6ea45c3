"""Patterns in the case: run the search with shown parameters, review findings with their evidence (thin)."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.decorators import otp_required
from moneytrace.patterns import PatternParams

from iproceeds.investigations import patterns, selectors
from iproceeds.investigations.models import PatternFinding
from iproceeds.investigations.permissions import can_edit_case
from iproceeds.investigations.views import _route_errors

_DEFAULTS = PatternParams()


class ParamsForm(forms.Form):
    """Every simple threshold of the search, defaulted to moneytrace's values (durations in hours)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in dataclasses.fields(PatternParams):
            value = getattr(_DEFAULTS, item.name)
            if isinstance(value, timedelta):
                field: forms.Field = forms.DecimalField(
                    min_value=Decimal("0.01"), initial=value.total_seconds() / 3600, label=f"{item.name} (h)"
                )
            elif isinstance(value, (bool, dict)) or value is None:
                continue
            elif isinstance(value, int):
                field = forms.IntegerField(min_value=1, initial=value, label=item.name)
            else:
                field = forms.DecimalField(min_value=Decimal(0), initial=value, label=item.name)
            self.fields[item.name] = field

    def params(self) -> PatternParams:
        """The parameters as moneytrace takes them."""
        changes: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            default = getattr(_DEFAULTS, name)
            if isinstance(default, timedelta):
                changes[name] = timedelta(hours=float(value))
            elif isinstance(default, float):
                changes[name] = float(value)
            else:
                changes[name] = value
        return dataclasses.replace(_DEFAULTS, **changes)


class DecisionForm(forms.Form):
    """Confirm or dismiss, with the reason."""

    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            (PatternFinding.Decision.CONFIRMED, gettext_lazy("Confirm")),
            (PatternFinding.Decision.DISMISSED, gettext_lazy("Dismiss")),
        ],
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


@otp_required
def pattern_list(request: HttpRequest, reference: str) -> HttpResponse:
    """The findings with their evidence, and the form that runs the search."""
    case = selectors.get_case_for_user(reference=reference, user=request.user, audit=request.method == "GET")
    form = ParamsForm(request.POST or None)
    if request.method == "POST":
        if not can_edit_case(case, request.user):
            raise PermissionDenied
        if form.is_valid():
            try:
                found = patterns.patterns_run(case=case, actor=request.user, params=form.params())
                messages.success(request, _("Patterns searched: %(count)s findings.") % {"count": len(found)})
                return redirect("investigations:patterns", reference=case.reference)
            except ValidationError as exc:
                _route_errors(form, exc)
    findings = list(PatternFinding.objects.filter(case=case).select_related("decided_by"))
    evidence_ids = {tx_id for finding in findings for tx_id in finding.evidence}
    transactions = {t.tx_id: t for t in case.transactions.filter(tx_id__in=evidence_ids)}
    rows = [
        (f, [transactions.get(tx_id) or tx_id for tx_id in f.evidence], DecisionForm(prefix=f"f{f.pk}"))
        for f in findings
    ]
    context = {"case": case, "form": form, "rows": rows, "can_edit": can_edit_case(case, request.user)}
    return render(request, "investigations/patterns.html", context)


@otp_required
def finding_decide(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """Confirm or dismiss one finding with a reason."""
    case = selectors.get_case_for_user(reference=reference, user=request.user, audit=False)
    finding = PatternFinding.objects.filter(case=case, pk=pk).first()
    if finding is None or request.method != "POST":
        raise Http404
    if not can_edit_case(case, request.user):
        raise PermissionDenied
    form = DecisionForm(request.POST, prefix=f"f{finding.pk}")
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose to confirm or to dismiss the finding."))
        patterns.finding_decide(finding=finding, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Decision recorded."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("investigations:patterns", reference=case.reference)
