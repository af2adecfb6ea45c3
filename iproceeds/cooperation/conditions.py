"""Conditions on confidentiality and use: the receiver accepts them before the content is shown."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from iproceeds.cooperation.lifecycle import RECEIVER, side_of
from iproceeds.cooperation.models import ConditionsAcceptance, CooperationRequest

SECTION = "conditions"


def conditions_of(coop_request: CooperationRequest) -> dict[str, str]:
    """The conditions the requester set (confidentiality, limitation of use), without empty ones."""
    section = (coop_request.values or {}).get(SECTION) or {}
    return {key: str(text).strip() for key, text in section.items() if str(text or "").strip()}


def conditions_hash(coop_request: CooperationRequest) -> str:
    """SHA-256 of the conditions, so that an acceptance covers exactly the text that was accepted."""
    canonical = json.dumps(conditions_of(coop_request), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def must_accept_conditions(
    *, user: Any, coop_request: CooperationRequest, acceptances: Iterable[ConditionsAcceptance] | None = None
) -> bool:
    """True while the receiving side has conditions to accept before it may read the content.

    `acceptances`, when given, are all of the request's (as read for the page): none is read again.
    """
    if side_of(user, coop_request) != RECEIVER or not conditions_of(coop_request):
        return False
    digest = conditions_hash(coop_request)
    if acceptances is not None:
        return not any(
            a.authority_id == user.authority_id and a.conditions_hash == digest for a in acceptances
        )
    return not ConditionsAcceptance.objects.filter(
        coop_request=coop_request, authority_id=user.authority_id, conditions_hash=digest
    ).exists()
