"""Webhook endpoints (create, enable/disable, rotate), emitting events to them, and calendar feed tokens."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iproceeds.api.tokens import hash_token
from iproceeds.audit import services as audit
from iproceeds.integrations import scans
from iproceeds.integrations.models import CalendarFeedToken, WebhookDelivery, WebhookEndpoint
from iproceeds.integrations.permissions import can_manage_webhooks


def new_secret() -> str:
    """A fresh signing secret (256 bits)."""
    return "whsec_" + secrets.token_urlsafe(32)


def _require_admin_of(actor: Any, endpoint: WebhookEndpoint | None = None) -> None:
    if not can_manage_webhooks(actor) or (
        endpoint is not None and endpoint.authority_id != actor.authority_id
    ):
        raise PermissionDenied(_("Only your organisation's administrators manage its webhooks."))


def _snapshot(endpoint: WebhookEndpoint) -> dict[str, Any]:
    """What the audit trail keeps of an endpoint (never its secret)."""
    return {"url": endpoint.url, "events": endpoint.events, "is_active": endpoint.is_active}


def webhook_endpoint_create(
    *, actor: Any, url: str, events: Iterable[str], description: str = ""
) -> tuple[WebhookEndpoint, str]:
    """Register an endpoint of the actor's organisation; returns it and its secret (shown only now)."""
    _require_admin_of(actor)
    secret = new_secret()
    endpoint = WebhookEndpoint(
        authority_id=actor.authority_id, url=url, events=list(events), description=description,
        created_by=actor,
    )  # fmt: skip
    endpoint.set_secret(secret)
    endpoint.full_clean()
    with transaction.atomic():
        endpoint.save(force_insert=True)
        audit.record(action="integrations.webhook.created", actor=actor, target=endpoint,
                     after=_snapshot(endpoint))  # fmt: skip
    return endpoint, secret


def webhook_endpoint_set_active(*, actor: Any, endpoint: WebhookEndpoint, active: bool) -> WebhookEndpoint:
    """Disable an endpoint (its pending deliveries wait) or enable it again; a no-op writes nothing."""
    _require_admin_of(actor, endpoint)
    if endpoint.is_active == active:
        return endpoint
    with transaction.atomic():
        endpoint.is_active = active
        endpoint.save(update_fields=["is_active"])
        action = "integrations.webhook.enabled" if active else "integrations.webhook.disabled"
        audit.record(action=action, actor=actor, target=endpoint, before={"is_active": not active},
                     after={"is_active": active})  # fmt: skip
    return endpoint


def webhook_endpoint_rotate_secret(*, actor: Any, endpoint: WebhookEndpoint) -> str:
    """Replace the signing secret; returns the new one (shown only now)."""
    _require_admin_of(actor, endpoint)
    secret = new_secret()
    with transaction.atomic():
        endpoint.set_secret(secret)
        endpoint.secret_rotated_at = timezone.now()
        endpoint.save(update_fields=["secret", "secret_rotated_at"])
        audit.record(action="integrations.webhook.secret_rotated", actor=actor, target=endpoint)
    return secret


def _iso(value: Any) -> str | None:
    return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z") if value else None


def event_payload(*, event: str, coop_request: Any) -> dict[str, Any]:
    """What a webhook says about a request: metadata only, never the content values."""
    return {
        "event": event,
        "occurred_at": _iso(timezone.now()),
        "request": {
            "reference": coop_request.reference,
            "type": coop_request.request_type.code,
            "status": coop_request.status,
            "urgency": coop_request.urgency,
            "requesting_party": coop_request.requesting_authority.party.code,
            "requested_party": coop_request.requested_party.code,
            "created_at": _iso(coop_request.created_at),
            "submitted_at": _iso(coop_request.submitted_at),
            "updated_at": _iso(coop_request.updated_at),
            "path": coop_request.get_absolute_url(),
        },
    }


def webhook_emit(*, authority: Any, event: str, coop_request: Any) -> list[WebhookDelivery]:
    """Queue one delivery per active, subscribed endpoint of the organisation, in the caller's transaction."""
    if authority is None:
        return []
    endpoints = [
        e for e in WebhookEndpoint.objects.filter(authority=authority, is_active=True) if e.subscribes(event)
    ]
    if not endpoints:
        return []
    payload, now = event_payload(event=event, coop_request=coop_request), timezone.now()
    with transaction.atomic():
        deliveries = WebhookDelivery.objects.bulk_create(
            [WebhookDelivery(endpoint=e, event=event, payload=payload, created_at=now, next_attempt_at=now,
                             enqueued_at=now) for e in endpoints]
        )  # fmt: skip
        ids = [d.pk for d in deliveries]
        transaction.on_commit(lambda: scans.enqueue(ids))
    return deliveries


def calendar_feed_create(*, actor: Any) -> str:
    """Give the actor a new secret feed address (replacing any earlier one); returns the token, shown once."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        replaced = CalendarFeedToken.objects.filter(user=actor).delete()[0] > 0
        feed = CalendarFeedToken.objects.create(user=actor, token_hash=hash_token(token))
        audit.record(action="integrations.calendar_feed.created", actor=actor, target=feed,
                     after={"replaced": replaced})  # fmt: skip
    return token


def calendar_feed_revoke(*, actor: Any) -> bool:
    """Remove the actor's feed address so it answers 404; returns whether there was one."""
    feed = CalendarFeedToken.objects.filter(user=actor).first()
    if feed is None:
        return False
    with transaction.atomic():
        audit.record(action="integrations.calendar_feed.revoked", actor=actor, target=feed)
        feed.delete()
    return True


def calendar_feed_touch(*, feed: CalendarFeedToken) -> None:
    """Note when a calendar app last fetched the feed (bookkeeping, not audited: apps poll often)."""
    CalendarFeedToken.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
