"""Moving a request through its lifecycle: who, when, why, and a receipt with the content's hash."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iproceeds.audit import services as audit
from iproceeds.cooperation import notify as coop_notify
from iproceeds.cooperation.lifecycle import STEPS, content_hash, side_of
from iproceeds.cooperation.models import CooperationRequest, Transition
from iproceeds.cooperation.permissions import WRITER_ROLES
from iproceeds.cooperation.services import deadlines as deadline_services


def record_transition(
    *,
    coop_request: CooperationRequest,
    actor: Any,
    action: str,
    from_status: str,
    to_status: str,
    receipt_kind: str = "",
    reason: str = "",
    time_limit: datetime.date | None = None,
) -> Transition:
    """Write one timeline entry (inside the caller's transaction)."""
    entry = Transition(
        coop_request=coop_request, action=action, from_status=from_status, to_status=to_status,
        actor=actor, actor_authority_id=actor.authority_id, at=timezone.now(), reason=reason,
        time_limit=time_limit, receipt_kind=receipt_kind, content_hash=content_hash(coop_request),
    )  # fmt: skip
    entry.full_clean()
    entry.save(force_insert=True)
    return entry


def _check(actor: Any, coop_request: CooperationRequest, action: str, reason: str, time_limit: Any) -> None:
    step = STEPS.get(action)
    if step is None:
        raise ValidationError({"action": _("Unknown action.")})
    if getattr(actor, "role", None) not in WRITER_ROLES or side_of(actor, coop_request) != step.side:
        raise PermissionDenied(_("Your organisation may not do this on this request."))
    if coop_request.status not in step.sources:
        raise ValidationError(
            {"action": _("“%(action)s” is not possible while the request is “%(status)s”.")
             % {"action": step.label, "status": coop_request.get_status_display()}}
        )  # fmt: skip
    errors = {}
    if step.needs_reason and not reason.strip():
        errors["reason"] = [_("Give the reasons.")]
    if step.needs_time_limit and (time_limit is None or time_limit <= timezone.localdate()):
        errors["time_limit"] = [_("Give a time limit after today.")]
    if errors:
        raise ValidationError(errors)


def request_transition(
    *,
    actor: Any,
    coop_request: CooperationRequest,
    action: str,
    reason: str = "",
    time_limit: datetime.date | None = None,
) -> Transition:
    """Make one lifecycle step, refusing steps of the wrong side, from the wrong state or without reasons."""
    _check(actor, coop_request, action, reason, time_limit)
    step = STEPS[action]
    from_status = coop_request.status
    with transaction.atomic():
        locked = CooperationRequest.objects.select_for_update().get(pk=coop_request.pk)
        if locked.status != from_status:
            raise ValidationError({"action": _("The request changed meanwhile: reload the page.")})
        coop_request.status = step.target
        coop_request.save(update_fields=["status", "updated_at"])
        entry = record_transition(
            coop_request=coop_request, actor=actor, action=action, from_status=from_status,
            to_status=step.target, receipt_kind=step.receipt, reason=reason.strip(), time_limit=time_limit,
        )  # fmt: skip
        audit.record(
            action=step.audit, actor=actor, target=coop_request,
            before={"status": from_status},
            after={"status": step.target, "content_hash": entry.content_hash, "transition": entry.pk},
        )  # fmt: skip
        coop_notify.request_transition_event(actor=actor, coop_request=coop_request, step=step)
        deadline_services.request_deadlines_changed(coop_request=coop_request, actor=actor)
    return entry


def receipt_document(*, entry: Transition, actor: Any) -> dict[str, Any]:
    """The receipt of a status change as a document; its download is audited."""
    coop_request = entry.coop_request
    document: dict[str, Any] = {
        "receipt": entry.receipt_kind,
        "request": coop_request.reference,
        "type": coop_request.request_type.code,
        "from": str(coop_request.requesting_authority),
        "to": str(coop_request.requested_authority or coop_request.requested_party),
        "status_before": entry.from_status,
        "status_after": entry.to_status,
        "by": entry.actor.get_full_name() or entry.actor.get_username(),
        "organisation": str(entry.actor_authority),
        "at_utc": entry.at.astimezone(datetime.UTC).isoformat(),
        "reasons": entry.reason,
        "time_limit": entry.time_limit.isoformat() if entry.time_limit else None,
        "content_sha256": entry.content_hash,
        "content_sha256_now": content_hash(coop_request),
    }
    document["content_unchanged_since"] = document["content_sha256"] == document["content_sha256_now"]
    audit.record(action="cooperation.receipt.downloaded", actor=actor, target=coop_request,
                 after={"transition": entry.pk, "receipt": entry.receipt_kind})  # fmt: skip
    return document
