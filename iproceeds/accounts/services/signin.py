"""Sign-in, sign-out and session expiry: counting failures, locking out, auditing every outcome."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from iproceeds.accounts.models import User
from iproceeds.audit import services as audit


def _find_user(identifier: str) -> User | None:
    """The account named by username, or by e-mail address when that names exactly one account."""
    user = User.objects.filter(username=identifier).first()
    if user is not None:
        return user
    matches = list(User.objects.filter(Q(username__iexact=identifier) | Q(email__iexact=identifier))[:2])
    return matches[0] if len(matches) == 1 else None


def _record_failure(user: User, identifier: str, reason: str) -> None:
    audit.record(
        action="accounts.user.sign_in_failed",
        actor=user,
        actor_label=identifier,
        target=user,
        after={"reason": reason},
    )


def _count_failure(user: User, identifier: str) -> None:
    """Add one failure; at the limit, lock the account and start counting afresh."""
    user.failed_logins += 1
    _record_failure(user, identifier, "wrong_password")
    if user.failed_logins < settings.LOGIN_FAILURE_LIMIT:
        user.save(update_fields=["failed_logins"])
        return
    user.failed_logins = 0
    user.locked_until = timezone.now() + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    user.save(update_fields=["failed_logins", "locked_until"])
    audit.record(
        action="accounts.user.locked_out",
        actor=user,
        target=user,
        after={"locked_until": user.locked_until, "minutes": settings.LOGIN_LOCKOUT_MINUTES},
    )


def sign_in_attempt(*, identifier: str, password: str, actor: Any) -> User | None:
    """Check a username or e-mail and password; return the user, or None after counting the failure."""
    identifier = identifier.strip()
    found = _find_user(identifier)
    if found is None:
        # Hash anyway, so that response time does not tell whether the account exists.
        User().set_password(password)
        audit.record(
            action="accounts.user.sign_in_failed",
            actor=None,
            actor_label=identifier,
            after={"reason": "unknown_user"},
        )
        return None
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=found.pk)
        if user.locked_until is not None and user.locked_until > timezone.now():
            User().set_password(password)  # the same work as a password check, so timing reveals nothing
            _record_failure(user, identifier, "locked")
            return None
        if not (user.check_password(password) and user.is_active):
            _count_failure(user, identifier)
            return None
        user.failed_logins, user.locked_until = 0, None
        user.save(update_fields=["failed_logins", "locked_until"])
        audit.record(action="accounts.user.signed_in", actor=user, target=user)
    return user


def sign_out_record(*, actor: User) -> None:
    """Audit a deliberate sign-out (the view ends the session)."""
    audit.record(action="accounts.user.signed_out", actor=actor, target=actor)


def session_expiry_record(*, actor: User, idle_seconds: int) -> None:
    """Audit a session ended for inactivity (the middleware ends the session)."""
    audit.record(
        action="accounts.session.expired", actor=actor, target=actor, after={"idle_seconds": idle_seconds}
    )
