"""Reads for the integration pages: an organisation's endpoints, their deliveries, a feed's owner."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from iproceeds.api.tokens import hash_token
from iproceeds.integrations.models import CalendarFeedToken, WebhookDelivery, WebhookEndpoint
from iproceeds.integrations.permissions import can_manage_webhooks


def endpoints_for_admin(*, user: Any) -> QuerySet[WebhookEndpoint]:
    """The endpoints of the administrator's own organisation (none for anyone else)."""
    if not can_manage_webhooks(user):
        return WebhookEndpoint.objects.none()
    return WebhookEndpoint.objects.filter(authority_id=user.authority_id).order_by("-is_active", "id")


def get_endpoint_for_admin(*, user: Any, pk: int | str) -> WebhookEndpoint:
    """One endpoint of the administrator's organisation; the same 404 for a missing and another's."""
    endpoint = endpoints_for_admin(user=user).filter(pk=pk).first() if str(pk).isdigit() else None
    if endpoint is None:
        raise Http404
    return endpoint


def recent_deliveries(*, endpoint: WebhookEndpoint, limit: int = 50) -> list[WebhookDelivery]:
    """The endpoint's latest deliveries, newest first."""
    return list(endpoint.deliveries.order_by("-created_at", "-id")[:limit])


def calendar_feed_of(*, user: Any) -> CalendarFeedToken | None:
    """The user's calendar feed address record, if there is one."""
    return CalendarFeedToken.objects.filter(user=user).first()


def feed_for_token(*, token: str) -> CalendarFeedToken:
    """The feed a secret address belongs to; 404 for unknown, revoked, or a deactivated user's."""
    feed = CalendarFeedToken.objects.select_related("user").filter(token_hash=hash_token(token)).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    return feed
