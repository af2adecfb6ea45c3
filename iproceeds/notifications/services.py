"""Notifying users (writing the outbox with the caller's change) and managing their inbox."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.utils import timezone, translation

from iproceeds.audit import services as audit
from iproceeds.core.errors import PermissionDenied
from iproceeds.notifications.choices import Channel
from iproceeds.notifications.models import Notification, OutboxMessage


def _target_fields(target: models.Model | None) -> dict[str, str]:
    if target is None:
        return {"target_type": "", "target_id": "", "url": ""}
    url = target.get_absolute_url() if hasattr(target, "get_absolute_url") else ""
    return {"target_type": target._meta.label_lower, "target_id": str(target.pk), "url": url}


def _in_language(text: Any, language: str) -> str:
    """Render a (lazy) string in the recipient's language, so each reads it in their own."""
    with translation.override(language or None):
        return str(text)


def notify(
    *,
    actor: Any,
    recipients: Iterable[Any],
    kind: str,
    subject: Any,
    body: Any,
    target: models.Model | None = None,
    channels: Iterable[str] = (Channel.IN_APP, Channel.EMAIL),
) -> list[OutboxMessage]:
    """Write one outbox row per recipient and channel in the caller's transaction; deliver after commit."""
    channels = list(channels)
    unknown = set(channels) - set(Channel.values)
    if unknown or not kind:
        raise ValueError(f"notify(): unknown channels {sorted(unknown)} or empty kind")
    now, fields = timezone.now(), _target_fields(target)
    with transaction.atomic():
        messages = [
            OutboxMessage(
                recipient=user,
                channel=channel,
                kind=kind,
                subject=_in_language(subject, user.language)[:300],
                body=_in_language(body, user.language),
                enqueued_at=now,
                created_at=now,
                next_attempt_at=now,
                **fields,
            )
            for user in {u.pk: u for u in recipients if u.is_active}.values()
            for channel in channels
        ]
        for message in messages:
            message.full_clean()
            message.save(force_insert=True)
        transaction.on_commit(lambda: _enqueue([m.pk for m in messages]))
    return messages


def notify_addresses(
    *,
    actor: Any,
    addresses: Iterable[str],
    kind: str,
    subject: Any,
    body: Any,
    target: models.Model | None = None,
    language: str = "en",
) -> list[OutboxMessage]:
    """Write one e-mail outbox row per plain address (no user account) in the caller's transaction."""
    if not kind:
        raise ValueError("notify_addresses(): empty kind")
    unique = {a.strip().lower(): a.strip() for a in addresses if a and a.strip()}
    now, fields = timezone.now(), _target_fields(target)
    with transaction.atomic():
        messages = [
            OutboxMessage(
                address=address,
                channel=Channel.EMAIL,
                kind=kind,
                subject=_in_language(subject, language)[:300],
                body=_in_language(body, language),
                enqueued_at=now,
                created_at=now,
                next_attempt_at=now,
                **fields,
            )
            for address in unique.values()
        ]
        for message in messages:
            message.full_clean()
            message.save(force_insert=True)
        transaction.on_commit(lambda: _enqueue([m.pk for m in messages]))
    return messages


def _enqueue(message_ids: list[int]) -> None:
    from iproceeds.notifications.tasks import deliver_outbox_message

    for message_id in message_ids:
        deliver_outbox_message.enqueue(message_id=message_id)


def notification_mark_read(*, notification: Notification, actor: Any) -> Notification:
    """Mark one of the actor's notifications read; reading it again changes nothing."""
    if notification.user_id != actor.pk:
        raise PermissionDenied
    if notification.read_at is not None:
        return notification
    with transaction.atomic():
        notification.read_at = timezone.now()
        notification.full_clean()
        notification.save(update_fields=["read_at"])
        audit.record(action="notifications.notification.read", actor=actor, target=notification)
    return notification


def notification_mark_all_read(*, actor: Any) -> int:
    """Mark every unread notification of the actor read; returns how many changed."""
    with transaction.atomic():
        count = Notification.objects.filter(user=actor, read_at__isnull=True).update(read_at=timezone.now())
        if count:
            audit.record(action="notifications.notification.all_read", actor=actor, after={"count": count})
    return count
