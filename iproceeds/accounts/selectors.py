"""Reads of users, scoped to the administrator who asks."""

from typing import Any

from django.db.models import QuerySet
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from iproceeds.accounts.models import User
from iproceeds.accounts.permissions import can_administer_users, can_manage_user
from iproceeds.directory.models import Authority


def users_visible_to(*, actor: Any) -> QuerySet[User]:
    """Users the actor administers: their own organisation's, or everyone's for the secretariat."""
    if not can_administer_users(actor):
        return User.objects.none()
    users = User.objects.select_related("authority__party").order_by("authority__name", "username")
    return users if actor.is_secretariat else users.filter(authority_id=actor.authority_id)


def get_user_for_admin(*, actor: Any, pk: int) -> User | None:
    """The user the actor administers with this id; None alike for absent and foreign users."""
    return users_visible_to(actor=actor).filter(pk=pk).first()


def user_exists_outside_scope(*, actor: Any, pk: int) -> User | None:
    """The user with this id when it exists but the actor may not manage it (for the refusal audit)."""
    target = User.objects.filter(pk=pk).first()
    return target if target is not None and not can_manage_user(actor, target) else None


def authorities_for_invitation(*, actor: Any) -> QuerySet[Authority]:
    """The organisations the actor may add users to."""
    authorities = Authority.objects.select_related("party")
    if getattr(actor, "is_secretariat", False):
        return authorities.all()
    return authorities.filter(pk=actor.authority_id)


def factors_for_user(*, user: User) -> dict[str, Any]:
    """The user's second factors for the security page."""
    return {
        "totp_devices": list(TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk")),
        "passkeys": list(WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("pk")),
        "recovery_codes_left": StaticToken.objects.filter(
            device__user=user, device__confirmed=True, device__name="Recovery codes"
        ).count(),
        "recovery_device": StaticDevice.objects.filter(user=user, name="Recovery codes").first(),
    }
