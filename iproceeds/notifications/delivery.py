"""Outbox delivery: claim with a lease, deliver, settle; a periodic scan re-enqueues what is due.

Guarantees. In-app: exactly once — the Notification row (unique per outbox row) and the
"delivered" mark commit in one transaction. E-mail: at least once — the row is marked "sending"
before the hand-over to the mail server and "delivered" after; only a worker that dies between
those two points causes a resend, and the resend carries the same Message-ID
(``<outbox-<id>.<created>@<domain>>``), so mail clients and archives recognise it as a duplicate.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from datetime import datetime, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from iproceeds.audit import services as audit
from iproceeds.notifications.choices import Channel, OutboxStatus
from iproceeds.notifications.models import Notification, OutboxMessage

logger = logging.getLogger("iproceeds.notifications")
OPEN = [OutboxStatus.PENDING, OutboxStatus.SENDING]
FAULT_ENV = "IPROCEEDS_OUTBOX_FAULT"


def worker_name() -> str:
    """A name unique to this process and call, recorded in `claimed_by`."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _fault(point: str) -> None:
    """Fault injection for the crash tests: die at a named point (debug settings only)."""
    if settings.DEBUG and os.environ.get(FAULT_ENV) == point:
        os._exit(70)


def backoff(attempts: int) -> timedelta:
    """Wait 30 s after the first failure, doubling up to an hour."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def message_id_for(message: OutboxMessage) -> str:
    """The deterministic Message-ID of an outbox row's e-mail, identical on every resend."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "iproceeds.invalid"
    return f"<outbox-{message.pk}.{message.created_at:%Y%m%d%H%M%S}@{domain}>"


def claimable(now: datetime) -> QuerySet[OutboxMessage]:
    """Open messages that are due, with attempts left and no live lease."""
    return OutboxMessage.objects.filter(
        Q(claim_expires_at__isnull=True) | Q(claim_expires_at__lte=now),
        status__in=OPEN,
        next_attempt_at__lte=now,
        attempts__lt=settings.NOTIFICATION_MAX_ATTEMPTS,
    )


def _claim(message_id: int, worker: str, lease_seconds: int) -> OutboxMessage | None:
    """Take the lease with one conditional UPDATE, so two workers never both win."""
    now = timezone.now()
    won = (
        claimable(now)
        .filter(pk=message_id)
        .update(
            claimed_by=worker,
            claim_expires_at=now + timedelta(seconds=lease_seconds),
            attempts=F("attempts") + 1,
        )
    )
    return OutboxMessage.objects.select_related("recipient").get(pk=message_id) if won else None


def _mine(message: OutboxMessage, worker: str) -> QuerySet[OutboxMessage]:
    return OutboxMessage.objects.filter(pk=message.pk, claimed_by=worker)


def _mark_delivered(message: OutboxMessage, worker: str) -> None:
    _mine(message, worker).update(
        status=OutboxStatus.DELIVERED, delivered_at=timezone.now(), claim_expires_at=None, last_error=""
    )


def _deliver_in_app(message: OutboxMessage, worker: str) -> None:
    if message.recipient_id is None:
        raise ValueError("an in-app message needs a recipient user")
    with transaction.atomic():
        Notification.objects.get_or_create(
            outbox=message,
            defaults={
                "user_id": message.recipient_id,
                "kind": message.kind,
                "subject": message.subject,
                "body": message.body,
                "url": message.url,
                "target_type": message.target_type,
                "target_id": message.target_id,
                "created_at": message.created_at,
            },
        )
        _fault("in_app_before_commit")
        _mark_delivered(message, worker)


def _email_to(message: OutboxMessage) -> str:
    """The row's plain address, or else its recipient user's e-mail."""
    if message.address:
        return message.address
    if message.recipient is None:
        raise ValueError("outbox message has neither recipient nor address")
    return str(message.recipient.email)


def _deliver_email(message: OutboxMessage, worker: str) -> None:
    _mine(message, worker).update(status=OutboxStatus.SENDING)
    _fault("email_before_send")
    EmailMessage(
        subject=message.subject,
        body=message.body,
        to=[_email_to(message)],
        headers={"Message-ID": message_id_for(message)},
    ).send()
    _fault("email_after_send")
    _mark_delivered(message, worker)


def _fail_for_good(message: OutboxMessage, error: str) -> None:
    with transaction.atomic():
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=OutboxStatus.FAILED, claim_expires_at=None, last_error=error[:2000]
        )
        audit.record(
            action="notifications.message.failed",
            actor=None,
            actor_label="system:notifications",
            target=message,
            after={"attempts": message.attempts, "error": error[:200]},
        )


def _settle_failure(message: OutboxMessage, worker: str, error: str) -> str:
    """Retry later with backoff, or give up after NOTIFICATION_MAX_ATTEMPTS."""
    if message.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
        _fail_for_good(message, error)
        return OutboxStatus.FAILED
    _mine(message, worker).update(
        status=OutboxStatus.PENDING,
        next_attempt_at=timezone.now() + backoff(message.attempts),
        claim_expires_at=None,
        enqueued_at=None,
        last_error=error[:2000],
    )
    return OutboxStatus.PENDING


def outbox_deliver(*, message_id: int, worker: str, lease_seconds: int | None = None) -> str:
    """Claim, deliver and settle one message; returns the new status, or "skipped" if not claimable."""
    message = _claim(message_id, worker, lease_seconds or settings.NOTIFICATION_CLAIM_SECONDS)
    if message is None:
        return "skipped"
    _fault("after_claim")
    if message.recipient is not None and not message.recipient.is_active:
        _fail_for_good(message, "recipient account is deactivated")
        return OutboxStatus.FAILED
    try:
        if message.channel == Channel.IN_APP:
            _deliver_in_app(message, worker)
        else:
            _deliver_email(message, worker)
    except Exception as exc:
        logger.warning("Delivery of outbox message %s failed: %s", message.pk, exc)
        return _settle_failure(message, worker, f"{type(exc).__name__}: {exc}")
    return OutboxStatus.DELIVERED


def outbox_deliver_due(*, worker: str, lease_seconds: int | None = None, limit: int = 500) -> int:
    """Deliver every message that is due now, in this process; returns how many were delivered."""
    ids = list(claimable(timezone.now()).order_by("id").values_list("id", flat=True)[:limit])
    results = [outbox_deliver(message_id=i, worker=worker, lease_seconds=lease_seconds) for i in ids]
    return results.count(OutboxStatus.DELIVERED)
