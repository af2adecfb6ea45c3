"""The outbox's periodic scan: re-enqueue due messages and expired leases, fail exhausted ones."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from iproceeds.audit import services as audit
from iproceeds.notifications import delivery
from iproceeds.notifications.models import OutboxMessage


def _exhausted(now: datetime) -> list[OutboxMessage]:
    """Open messages whose last allowed attempt died with its worker."""
    return list(
        OutboxMessage.objects.filter(
            Q(claim_expires_at__isnull=True) | Q(claim_expires_at__lte=now),
            status__in=delivery.OPEN,
            attempts__gte=settings.NOTIFICATION_MAX_ATTEMPTS,
        )
    )


def outbox_requeue_due(now: datetime) -> int:
    """Enqueue delivery of due messages not enqueued within a lease period; idempotent, silent when idle."""
    for message in _exhausted(now):
        delivery._fail_for_good(message, "attempts exhausted (worker lost)")
    stale = now - timedelta(seconds=settings.NOTIFICATION_CLAIM_SECONDS)
    due = delivery.claimable(now).filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lte=stale))
    ids = list(due.order_by("id").values_list("id", flat=True)[:1000])
    if not ids:
        return 0
    with transaction.atomic():
        OutboxMessage.objects.filter(pk__in=ids).update(enqueued_at=now)
        audit.record(
            action="notifications.outbox.requeued",
            actor=None,
            actor_label="system:timers",
            after={"count": len(ids), "ids": ids[:50]},
        )
        transaction.on_commit(lambda: _enqueue(ids))
    return len(ids)


def _enqueue(ids: list[int]) -> None:
    from iproceeds.notifications.tasks import deliver_outbox_message

    for message_id in ids:
        deliver_outbox_message.enqueue(message_id=message_id)
