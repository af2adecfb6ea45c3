"""A user's own settings: name, language, time zone and password."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from iproceeds.accounts.models import User
from iproceeds.audit import services as audit

PROFILE_FIELDS = ("first_name", "last_name", "language", "timezone")


def user_profile_update(*, user: User, actor: User, **changes: str) -> list[str]:
    """Change the user's own name, language or time zone; returns the fields that changed."""
    if actor.pk != user.pk:
        raise PermissionDenied
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Not profile fields: {sorted(unknown)}")
    changed = [name for name, value in changes.items() if getattr(user, name) != value]
    if not changed:
        return []
    before = {name: getattr(user, name) for name in changed}
    for name in changed:
        setattr(user, name, changes[name])
    with transaction.atomic():
        user.full_clean(exclude=[f.name for f in User._meta.fields if f.name not in changed])
        user.save(update_fields=changed)
        audit.record(
            action="accounts.user.profile_changed",
            actor=actor,
            target=user,
            before=before,
            after={name: changes[name] for name in changed},
        )
    return changed


def user_password_set(*, user: User, password: str, actor: User | None, reason: str) -> None:
    """Store a new (already validated) password and clear any lockout; reason is change/reset/invite."""
    if actor is not None and actor.pk != user.pk:
        raise PermissionDenied
    user.set_password(password)
    user.failed_logins, user.locked_until = 0, None
    with transaction.atomic():
        user.save(update_fields=["password", "failed_logins", "locked_until"])
        audit.record(
            action="accounts.user.password_changed", actor=user, target=user, after={"reason": reason}
        )


def password_reset_request(*, email: str, actor: Any) -> None:
    """Audit a password-reset request; Django's reset form sends the link to active accounts."""
    targets = list(User.objects.filter(email__iexact=email, is_active=True))
    with transaction.atomic():
        for user in targets:
            audit.record(
                action="accounts.user.password_reset_requested", actor=None, actor_label=email, target=user
            )
        if not targets:
            audit.record(
                action="accounts.user.password_reset_requested",
                actor=None,
                actor_label=email,
                after={"matched": False},
            )
