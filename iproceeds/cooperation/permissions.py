"""Who may draft, change and read cooperation requests."""

from __future__ import annotations

from typing import Any

from iproceeds.accounts.choices import Role
from iproceeds.cooperation.models import CooperationRequest

# Officers and their supervisors act on requests; organisation administrators may read them.
WRITER_ROLES = frozenset({Role.OFFICER, Role.SUPERVISOR})
READER_ROLES = WRITER_ROLES | {Role.ORG_ADMIN}


def _member(user: Any, roles: frozenset[str]) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.authority_id is not None
        and user.role in roles
    )


def can_draft(user: Any) -> bool:
    """Officers and supervisors of an authority may write requests on its behalf."""
    return _member(user, WRITER_ROLES)


def can_edit(user: Any, coop_request: CooperationRequest) -> bool:
    """Only the requesting authority's officers change or send its request."""
    return can_draft(user) and user.authority_id == coop_request.requesting_authority_id


def can_read_requests(user: Any) -> bool:
    """Members who may read the requests of their own organisation."""
    return _member(user, READER_ROLES)
