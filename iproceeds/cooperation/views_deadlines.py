"""The one-click continuations of a preservation: request an extension, send the follow-up MLA request."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.decorators import otp_required

from iproceeds.cooperation import selectors
from iproceeds.cooperation.services import follow_ups


def _continue(request: HttpRequest, reference: str, service: Callable[..., object]) -> HttpResponse:
    preservation = selectors.get_request_for_user(user=request.user, reference=reference)
    try:
        draft = service(actor=request.user, preservation=preservation)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("cooperation:detail", reference=preservation.reference)
    messages.success(request, _("Draft %(reference)s ready: check it and send it.") % {"reference": draft})
    return redirect("cooperation:edit", reference=str(draft))


@require_POST
@otp_required
def preservation_extend(request: HttpRequest, reference: str) -> HttpResponse:
    """Create (or reopen) the draft extension of an executed preservation and open it."""
    return _continue(request, reference, follow_ups.preservation_extension_draft)


@require_POST
@otp_required
def preservation_follow_up(request: HttpRequest, reference: str) -> HttpResponse:
    """Create (or reopen) the draft follow-up MLA request of an executed preservation and open it."""
    return _continue(request, reference, follow_ups.preservation_follow_up_draft)
