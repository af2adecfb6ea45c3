"""Linked requests of a case, and "ask Party X" for money held in or left to another Party (thin)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_otp.decorators import otp_required

from iproceeds.investigations import requests as case_requests_service
from iproceeds.investigations import selectors
from iproceeds.investigations.models import CaseRequest, InvestigationCase, TraceRun
from iproceeds.investigations.permissions import can_edit_case


def _run(case: InvestigationCase, raw: str | None) -> TraceRun | None:
    """The trace named in the request (a trace of this case), else the latest one."""
    if raw:
        run = case.traces.filter(pk=int(raw)).first() if raw.isdigit() else None
        if run is None:
            raise Http404
        return run
    return case.traces.first()


def _ask(request: HttpRequest, case: InvestigationCase, run: TraceRun | None) -> HttpResponse | None:
    """Draft the request for the posted target; the draft's page when done, None (message) if refused."""
    if not can_edit_case(case, request.user):
        raise PermissionDenied
    try:
        link = case_requests_service.case_request_draft(
            case=case,
            actor=request.user,
            run=run,
            target_key=request.POST.get("target", ""),
            type_code=request.POST.get("request_type", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return None
    messages.success(request, _("Draft request made from the case: review it, then send it."))
    return redirect("cooperation:edit", reference=link.coop_request.reference)


@otp_required
def case_requests(request: HttpRequest, reference: str) -> HttpResponse:
    """The requests drafted from the case with their live status, and the accounts abroad to ask about."""
    case = selectors.get_case_for_user(reference=reference, user=request.user, audit=request.method == "GET")
    run = _run(case, request.POST.get("trace") or request.GET.get("trace"))
    if request.method == "POST":
        done = _ask(request, case, run)
        if done is not None:
            return done
    context = {
        "case": case,
        "run": run,
        "links": CaseRequest.objects.filter(case=case).select_related(
            "coop_request__request_type", "coop_request__requested_party"
        ),
        "targets": case_requests_service.targets_for(case=case, run=run),
        "types": case_requests_service.request_type_choices(),
        "can_edit": can_edit_case(case, request.user),
    }
    return render(request, "investigations/requests.html", context)
