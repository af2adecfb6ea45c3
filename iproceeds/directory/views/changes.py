"""Changing the directory from its pages: confirming entries (edits go through the same services)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iproceeds.directory import selectors, services

_GETTERS = {
    "authority": selectors.get_authority_for_user,
    "contact": selectors.get_contact_for_user,
    "provider": selectors.get_provider_for_user,
}


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("directory:stale")


@login_required
@require_POST
def entry_confirm(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Confirm that an authority, contact or provider is current; a refusal says why."""
    entry = _GETTERS[kind](user=request.user, pk=pk)
    try:
        services.entry_confirm(actor=request.user, instance=entry)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("You may not confirm this entry."))
        return HttpResponseRedirect(_back(request))
    messages.success(request, _("Confirmed: %(entry)s.") % {"entry": entry})
    return HttpResponseRedirect(_back(request))
