"""The webhook retry scan: enqueue deliveries whose backoff is over, give up exhausted ones."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from iproceeds.audit import services as audit
from iproceeds.integrations import delivery
from iproceeds.integrations.choices import DeliveryStatus
from iproceeds.integrations.models import WebhookDelivery


def _give_up_exhausted(now: datetime) -> None:
    """Pending deliveries whose last allowed attempt died with its worker."""
    exhausted = WebhookDelivery.objects.filter(
        Q(claim_expires_at__isnull=True) | Q(claim_expires_at__lte=now),
        status=DeliveryStatus.PENDING,
        attempts__gte=delivery.max_attempts(),
    ).select_related("endpoint")
    for item in exhausted:
        delivery._give_up(item, item.last_error or "attempts exhausted (worker lost)", item.response_status)


def webhook_requeue_due(now: datetime) -> int:
    """Enqueue due deliveries not enqueued within a lease period; idempotent, silent when idle."""
    _give_up_exhausted(now)
    stale = now - timedelta(seconds=int(getattr(settings, "WEBHOOK_CLAIM_SECONDS", 60)))
    due = delivery.claimable(now).filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lte=stale))
    ids = list(due.order_by("id").values_list("id", flat=True)[:1000])
    if not ids:
        return 0
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk__in=ids).update(enqueued_at=now)
        audit.record(
            action="integrations.webhook_delivery.requeued",
            actor=None,
            actor_label="system:timers",
            after={"count": len(ids), "ids": ids[:50]},
        )
        transaction.on_commit(lambda: enqueue(ids))
    return len(ids)


def enqueue(ids: list[int]) -> None:
    """Hand deliveries to the task queue (after the commit that wrote them)."""
    from iproceeds.integrations.tasks import deliver_webhook

    for delivery_id in ids:
        deliver_webhook.enqueue(delivery_id=delivery_id)
