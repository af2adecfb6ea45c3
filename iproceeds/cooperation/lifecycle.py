"""The lifecycle both sides can trust: which side may move a request from which state to which."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from iproceeds.cooperation.choices import ReceiptKind
from iproceeds.cooperation.choices import RequestStatus as S
from iproceeds.cooperation.models import CooperationRequest

REQUESTER, RECEIVER = "requester", "receiver"
OPEN = (S.SUBMITTED, S.DELIVERED, S.ACKNOWLEDGED, S.IN_PROGRESS, S.COMPLETION_REQUESTED, S.POSTPONED)


@dataclass(frozen=True)
class Step:
    """A transition: the side that makes it, its source states, its target, what it needs and yields."""

    action: str
    label: Promise
    side: str
    sources: tuple[str, ...]
    target: str
    audit: str
    needs_reason: bool = False
    needs_time_limit: bool = False
    receipt: str = ""


STEPS = {
    step.action: step
    for step in (
        Step("deliver", _("Confirm delivery"), RECEIVER, (S.SUBMITTED,), S.DELIVERED,
             "cooperation.request.delivered", receipt=ReceiptKind.DELIVERY),
        Step("acknowledge", _("Acknowledge"), RECEIVER, (S.SUBMITTED, S.DELIVERED), S.ACKNOWLEDGED,
             "cooperation.request.acknowledged", receipt=ReceiptKind.ACKNOWLEDGEMENT),
        Step("start", _("Start execution"), RECEIVER, (S.ACKNOWLEDGED,), S.IN_PROGRESS,
             "cooperation.request.started"),
        Step("request_completion", _("Ask for completion"), RECEIVER,
             (S.SUBMITTED, S.DELIVERED, S.ACKNOWLEDGED, S.IN_PROGRESS), S.COMPLETION_REQUESTED,
             "cooperation.request.completion_requested", needs_reason=True, needs_time_limit=True),
        Step("complete", _("Send the completion"), REQUESTER, (S.COMPLETION_REQUESTED,), S.IN_PROGRESS,
             "cooperation.request.completed", needs_reason=True),
        Step("execute", _("Report execution"), RECEIVER, (S.IN_PROGRESS,), S.EXECUTED,
             "cooperation.request.executed", receipt=ReceiptKind.OUTCOME),
        Step("partially_execute", _("Report partial execution"), RECEIVER, (S.IN_PROGRESS,),
             S.PARTIALLY_EXECUTED, "cooperation.request.partially_executed", needs_reason=True,
             receipt=ReceiptKind.OUTCOME),
        Step("refuse", _("Refuse"), RECEIVER,
             (S.SUBMITTED, S.DELIVERED, S.ACKNOWLEDGED, S.IN_PROGRESS, S.COMPLETION_REQUESTED), S.REFUSED,
             "cooperation.request.refused", needs_reason=True, receipt=ReceiptKind.OUTCOME),
        Step("postpone", _("Postpone"), RECEIVER, (S.ACKNOWLEDGED, S.IN_PROGRESS), S.POSTPONED,
             "cooperation.request.postponed", needs_reason=True, receipt=ReceiptKind.OUTCOME),
        Step("resume", _("Resume execution"), RECEIVER, (S.POSTPONED,), S.IN_PROGRESS,
             "cooperation.request.resumed"),
        Step("withdraw", _("Withdraw"), REQUESTER, OPEN, S.WITHDRAWN, "cooperation.request.withdrawn",
             needs_reason=True, receipt=ReceiptKind.OUTCOME),
        Step("close", _("Close"), REQUESTER, (S.EXECUTED, S.PARTIALLY_EXECUTED, S.REFUSED, S.WITHDRAWN),
             S.CLOSED, "cooperation.request.closed"),
    )
}  # fmt: skip
AUDIT_LABELS: dict[str, Promise | str] = {step.audit: step.label for step in STEPS.values()}


def content_hash(coop_request: CooperationRequest) -> str:
    """SHA-256 of what was asked and of whom, in a canonical JSON form."""
    body = {
        "reference": coop_request.reference,
        "type": coop_request.request_type.code,
        "urgency": coop_request.urgency,
        "requesting_authority": coop_request.requesting_authority_id,
        "requested_party": coop_request.requested_party_id,
        "requested_authority": coop_request.requested_authority_id,
        "values": coop_request.values,
    }
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def side_of(user: object, coop_request: CooperationRequest) -> str:
    """Which side of the request the user's organisation is on ("" for neither)."""
    authority_id = getattr(user, "authority_id", None)
    if authority_id == coop_request.requesting_authority_id:
        return REQUESTER
    if authority_id is not None and authority_id == coop_request.requested_authority_id:
        return RECEIVER
    return ""


def steps_for(side: str, status: str) -> list[Step]:
    """The transitions a side may make from a status."""
    return [step for step in STEPS.values() if step.side == side and status in step.sources]
