"""Organisation administration: invite, change role, deactivate and reactivate users."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from iproceeds.accounts.models import User
from iproceeds.accounts.permissions import assignable_roles, can_manage_user
from iproceeds.audit import services as audit
from iproceeds.directory.models import Authority


def _require_manage(actor: User, target: User) -> None:
    if not can_manage_user(actor, target):
        raise PermissionDenied
    if target.pk is not None and target.role not in assignable_roles(actor):
        raise ValidationError(_("Only the network secretariat manages auditors and secretariat members."))


def _check_role(actor: User, role: str) -> None:
    if role not in assignable_roles(actor):
        raise ValidationError({"role": _("You may not give this role.")})


def user_invite(
    *,
    actor: User,
    authority: Authority,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    send_invitation: Callable[[User], None],
) -> User:
    """Create a user without a password in an organisation the actor manages; mail a set-password link."""
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        authority=authority,
        role=role,
    )
    _require_manage(actor, user)
    _check_role(actor, role)
    user.set_unusable_password()
    with transaction.atomic():
        user.full_clean()
        user.save()
        audit.record(
            action="accounts.user.invited",
            actor=actor,
            target=user,
            after={"authority": authority.pk, "role": role, "email": email},
        )
        transaction.on_commit(lambda: send_invitation(user))
    return user


def user_role_change(*, actor: User, user: User, role: str) -> None:
    """Give a user another role; audited with the role before and after."""
    _require_manage(actor, user)
    if user.pk == actor.pk:
        raise ValidationError({"role": _("You cannot change your own role.")})
    _check_role(actor, role)
    if user.role == role:
        return
    before = {"role": user.role}
    user.role = role
    with transaction.atomic():
        user.full_clean()
        user.save(update_fields=["role"])
        audit.record(
            action="accounts.user.role_changed", actor=actor, target=user, before=before, after={"role": role}
        )


def _set_active(*, actor: User, user: User, active: bool, action: str) -> None:
    _require_manage(actor, user)
    if user.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    if user.is_active == active:
        return
    with transaction.atomic():
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit.record(
            action=action,
            actor=actor,
            target=user,
            before={"is_active": not active},
            after={"is_active": active},
        )


def user_deactivate(*, actor: User, user: User) -> None:
    """Stop a user from signing in; their sessions end on their next request."""
    _set_active(actor=actor, user=user, active=False, action="accounts.user.deactivated")


def user_reactivate(*, actor: User, user: User) -> None:
    """Let a deactivated user sign in again."""
    _set_active(actor=actor, user=user, active=True, action="accounts.user.reactivated")


def user_access_refuse(*, actor: User, target: User | None, target_id: object, attempted: str) -> None:
    """Audit an attempt to act on a user outside the actor's reach; nothing else changes."""
    audit.record(
        action="accounts.user.access_refused",
        actor=actor,
        target=target,
        target_label=None if target is not None else str(target_id),
        after={"attempted": attempted},
    )
