"""Who may do what on investigation cases."""

from __future__ import annotations

from typing import Any

from iproceeds.accounts.choices import Role
from iproceeds.investigations.choices import CaseRole

CREATOR_ROLES = {Role.OFFICER, Role.SUPERVISOR}


def can_create_case(user: Any) -> bool:
    """Officers and supervisors of an authority open cases; others (secretariat, auditors) do not."""
    return bool(getattr(user, "is_authenticated", False) and user.authority_id and user.role in CREATOR_ROLES)


def member_role(case: Any, user: Any) -> str | None:
    """The user's role on the case team, None for a non-member."""
    if not getattr(user, "is_authenticated", False):
        return None
    return case.members.filter(user=user).values_list("role", flat=True).first()


def can_edit_case(case: Any, user: Any) -> bool:
    """Team members other than readers change the case's content."""
    role = member_role(case, user)
    return role is not None and role != CaseRole.READER


def can_assign_members(case: Any, user: Any) -> bool:
    """The supervisor of the owning authority assigns the team."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.role == Role.SUPERVISOR
        and user.authority_id == case.authority_id
    )
