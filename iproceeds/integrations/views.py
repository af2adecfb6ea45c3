"""Pages: an organisation's webhook endpoints (administrators), a user's calendar feed, and the feed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_otp.decorators import otp_required

from iproceeds.integrations import calendar, selectors, services
from iproceeds.integrations.forms import WebhookEndpointForm
from iproceeds.integrations.models import WebhookEndpoint
from iproceeds.integrations.permissions import can_manage_webhooks


def _require_admin(request: HttpRequest) -> None:
    if not can_manage_webhooks(request.user):
        raise PermissionDenied


def _no_store(response: HttpResponse) -> HttpResponse:
    """A page showing a secret: no browser or proxy may keep a copy."""
    patch_cache_control(response, no_store=True, private=True)
    return response


@otp_required
def webhook_list(request: HttpRequest) -> HttpResponse:
    """The organisation's endpoints; on POST register one and show its secret this once."""
    _require_admin(request)
    form = WebhookEndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint, secret = services.webhook_endpoint_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return _no_store(_detail(request, endpoint, new_secret=secret))
    endpoints = selectors.endpoints_for_admin(user=request.user)
    status = 400 if request.method == "POST" else 200
    context = {"endpoints": endpoints, "form": form}
    return render(request, "integrations/webhook_list.html", context, status=status)


def _detail(request: HttpRequest, endpoint: WebhookEndpoint, **extra: Any) -> HttpResponse:
    context = {"endpoint": endpoint, "deliveries": selectors.recent_deliveries(endpoint=endpoint), **extra}
    return render(request, "integrations/webhook_detail.html", context)


@otp_required
def webhook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One endpoint of the organisation, with its recent deliveries."""
    _require_admin(request)
    return _detail(request, selectors.get_endpoint_for_admin(user=request.user, pk=pk))


@require_POST
@otp_required
def webhook_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    """Disable the endpoint (deliveries wait) or enable it again."""
    _require_admin(request)
    endpoint = selectors.get_endpoint_for_admin(user=request.user, pk=pk)
    active = request.POST.get("active") == "1"
    services.webhook_endpoint_set_active(actor=request.user, endpoint=endpoint, active=active)
    messages.success(request, _("The endpoint is enabled.") if active else _("The endpoint is disabled."))
    return redirect("integrations:webhook_detail", pk=endpoint.pk)


@require_POST
@otp_required
def webhook_rotate(request: HttpRequest, pk: int) -> HttpResponse:
    """Give the endpoint a new signing secret and show it this once."""
    _require_admin(request)
    endpoint = selectors.get_endpoint_for_admin(user=request.user, pk=pk)
    secret = services.webhook_endpoint_rotate_secret(actor=request.user, endpoint=endpoint)
    return _no_store(_detail(request, endpoint, new_secret=secret))


def _feed_page(request: HttpRequest, **extra: Any) -> HttpResponse:
    context = {"feed": selectors.calendar_feed_of(user=request.user), **extra}
    return render(request, "integrations/calendar_feed.html", context)


@otp_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    """The user's calendar feed: whether it exists, create a new address, revoke it."""
    return _feed_page(request)


@require_POST
@otp_required
def calendar_create(request: HttpRequest) -> HttpResponse:
    """Create (or replace) the user's secret feed address and show it this once."""
    token = services.calendar_feed_create(actor=request.user)
    url = request.build_absolute_uri(reverse("integrations:calendar_feed", args=[token]))
    return _no_store(_feed_page(request, new_url=url))


@require_POST
@otp_required
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    """Revoke the user's feed address: calendar apps get 404 from now on."""
    if services.calendar_feed_revoke(actor=request.user):
        messages.success(request, _("The calendar address is revoked."))
    return redirect("integrations:calendar")


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself, for calendar apps (which cannot sign in): the secret address is the key."""
    feed = selectors.feed_for_token(token=token)
    body = calendar.deadline_feed(user=feed.user, base_url=request.build_absolute_uri("/"))
    services.calendar_feed_touch(feed=feed)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="deadlines.ics"'
    patch_cache_control(response, private=True, no_store=True)
    return response
