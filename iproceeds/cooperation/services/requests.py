"""Drafting and sending cooperation requests: permission, eligibility, content, audit in one step."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iproceeds.audit import services as audit
from iproceeds.cooperation import eligibility
from iproceeds.cooperation import notify as coop_notify
from iproceeds.cooperation.choices import ReceiptKind, RequestStatus
from iproceeds.cooperation.models import CooperationRequest, RequestType
from iproceeds.cooperation.permissions import can_draft, can_edit
from iproceeds.cooperation.selectors import request_warnings
from iproceeds.cooperation.services import deadlines as deadline_services
from iproceeds.cooperation.services.lifecycle import record_transition
from iproceeds.cooperation.values import values_clean
from iproceeds.directory.models import Authority, Party


def _require_bound(request_type: RequestType, parties: list[Party]) -> None:
    """Refuse a request when either Party is not bound by the type's instrument."""
    for party in parties:
        if not eligibility.party_is_bound(party=party, instrument=request_type.instrument):
            raise ValidationError(
                {
                    "requested_party": _(
                        "%(party)s is not bound by %(instrument)s: this type of request cannot be used."
                    )
                    % {"party": party.name, "instrument": request_type.get_instrument_display()}
                }
            )


def _snapshot(coop_request: CooperationRequest) -> dict[str, Any]:
    """What the audit trail keeps of a request (not its content, which may hold personal data)."""
    return {
        "reference": coop_request.reference,
        "type": coop_request.request_type.code,
        "status": coop_request.status,
        "urgency": coop_request.urgency,
        "requested_party": coop_request.requested_party_id,
        "requested_authority": coop_request.requested_authority_id,
    }


def _apply(
    coop_request: CooperationRequest,
    *,
    requested_party: Party,
    requested_authority: Authority | None,
    urgency: str,
    values: dict[str, Any],
) -> None:
    """Set the header and the checked content of a draft (may be incomplete, never invalid)."""
    cleaned = values_clean(
        request_type=coop_request.request_type, values=values, urgency=urgency, complete=False
    )
    coop_request.requested_party = requested_party
    coop_request.requested_authority = requested_authority
    coop_request.urgency = urgency
    coop_request.values = cleaned
    coop_request.requester_reference = cleaned.get("date_reference", {}).get("our_reference", "")[:100]
    coop_request.earlier_reference = cleaned.get("request_status", {}).get("earlier_reference", "")[:100]
    coop_request.full_clean()


def request_create_draft(
    *,
    actor: Any,
    request_type: RequestType,
    requested_party: Party,
    urgency: str,
    values: dict[str, Any],
    requested_authority: Authority | None = None,
) -> CooperationRequest:
    """Create a draft request of the actor's authority, checked against the catalogue."""
    if not can_draft(actor):
        raise PermissionDenied(_("Only officers of an authority write cooperation requests."))
    if not request_type.is_active:
        raise ValidationError({"request_type": _("This type of request is no longer offered.")})
    _require_bound(request_type, [actor.authority.party, requested_party])
    coop_request = CooperationRequest(
        request_type=request_type, requesting_authority=actor.authority, created_by=actor
    )
    _apply(coop_request, requested_party=requested_party, requested_authority=requested_authority,
           urgency=urgency, values=values)  # fmt: skip
    with transaction.atomic():
        coop_request.save(force_insert=True)
        audit.record(action="cooperation.request.created", actor=actor, target=coop_request,
                     after=_snapshot(coop_request))  # fmt: skip
    return coop_request


_DRAFT_COLUMNS = [
    "requested_party", "requested_authority", "urgency", "values", "requester_reference",
    "earlier_reference", "updated_at",
]  # fmt: skip


def _require_editable_draft(actor: Any, coop_request: CooperationRequest) -> None:
    if not can_edit(actor, coop_request):
        raise PermissionDenied(_("Only officers of the requesting authority change this request."))
    if not coop_request.is_draft:
        raise ValidationError(_("This request was sent: it can no longer be changed."))


def request_update_draft(
    *,
    actor: Any,
    coop_request: CooperationRequest,
    requested_party: Party,
    urgency: str,
    values: dict[str, Any],
    requested_authority: Authority | None = None,
) -> CooperationRequest:
    """Change a draft's recipient, urgency and content."""
    _require_editable_draft(actor, coop_request)
    _require_bound(coop_request.request_type, [requested_party])
    before = _snapshot(coop_request)
    old_values = coop_request.values
    _apply(coop_request, requested_party=requested_party, requested_authority=requested_authority,
           urgency=urgency, values=values)  # fmt: skip
    changed = sorted(
        f"{s}.{k}"
        for s in {*old_values, *coop_request.values}
        for k in {*old_values.get(s, {}), *coop_request.values.get(s, {})}
        if old_values.get(s, {}).get(k) != coop_request.values.get(s, {}).get(k)
    )
    with transaction.atomic():
        coop_request.save(update_fields=_DRAFT_COLUMNS)
        audit.record(action="cooperation.request.updated", actor=actor, target=coop_request,
                     before=before, after=_snapshot(coop_request) | {"changed_fields": changed})  # fmt: skip
    return coop_request


def request_submit(
    *, actor: Any, coop_request: CooperationRequest, warnings_confirmed: bool
) -> CooperationRequest:
    """Send a complete draft to the requested authority, once the requester has read its warnings."""
    _require_editable_draft(actor, coop_request)
    rtype = coop_request.request_type
    _require_bound(rtype, [coop_request.requesting_authority.party, coop_request.requested_party])
    values_clean(request_type=rtype, values=coop_request.values, urgency=coop_request.urgency, complete=True)
    if coop_request.requested_authority_id is None:
        raise ValidationError({"requested_authority": _("Choose the authority that receives the request.")})
    if request_warnings(coop_request=coop_request) and not warnings_confirmed:
        raise ValidationError({"warnings_confirmed": _("Read the warnings and confirm before sending.")})
    before = _snapshot(coop_request)
    coop_request.status = RequestStatus.SUBMITTED
    coop_request.submitted_by, coop_request.submitted_at = actor, timezone.now()
    with transaction.atomic():
        coop_request.save(update_fields=["status", "submitted_by", "submitted_at", "updated_at"])
        record_transition(
            coop_request=coop_request, actor=actor, action="submit", from_status=RequestStatus.DRAFT,
            to_status=RequestStatus.SUBMITTED, receipt_kind=ReceiptKind.SUBMISSION,
        )  # fmt: skip
        audit.record(action="cooperation.request.submitted", actor=actor, target=coop_request,
                     before=before, after=_snapshot(coop_request))  # fmt: skip
        coop_notify.request_submitted_event(actor=actor, coop_request=coop_request)
        deadline_services.request_deadlines_changed(coop_request=coop_request, actor=actor)
    return coop_request
