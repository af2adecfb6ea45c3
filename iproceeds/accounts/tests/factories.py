"""Factories for users (invented names and addresses only)."""

import factory

from iproceeds.accounts.choices import Role
from iproceeds.accounts.models import User
from iproceeds.directory.tests.factories import AuthorityFactory

PASSWORD = "correct horse battery staple 42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    first_name = "Ana"
    last_name = factory.Sequence(lambda n: f"Testić{n}")
    authority = factory.SubFactory(AuthorityFactory)
    role = Role.OFFICER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def totp_device_for(user, *, confirmed=True):
    """A confirmed authenticator-app device for the user."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=confirmed)


def current_code(device):
    """The code the device's authenticator app shows right now."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(totp.token()).zfill(device.digits)


def wrong_code(device):
    """A six-digit code that the device does not accept now (nor in the neighbouring steps)."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    now = totp.t()
    valid = set()
    for offset in (-1, 0, 1):
        totp_at = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp_at.time = (now + offset) * device.step + device.t0
        valid.add(str(totp_at.token()).zfill(device.digits))
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)


def passkey_for(user):
    """A stored passkey credential (the key material is invented; no ceremony is run)."""
    import hashlib

    from django_otp_webauthn.models import WebAuthnCredential

    credential_id = hashlib.sha256(f"passkey:{user.pk}".encode()).digest()
    return WebAuthnCredential.objects.create(
        user=user,
        name="Test passkey",
        confirmed=True,
        credential_id=credential_id,
        public_key=b"\x00" * 32,
        sign_count=0,
        transports=[],
    )
