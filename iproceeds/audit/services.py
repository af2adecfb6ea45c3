"""Writing the audit trail and proving it whole."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from iproceeds.audit import catalogue
from iproceeds.audit.models import AuditChainHead, AuditEvent
from iproceeds.core import context

GENESIS_HASH = "0" * 64


def _plain(value: Any) -> Any:
    """Reduce before/after values to JSON primitives, so stored and hashed forms agree."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _canonical(event: AuditEvent) -> bytes:
    """The bytes an event's hash is computed over: every field but the hash itself."""
    occurred = event.occurred_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    body = {
        "seq": event.seq,
        "occurred_at": occurred,
        "action": event.action,
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "actor_authority_id": event.actor_authority_id,
        "ip": event.ip,
        "request_id": event.request_id,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "target_label": event.target_label,
        "before": event.before,
        "after": event.after,
        "prev_hash": event.prev_hash,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def compute_hash(event: AuditEvent) -> str:
    """SHA-256 of the event's canonical content, including the previous event's hash."""
    return hashlib.sha256(_canonical(event)).hexdigest()


def _target_fields(target: models.Model | None, target_label: str | None) -> dict[str, str]:
    if target is None:
        return {"target_type": "", "target_id": "", "target_label": target_label or ""}
    return {
        "target_type": target._meta.label_lower,
        "target_id": str(target.pk),
        "target_label": (target_label if target_label is not None else str(target))[:300],
    }


def _actor_fields(actor: Any, actor_label: str | None) -> dict[str, Any]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {"actor": None, "actor_label": (actor_label or "")[:200], "actor_authority_id": None}
    return {
        "actor": actor,
        "actor_label": (actor_label or actor.get_username())[:200],
        "actor_authority_id": actor.authority_id,
    }


def record(
    *,
    action: str,
    actor: Any,
    target: models.Model | None = None,
    target_label: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    actor_label: str | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Append one event to the chain, in the caller's transaction."""
    catalogue.check(action)
    ctx = context.current()
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        event = AuditEvent(
            seq=head.last_seq + 1,
            occurred_at=at or timezone.now(),
            action=action,
            ip=ctx.ip,
            request_id=ctx.request_id,
            before=_plain(before),
            after=_plain(after),
            prev_hash=head.last_hash,
            **_actor_fields(actor, actor_label),
            **_target_fields(target, target_label),
        )
        event.hash = compute_hash(event)
        event.save(force_insert=True)
        head.last_seq, head.last_hash = event.seq, event.hash
        head.save(update_fields=["last_seq", "last_hash"])
    return event


def record_view(*, actor: Any, target: models.Model, action: str | None = None) -> AuditEvent:
    """Record that a user opened a sensitive record (``<app>.<model>.viewed`` unless named)."""
    name = action or f"{target._meta.app_label}.{target._meta.model_name}.viewed"
    return record(action=name, actor=actor, target=target)


def last_seq() -> int:
    """The sequence number of the newest event, 0 for an empty trail."""
    head = AuditChainHead.objects.filter(pk=1).first()
    return head.last_seq if head else 0


@dataclass(frozen=True)
class ChainReport:
    """The outcome of a chain verification: intact, or the first bad event and why."""

    checked: int
    first_bad_seq: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        """True when every event is present, unaltered and linked to its predecessor."""
        return self.first_bad_seq is None


def chain_verify() -> ChainReport:
    """Walk the chain in order and name the first altered, missing or unlinked event."""
    expected_seq, prev_hash, checked = 1, GENESIS_HASH, 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            return ChainReport(checked, expected_seq, "missing")
        if event.prev_hash != prev_hash:
            return ChainReport(checked, event.seq, "unlinked")
        if compute_hash(event) != event.hash:
            return ChainReport(checked, event.seq, "altered")
        expected_seq, prev_hash, checked = expected_seq + 1, event.hash, checked + 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and head.last_seq >= expected_seq:
        return ChainReport(checked, expected_seq, "missing")
    return ChainReport(checked)
