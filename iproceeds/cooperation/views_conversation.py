"""Pages of a request's conversation: post a message, download an attachment, accept the conditions."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.decorators import otp_required

from iproceeds.cooperation import crypto, selectors, selectors_conversation
from iproceeds.cooperation.choices import RequestStatus
from iproceeds.cooperation.conditions import SECTION as CONDITIONS
from iproceeds.cooperation.conditions import conditions_of, must_accept_conditions
from iproceeds.cooperation.filetypes import allowed_extensions
from iproceeds.cooperation.forms_conversation import MessageForm
from iproceeds.cooperation.lifecycle import side_of
from iproceeds.cooperation.models import CooperationRequest
from iproceeds.cooperation.permissions import WRITER_ROLES
from iproceeds.cooperation.services import conversation as services
from iproceeds.cooperation.values import catalogue_fields


def _labelled_conditions(coop_request: CooperationRequest, texts: dict[str, str]) -> list[tuple[str, str]]:
    if not texts:  # most requests set none: no need to read the catalogue
        return []
    fields = [f for _s, f in catalogue_fields(coop_request.request_type, section=CONDITIONS)]
    labels = {field.key: field.label for field in fields}
    return [(labels.get(key, key), text) for key, text in texts.items()]


def conversation_context(
    request: HttpRequest, coop_request: CooperationRequest, message_form: MessageForm | None = None
) -> dict[str, Any]:
    """What the request page needs for the conditions gate and the conversation."""
    user = request.user
    started = coop_request.status != RequestStatus.DRAFT
    conditions = conditions_of(coop_request)
    # the acceptances shown are read once, and tell whether the user's organisation still must accept
    acceptances = (
        list(selectors_conversation.acceptances_of(coop_request=coop_request))
        if started and conditions
        else []
    )
    gate = must_accept_conditions(
        user=user, coop_request=coop_request, acceptances=acceptances if started else None
    )
    side = side_of(user, coop_request)
    may_post = (
        started and not gate and bool(side) and getattr(user, "role", None) in WRITER_ROLES
        and coop_request.status != RequestStatus.CLOSED
    )  # fmt: skip
    return {
        "conditions_gate": gate,
        "may_accept_conditions": gate and getattr(user, "role", None) in WRITER_ROLES,
        "conditions": _labelled_conditions(coop_request, conditions),
        "acceptances": acceptances,
        "conversation_shown": started and not gate,
        "conversation": selectors_conversation.messages_of(coop_request=coop_request)
        if started and not gate
        else [],
        "message_form": (message_form or MessageForm()) if may_post else None,
        "attachment_max_bytes": settings.COOPERATION_ATTACHMENT_MAX_BYTES,
        "attachment_extensions": ", ".join(allowed_extensions()),
    }


def _back(coop_request: CooperationRequest, anchor: str = "conversation") -> HttpResponse:
    return redirect(reverse("cooperation:detail", args=[coop_request.reference]) + f"#{anchor}")


@require_POST
@otp_required
def message_post(request: HttpRequest, reference: str) -> HttpResponse:
    """Send a message with files; refusals are shown on the form, naming the field or file."""
    from iproceeds.cooperation.views import _detail  # the request page imports this module

    coop_request = selectors.get_request_for_user(user=request.user, reference=reference)
    form = MessageForm(request.POST, request.FILES)
    form.is_valid()
    try:
        services.message_post(
            actor=request.user, coop_request=coop_request, body=form.cleaned_data.get("body", ""),
            files=form.cleaned_data.get("attachments", []),
        )  # fmt: skip
    except ValidationError as exc:
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
        return _detail(request, coop_request, [], status=400, message_form=form)
    messages.success(request, _("Message sent."))
    return _back(coop_request)


@otp_required
def attachment_download(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """An attachment, decrypted, as a download of its stored type; audited."""
    attachment = selectors_conversation.get_attachment_for_user(user=request.user, reference=reference, pk=pk)
    try:
        data = services.attachment_read(actor=request.user, attachment=attachment)
    except crypto.AttachmentDecryptionError:
        messages.error(
            request,
            _("%(file)s could not be opened: it failed its integrity check (it may have been altered). "
              "The attempt was recorded; tell your administrator.") % {"file": attachment.filename},
        )  # fmt: skip
        return _back(attachment.message.coop_request)
    response = HttpResponse(data, content_type=attachment.content_type)
    ascii_name = attachment.filename.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(attachment.filename, safe='')}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@otp_required
def conditions_accept(request: HttpRequest, reference: str) -> HttpResponse:
    """The receiving organisation accepts the request's conditions; the content is shown afterwards."""
    coop_request = selectors.get_request_for_user(user=request.user, reference=reference)
    acceptance = services.conditions_accept(actor=request.user, coop_request=coop_request)
    messages.success(
        request,
        _("Conditions accepted on behalf of %(organisation)s.") % {"organisation": acceptance.authority},
    )
    return _back(coop_request, "conditions")
