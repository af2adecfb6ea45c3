"""Pages for drafting, reading and sending cooperation requests (thin: forms, services, render)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.decorators import otp_required

from iproceeds.audit.services import record_view
from iproceeds.cooperation import pdf, selectors
from iproceeds.cooperation.display import shown_sections
from iproceeds.cooperation.duplicates import duplicate_requests
from iproceeds.cooperation.forms import ContentForm, HeaderForm, content_initial, prefilled_values
from iproceeds.cooperation.lifecycle import side_of, steps_for
from iproceeds.cooperation.models import CooperationRequest, RequestType, Transition
from iproceeds.cooperation.permissions import WRITER_ROLES, can_draft, can_edit
from iproceeds.cooperation.services import lifecycle as lifecycle_services
from iproceeds.cooperation.services import requests as services
from iproceeds.cooperation.values import catalogue_fields, field_name
from iproceeds.cooperation.views_conversation import conversation_context


@otp_required
def request_type_choose(request: HttpRequest) -> HttpResponse:
    """The catalogue's request types, to start a draft."""
    if not can_draft(request.user):
        raise PermissionDenied
    types = RequestType.objects.filter(is_active=True)
    return render(request, "cooperation/request_type_choose.html", {"types": types})


def _route_errors(exc: ValidationError, header: HeaderForm, content: ContentForm) -> None:
    """Put a service refusal on the form field it names, or on the form as a whole."""
    if not hasattr(exc, "error_dict"):
        header.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form = header if name in header.fields else content if name in content.fields else None
        if form is None:
            header.add_error(None, errors)
        else:
            form.add_error(name, errors)


def _save(
    request: HttpRequest, header: HeaderForm, content: ContentForm, draft: CooperationRequest | None
) -> Any:
    """Call the create or update service with the forms' data; None when it refused."""
    if not (header.is_valid() and content.is_valid()):
        return None
    arguments = {
        "actor": request.user,
        "requested_party": header.cleaned_data["requested_party"],
        "requested_authority": header.cleaned_data["requested_authority"],
        "urgency": header.cleaned_data["urgency"],
        "values": content.values(),
    }
    try:
        if draft is None:
            return services.request_create_draft(request_type=content.request_type, **arguments)
        return services.request_update_draft(coop_request=draft, **arguments)
    except ValidationError as exc:
        _route_errors(exc, header, content)
        return None


def _draft_page(request: HttpRequest, rtype: RequestType, draft: CooperationRequest | None) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        header = HeaderForm(request.POST, request_type=rtype, user=user)
        content = ContentForm(request.POST, request_type=rtype)
        saved = _save(request, header, content, draft)
        if saved is not None:
            messages.success(request, _("Draft %(reference)s saved.") % {"reference": saved.reference})
            return redirect("cooperation:detail", reference=saved.reference)
    elif draft is None:
        header = HeaderForm(request_type=rtype, user=user, initial={"urgency": rtype.urgency_options[0]})
        content = ContentForm(request_type=rtype, initial=content_initial(prefilled_values(rtype, user)))
    else:
        initial = {
            "requested_party": draft.requested_party_id,
            "requested_authority": draft.requested_authority_id,
            "urgency": draft.urgency,
        }
        header = HeaderForm(request_type=rtype, user=user, initial=initial)
        content = ContentForm(request_type=rtype, initial=content_initial(draft.values))
    context = {"request_type": rtype, "header": header, "content": content, "draft": draft}
    return render(request, "cooperation/request_form.html", context)


@otp_required
def request_create(request: HttpRequest, code: str) -> HttpResponse:
    """A new draft of one request type, its requesting side filled from the directory and profile."""
    if not can_draft(request.user):
        raise PermissionDenied
    rtype = RequestType.objects.filter(code=code, is_active=True).first()
    if rtype is None:
        raise Http404
    return _draft_page(request, rtype, None)


@otp_required
def request_edit(request: HttpRequest, reference: str) -> HttpResponse:
    """Change a draft."""
    coop_request = selectors.get_request_for_user(user=request.user, reference=reference)
    if not (coop_request.is_draft and can_edit(request.user, coop_request)):
        raise PermissionDenied
    return _draft_page(request, coop_request.request_type, coop_request)


def _detail(
    request: HttpRequest,
    coop_request: CooperationRequest,
    submit_errors: list[str],
    status: int = 200,
    message_form: Any = None,
) -> HttpResponse:
    user = request.user
    conversation = conversation_context(request, coop_request, message_form)
    side = side_of(user, coop_request) if getattr(user, "role", None) in WRITER_ROLES else ""
    # the timeline, read once for the page and for the deadlines panel (deadlines_of reads it too)
    timeline = Transition.objects.select_related("actor", "actor_authority__party").order_by(
        "coop_request_id",
        "at",
        "pk",  # the Meta ordering, without its join to the request
    )
    prefetch_related_objects([coop_request], Prefetch("transitions", queryset=timeline))
    context = {
        "coop_request": coop_request,
        "steps": steps_for(side, coop_request.status),
        "timeline": coop_request.transitions.all(),
        "today": timezone.localdate().isoformat(),
        # receivers who have conditions to accept see them instead of the content
        "sections": [] if conversation["conditions_gate"] else shown_sections(coop_request),
        "may_edit": coop_request.is_draft and can_edit(user, coop_request),
        "warnings": selectors.request_warnings(coop_request=coop_request) if coop_request.is_draft else [],
        "duplicates": (
            duplicate_requests(user=user, coop_request=coop_request) if coop_request.is_draft else None
        ),
        "pdf_languages": pdf.language_choices(coop_request),
        "submit_errors": submit_errors,
    } | conversation
    return render(
        request, "cooperation/request_detail.html", context, status=400 if submit_errors else status
    )


@otp_required
def request_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """One request: its parties, status and content, with the send button for a draft."""
    # its author's language chooses the formal document's languages (pdf.language_choices)
    coop_request = selectors.get_request_for_user(
        user=request.user, reference=reference, related=("created_by",)
    )
    record_view(actor=request.user, target=coop_request, action="cooperation.request.viewed")
    return _detail(request, coop_request, [])


@require_POST
@otp_required
def request_submit(request: HttpRequest, reference: str) -> HttpResponse:
    """Send a draft; refusals are listed on the request page."""
    coop_request = selectors.get_request_for_user(user=request.user, reference=reference)
    try:
        services.request_submit(
            actor=request.user, coop_request=coop_request,
            warnings_confirmed=request.POST.get("warnings_confirmed") == "on",
        )  # fmt: skip
    except ValidationError as exc:
        coop_request.refresh_from_db()
        return _detail(request, coop_request, _messages_of(exc, coop_request.request_type))
    messages.success(request, _("Request %(reference)s sent.") % {"reference": coop_request.reference})
    return redirect("cooperation:detail", reference=coop_request.reference)


def _messages_of(exc: ValidationError, rtype: RequestType) -> list[str]:
    """Every refusal message, prefixed with the label of the field it names."""
    if not hasattr(exc, "error_dict"):
        return list(exc.messages)
    labels = {field_name(s, f): f"{s.label} › {f.label}" for s, f in catalogue_fields(rtype)}
    labels |= {name: str(field.label) for name, field in HeaderForm.base_fields.items()}
    labels["warnings_confirmed"] = _("Warnings")
    return [f"{labels.get(name, name)}: {message}" if name != "__all__" else message
            for name, errors in exc.message_dict.items() for message in errors]  # fmt: skip


def _date_or_none(text: str) -> date | None:
    """A YYYY-MM-DD date, or None for empty or malformed input (the service then names the field)."""
    try:
        return parse_date(text.strip()) if text.strip() else None
    except ValueError:
        return None


@require_POST
@otp_required
def request_step(request: HttpRequest, reference: str) -> HttpResponse:
    """Make one lifecycle step (acknowledge, execute, refuse...); refusals are listed on the request page."""
    coop_request = selectors.get_request_for_user(user=request.user, reference=reference)
    time_limit = (
        parse_date(request.POST.get("time_limit", "") or "") if request.POST.get("time_limit") else None
    )
    try:
        lifecycle_services.request_transition(
            actor=request.user, coop_request=coop_request, action=request.POST.get("action", ""),
            reason=request.POST.get("reason", ""), time_limit=time_limit,
        )  # fmt: skip
    except ValidationError as exc:
        coop_request.refresh_from_db()
        labels = {"reason": str(_("Reasons")), "time_limit": str(_("Time limit")), "action": str(_("Action"))}
        errors = [f"{labels.get(name, name)}: {m}" for name, ms in exc.message_dict.items() for m in ms]
        return _detail(request, coop_request, errors)
    messages.success(request, _("Request %(reference)s updated.") % {"reference": coop_request.reference})
    return redirect("cooperation:detail", reference=coop_request.reference)


@otp_required
def receipt_download(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """A receipt as a JSON document, for either side; the download is audited."""
    coop_request = selectors.get_request_for_user(user=request.user, reference=reference)
    entry = (
        Transition.objects.select_related("actor", "actor_authority__party")
        .filter(coop_request=coop_request, pk=pk)
        .first()
    )
    if entry is None or not entry.receipt_kind:
        raise Http404
    document = lifecycle_services.receipt_document(entry=entry, actor=request.user)
    response = JsonResponse(document, json_dumps_params={"indent": 2, "ensure_ascii": False})
    filename = f"{coop_request.reference}-{entry.receipt_kind}-{entry.pk}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
