"""Passkeys through the WebAuthn package's ceremony views: a second factor only, and audited."""

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp_webauthn.models import WebAuthnCredential
from webauthn.helpers import exceptions as pywebauthn_exceptions

from iproceeds.accounts.tests.factories import passkey_for
from iproceeds.audit.models import AuditEvent


class FakeHelper:
    """Stands in for the signature checks, which need a real authenticator."""

    def __init__(self, credential=None, error=None):
        self.credential, self.error = credential, error

    def authenticate_complete(self, *, user, state, data):
        if self.error:
            raise self.error
        return self.credential

    def register_complete(self, *, user, state, data):
        return self.credential(user) if callable(self.credential) else self.credential


@pytest.fixture
def fake_helper(monkeypatch):
    def install(**kwargs):
        helper = FakeHelper(**kwargs)
        monkeypatch.setattr(
            WebAuthnCredential, "get_webauthn_helper", classmethod(lambda cls, request: helper)
        )

    return install


def _with_state(client, key):
    session = client.session
    session[key] = {"challenge": "invented"}
    session.save()


def test_passkey_verifies_the_session_and_is_audited(client, officer, fake_helper):
    # given an officer past the password, with a passkey
    passkey = passkey_for(officer)
    client.force_login(officer)
    _with_state(client, "otp_webauthn_authentication_state")
    fake_helper(credential=passkey)
    # when the ceremony completes
    response = client.post(
        reverse("otp_webauthn:credential-authentication-complete"), data="{}", content_type="application/json"
    )
    # then the session is verified by the passkey, and it is audited
    assert response.status_code == 200
    assert client.session[DEVICE_ID_SESSION_KEY] == passkey.persistent_id
    event = AuditEvent.objects.get()
    assert (event.action, event.after["kind"]) == ("accounts.mfa.verified", "passkey")


def test_failed_passkey_is_refused_and_audited(client, officer, fake_helper):
    passkey_for(officer)
    client.force_login(officer)
    _with_state(client, "otp_webauthn_authentication_state")
    fake_helper(error=pywebauthn_exceptions.InvalidAuthenticationResponse("bad signature"))
    response = client.post(
        reverse("otp_webauthn:credential-authentication-complete"), data="{}", content_type="application/json"
    )
    assert response.status_code == 422
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["accounts.mfa.verification_failed"]


def test_passkey_cannot_sign_in_without_a_password(client, db):
    response = client.post(reverse("otp_webauthn:credential-authentication-begin"))
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_registered_passkey_is_audited(client, officer, fake_helper):
    # given an officer enrolling a passkey as their first factor
    client.force_login(officer)
    _with_state(client, "otp_webauthn_register_state")
    fake_helper(credential=lambda user: passkey_for(user))
    # when the registration ceremony completes
    response = client.post(
        reverse("otp_webauthn:credential-registration-complete"), data="{}", content_type="application/json"
    )
    # then the passkey is stored, the session verified, and the addition audited
    assert response.status_code == 200
    credential = WebAuthnCredential.objects.get(user=officer)
    assert client.session[DEVICE_ID_SESSION_KEY] == credential.persistent_id
    event = AuditEvent.objects.get()
    assert (event.action, event.after["kind"]) == ("accounts.mfa.device_added", "passkey")


def test_unverified_user_with_a_factor_cannot_register_a_passkey(client, officer, fake_helper):
    passkey_for(officer)
    client.force_login(officer)
    response = client.post(reverse("otp_webauthn:credential-registration-begin"))
    assert response.status_code == 403
    assert WebAuthnCredential.objects.filter(user=officer).count() == 1
    assert AuditEvent.objects.count() == 0
