"""One-click continuations of an executed preservation: an extension, or the follow-up MLA request."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iproceeds.audit import services as audit
from iproceeds.cooperation import deadlines as computed
from iproceeds.cooperation.choices import Relation, RequestStatus, StartEvent
from iproceeds.cooperation.models import CooperationRequest, RequestType
from iproceeds.cooperation.permissions import can_edit
from iproceeds.cooperation.services.requests import request_create_draft
from iproceeds.cooperation.values import catalogue_fields
from iproceeds.directory.duty import competent_authorities

_AUDIT: dict[str, str] = {
    Relation.EXTENSION: "cooperation.request.extension_drafted",
    Relation.FOLLOW_UP: "cooperation.request.follow_up_drafted",
}
_TARGET_TYPE: dict[str, str] = {
    Relation.EXTENSION: computed.PRESERVATION_TYPE,
    Relation.FOLLOW_UP: computed.FOLLOW_UP_TYPE,
}


def root_preservation(coop_request: CooperationRequest) -> CooperationRequest:
    """The preservation an extension (of an extension...) continues; the request itself otherwise."""
    seen = {coop_request.pk}
    while coop_request.relation == Relation.EXTENSION and coop_request.follows_id not in (None, *seen):
        coop_request = coop_request.follows  # type: ignore[assignment]
        seen.add(coop_request.pk)
    return coop_request


def is_executed(coop_request: CooperationRequest) -> bool:
    """True when the request has an execution on its timeline (the page's, when it read it)."""
    return StartEvent.EXECUTED in computed.event_times(list(coop_request.transitions.all()))


def follow_up_sent(coop_request: CooperationRequest) -> bool:
    """True once a follow-up MLA request of the preservation was sent and not withdrawn."""
    # all() reads the follow-ups the page already read (deadline_prefetches), a query otherwise
    return any(
        linked.relation == Relation.FOLLOW_UP
        and linked.status not in (RequestStatus.DRAFT, RequestStatus.WITHDRAWN)
        for linked in root_preservation(coop_request).follow_ups.all()
    )


def may_continue(user: Any, coop_request: CooperationRequest) -> bool:
    """Whether the user may request an extension or send the follow-up MLA request (for the buttons)."""
    return (
        coop_request.request_type.code == computed.PRESERVATION_TYPE
        and can_edit(user, coop_request)  # first: it reads nothing, and the receiver stops here
        and is_executed(coop_request)
        and not follow_up_sent(coop_request)  # preserved until the MLA decision: nothing to add
    )


def _check(actor: Any, preservation: CooperationRequest) -> None:
    if not can_edit(actor, preservation):
        raise PermissionDenied(_("Only officers of the requesting authority continue this preservation."))
    if preservation.request_type.code != computed.PRESERVATION_TYPE:
        raise ValidationError({"request": _("Only a preservation request can be extended or followed up.")})
    if not is_executed(preservation):
        raise ValidationError(
            {"status": _("The preservation has not been executed yet: it cannot be extended or followed up.")}
        )
    if follow_up_sent(preservation):
        raise ValidationError(
            {"status": _("The follow-up MLA request was sent: the data stay preserved pending its decision.")}
        )


def _copied_values(
    source: CooperationRequest, rtype: RequestType, relation: str
) -> dict[str, dict[str, Any]]:
    """The source's content for the fields the target type has; a new date and the request status."""
    values: dict[str, dict[str, Any]] = {}
    for section, field in catalogue_fields(rtype):
        value = source.values.get(section.key, {}).get(field.key)
        if value not in (None, "", []):
            values.setdefault(section.key, {})[field.key] = value
    values.setdefault("date_reference", {})["request_date"] = timezone.localdate().isoformat()
    values["request_status"] = {"status": relation, "earlier_reference": source.reference}
    return values


def _urgency(source: CooperationRequest, rtype: RequestType) -> str:
    options = rtype.urgency_options
    if source.urgency in options:
        return source.urgency
    return "urgent" if "urgent" in options else options[0]


def _recipient(source: CooperationRequest, rtype: RequestType, relation: str) -> Any:
    """An extension goes where the preservation went; an MLA request to the Party's competent authority."""
    if relation == Relation.EXTENSION:
        return source.requested_authority
    found = competent_authorities(party=source.requested_party, request_type=rtype.code)
    return found[0] if found else None


def _continue(*, actor: Any, preservation: CooperationRequest, relation: str) -> CooperationRequest:
    _check(actor, preservation)
    root = root_preservation(preservation)
    code = _TARGET_TYPE[relation]
    existing = root.follow_ups.filter(
        relation=relation, request_type__code=code, status=RequestStatus.DRAFT,
        requesting_authority_id=actor.authority_id,
    ).first()  # fmt: skip
    if existing is not None:
        return existing
    rtype = RequestType.objects.filter(code=code, is_active=True).first()
    if rtype is None:
        raise ValidationError({"request_type": _("This type of request is no longer offered.")})
    with transaction.atomic():
        draft = request_create_draft(
            actor=actor, request_type=rtype, requested_party=root.requested_party,
            requested_authority=_recipient(root, rtype, relation), urgency=_urgency(root, rtype),
            values=_copied_values(root, rtype, relation),
        )  # fmt: skip
        draft.relation, draft.follows = relation, root
        draft.save(update_fields=["relation", "follows"])
        audit.record(action=_AUDIT[relation], actor=actor, target=draft,
                     after={"follows": root.reference, "relation": relation, "type": code})  # fmt: skip
    return draft


def preservation_extension_draft(*, actor: Any, preservation: CooperationRequest) -> CooperationRequest:
    """A draft BC29 extending an executed preservation (or the existing draft extension)."""
    return _continue(actor=actor, preservation=preservation, relation=Relation.EXTENSION)


def preservation_follow_up_draft(*, actor: Any, preservation: CooperationRequest) -> CooperationRequest:
    """A draft follow-up MLA request (BC31 stored data) for an executed preservation, or the existing one."""
    return _continue(actor=actor, preservation=preservation, relation=Relation.FOLLOW_UP)
