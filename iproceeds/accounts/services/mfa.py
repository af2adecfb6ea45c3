"""Second factors: authenticator apps (TOTP), passkeys (WebAuthn) and one-time recovery codes."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from iproceeds.accounts.models import User
from iproceeds.audit import services as audit

RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "Recovery codes"
TOTP_DEVICE_NAME = "Authenticator app"
_TOTP_CODE = re.compile(r"^\d{6}$")
LAST_FACTOR_MESSAGE = gettext_noop(
    "You cannot remove your last second factor. Add another authenticator app or passkey first."
)


def device_kind(device: Device) -> str:
    """A short, stable name for the kind of factor, used in audit records and templates."""
    if isinstance(device, TOTPDevice):
        return "totp"
    if isinstance(device, WebAuthnCredential):
        return "passkey"
    return "recovery_codes"


def primary_factor_count(user: User) -> int:
    """Confirmed authenticator apps and passkeys; recovery codes are only a back-up."""
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).count()
        + WebAuthnCredential.objects.filter(user=user, confirmed=True).count()
    )


def has_usable_factor(user: User) -> bool:
    """True when the user can prove a second factor: a primary factor or an unused recovery code."""
    return (
        primary_factor_count(user) > 0
        or StaticToken.objects.filter(device__user=user, device__confirmed=True).exists()
    )


def _audit_device(action: str, actor: User, device: Device) -> None:
    audit.record(
        action=action,
        actor=actor,
        target=actor,
        after={"device": device.persistent_id, "kind": device_kind(device), "name": device.name},
    )


def totp_device_start(*, actor: User) -> TOTPDevice:
    """The user's pending authenticator-app device, created with a fresh secret if there is none."""
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice(user=actor, name=TOTP_DEVICE_NAME, confirmed=False)
        device.full_clean()
        device.save()
    return device


def totp_device_confirm(*, device: TOTPDevice, code: str, actor: User) -> None:
    """Confirm a pending authenticator app with a code it shows; refuse a wrong code."""
    if device.user_id != actor.pk or device.confirmed:
        raise PermissionDenied
    with transaction.atomic():
        if not device.verify_token(code.strip()):
            raise ValidationError({"code": _("This code is wrong or has expired. Enter the current code.")})
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        _audit_device("accounts.mfa.device_added", actor, device)


def _verifiable_devices(user: User, code: str) -> list[Device]:
    # Route the code by its shape, so a mistyped app code does not throttle the recovery codes.
    if _TOTP_CODE.match(code):
        return list(TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True))
    return list(StaticDevice.objects.select_for_update().filter(user=user, confirmed=True))


def mfa_verify(*, user: User, code: str, actor: User) -> Device | None:
    """Check a code from an authenticator app or a recovery code; each code works once."""
    code = code.replace(" ", "").strip().lower()
    with transaction.atomic():
        for device in _verifiable_devices(user, code):
            if device.verify_token(code):
                _audit_device("accounts.mfa.verified", actor, device)
                return device
    audit.record(action="accounts.mfa.verification_failed", actor=actor, target=user)
    return None


def passkey_verification_record(*, device: Device | None, actor: User) -> None:
    """Audit the outcome of a passkey ceremony (the WebAuthn package checks the signature)."""
    if device is None:
        audit.record(action="accounts.mfa.verification_failed", actor=actor, target=actor)
    else:
        _audit_device("accounts.mfa.verified", actor, device)


def passkey_added_record(*, device: Device, actor: User) -> None:
    """Audit a passkey that the WebAuthn package has just stored."""
    _audit_device("accounts.mfa.device_added", actor, device)


def recovery_codes_generate(*, actor: User) -> list[str]:
    """Replace the user's recovery codes with ten fresh ones; the caller shows them once."""
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=actor, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _i in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
        audit.record(
            action="accounts.mfa.recovery_codes_generated",
            actor=actor,
            target=actor,
            after={"device": device.persistent_id, "count": len(codes)},
        )
    return codes


def mfa_device_remove(*, device: Device, actor: User) -> None:
    """Remove one of the user's own factors, never the last authenticator app or passkey."""
    if device.user_id != actor.pk:
        raise PermissionDenied
    with transaction.atomic():
        remaining = primary_factor_count(actor) - (
            device_kind(device) != "recovery_codes" and device.confirmed
        )
        if remaining < 1:
            raise ValidationError(_(LAST_FACTOR_MESSAGE))
        _audit_device("accounts.mfa.device_removed", actor, device)
        device.delete()
