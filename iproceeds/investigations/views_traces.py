"""Trace pages: declare the method and the victims' payments, run, read holdings and exits (thin)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django_otp.decorators import otp_required
from moneytrace.methods.common import METHODS
from moneytrace.money import format_amount, parse_amount

from iproceeds.investigations import flow, schedules, selectors, tracing
from iproceeds.investigations.models import InvestigationCase, TraceRun
from iproceeds.investigations.permissions import can_edit_case
from iproceeds.investigations.views import _route_errors

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


class TraceForm(forms.Form):
    """The method relied on (declared before running) and each victim's payments."""

    def __init__(self, *args: Any, case: InvestigationCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        currencies = sorted(set(case.transactions.values_list("currency", flat=True)))
        self.fields["method"] = forms.ChoiceField(
            label=_("Method relied on"), choices=[(m, m) for m in METHODS]
        )
        self.fields["currency"] = forms.ChoiceField(label=_("Currency"), choices=[(c, c) for c in currencies])
        self.fields["compare"] = forms.BooleanField(
            label=_("Also run the other methods on the same inputs, to compare them side by side"),
            required=False,
        )
        credits = [
            (t.tx_id, f"{t.timestamp:%Y-%m-%d} {t.amount_display} {t.currency} → {t.to_account}")
            for t in case.transactions.all()
        ]
        self.victims = list(case.victims.all())
        for victim in self.victims:
            self.fields[f"victim_{victim.pk}"] = forms.MultipleChoiceField(
                label=victim.name, choices=credits, required=False, widget=forms.CheckboxSelectMultiple
            )

    def payments(self) -> dict[str, int]:
        """Transaction id -> victim id; a payment chosen for two victims is refused."""
        chosen: dict[str, int] = {}
        for victim in self.victims:
            for tx_id in self.cleaned_data[f"victim_{victim.pk}"]:
                if tx_id in chosen:
                    raise ValidationError({f"victim_{victim.pk}": _("A payment belongs to one victim only.")})
                chosen[tx_id] = victim.pk
        return chosen


@otp_required
def trace_list(request: HttpRequest, reference: str) -> HttpResponse:
    """The case's traces and the form to run a new one."""
    case = selectors.get_case_for_user(reference=reference, user=request.user, audit=request.method == "GET")
    form = TraceForm(request.POST or None, case=case)
    if request.method == "POST":
        if not can_edit_case(case, request.user):
            raise PermissionDenied
        if form.is_valid():
            try:
                run = tracing.trace_run(
                    case=case,
                    actor=request.user,
                    method=form.cleaned_data["method"],
                    currency=form.cleaned_data["currency"],
                    payments=form.payments(),
                    compare=form.cleaned_data["compare"],
                )
                return redirect("investigations:trace", reference=case.reference, pk=run.pk)
            except ValidationError as exc:
                _route_errors(form, exc)
    context = {
        "case": case,
        "form": form,
        "traces": case.traces.all(),
        "can_edit": can_edit_case(case, request.user),
    }
    return render(request, "investigations/traces.html", context)


def _case_trace(request: HttpRequest, reference: str, pk: int, *, audit: bool = True) -> tuple[Any, TraceRun]:
    """A trace of a case the user is a member of; the same 404 for anything else."""
    case = selectors.get_case_for_user(reference=reference, user=request.user, audit=audit)
    run = case.traces.filter(pk=pk).first()
    if run is None:
        raise Http404
    return case, run


def _comparison(run: TraceRun, victim: str) -> list[dict[str, Any]]:
    """Per method, the victim's money held (per account) and left (per destination) with the totals,
    the declared method marked."""
    currency = run.result["currency"]
    rows = []
    comparison = run.result.get("comparison", {})
    # In METHODS' order: PostgreSQL's jsonb does not keep the order of keys.
    for method, found in ((m, comparison[m]) for m in METHODS if m in comparison):
        held = _summed(
            currency, ((r["account"], r["amount"]) for r in found["holdings"] if r["victim"] == victim)
        )
        left = _summed(currency, ((_where(r), r["amount"]) for r in found["exits"] if r["victim"] == victim))
        rows.append(
            {
                "method": method,
                "declared": method == run.method,
                "holdings": {key: format_amount(value, currency) for key, value in held.items()},
                "exits": {key: format_amount(value, currency) for key, value in left.items()},
                "held_total": format_amount(sum(held.values()), currency),
                "left_total": format_amount(sum(left.values()), currency),
            }
        )
    return rows


def _where(row: dict[str, Any]) -> str:
    name = row.get("to_account") or str(_("cash or unknown"))
    return f"{name} ({row['counterparty_country']})" if row.get("counterparty_country") else name


def _summed(currency: str, pairs: Any) -> dict[str, int]:
    """Amounts (decimal strings) summed per key in minor units, keys in first-seen order."""
    sums: dict[str, int] = {}
    for key, amount in pairs:
        sums[key] = sums.get(key, 0) + parse_amount(amount, currency)
    return sums


def _readable(row: dict[str, Any]) -> dict[str, Any]:
    """A result row with its moment as an aware datetime (the result keeps ISO 8601 text), so the
    page shows it in the reader's zone and format."""
    if "timestamp" not in row:
        return row
    return row | {"at": datetime.fromisoformat(row["timestamp"])}


@otp_required
def trace_detail(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """Per victim, where the money is now and where it left, under the declared method: tables, a flow
    diagram, the schedules to download and, when asked for, the other methods beside it."""
    case, run = _case_trace(request, reference, pk)
    exit_ids = [row["transaction_id"] for row in run.result["exits"]]
    exit_from = dict(case.transactions.filter(tx_id__in=exit_ids).values_list("tx_id", "from_account"))
    per_victim = {
        name: {"loss": loss, "holdings": [], "exits": []} for name, loss in run.result["losses"].items()
    }
    for kind in ("holdings", "exits"):
        for row in run.result[kind]:
            if row["victim"] in per_victim:
                per_victim[row["victim"]][kind].append(_readable(row))
    for index, name in enumerate(schedules.victims_of(run), start=1):
        per_victim[name] |= {
            "index": index,
            "svg": flow.sankey_svg(run.result, name, exit_from),
            "comparison": _comparison(run, name),
        }
    return render(
        request, "investigations/trace_detail.html", {"case": case, "run": run, "per_victim": per_victim}
    )


@otp_required
def schedule_download(request: HttpRequest, reference: str, pk: int, index: int, kind: str) -> HttpResponse:
    """One victim's schedule as XLSX or PDF (members only, the same 404 otherwise)."""
    case, run = _case_trace(request, reference, pk, audit=False)
    victims = schedules.victims_of(run)
    if kind not in CONTENT_TYPES or not 1 <= index <= len(victims):
        raise Http404
    document = schedules.schedule_download(run=run, victim=victims[index - 1], kind=kind, actor=request.user)
    response = HttpResponse(document, content_type=CONTENT_TYPES[kind])
    name = f"{case.reference}-trace-{run.pk}-victim-{index}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
