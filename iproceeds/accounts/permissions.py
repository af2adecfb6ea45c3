"""Who may administer which users."""

from typing import Any

from django.core.exceptions import PermissionDenied

from iproceeds.accounts.choices import Role

# Organisation administrators hand out their organisation's working roles; only the secretariat
# creates auditors (who read the whole network's trail) and other secretariat members.
ORG_ADMIN_ROLES = (Role.OFFICER, Role.SUPERVISOR, Role.ORG_ADMIN)


def can_administer_users(user: Any) -> bool:
    """Organisation administrators and the secretariat manage users."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and (user.is_org_admin or user.is_secretariat)
    )


def require_user_administrator(user: Any) -> None:
    """Raise PermissionDenied unless the user manages users."""
    if not can_administer_users(user):
        raise PermissionDenied


def can_manage_user(actor: Any, target: Any) -> bool:
    """The secretariat manages everyone; an organisation administrator only their own organisation."""
    if not can_administer_users(actor):
        return False
    return bool(
        actor.is_secretariat
        or (target.authority_id is not None and target.authority_id == actor.authority_id)
    )


def assignable_roles(actor: Any) -> list[Role]:
    """The roles this administrator may give."""
    if getattr(actor, "is_secretariat", False):
        return list(Role)
    return list(ORG_ADMIN_ROLES) if can_administer_users(actor) else []


def is_verified(user: Any) -> bool:
    """True when this session has proved a second factor (django-otp's OTPMiddleware sets the check)."""
    check = getattr(user, "is_verified", None)
    return bool(check is not None and check())
