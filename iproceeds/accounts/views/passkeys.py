"""The WebAuthn package's ceremony views, extended so that passkeys are audited like other factors."""

import json
from typing import Any

from django.db import transaction
from django.http import HttpResponse
from django_otp_webauthn import views as webauthn_views
from django_otp_webauthn.models import WebAuthnCredential

from iproceeds.accounts.services import mfa


class PasskeyRegistrationCompleteView(webauthn_views.CompleteCredentialRegistrationView):
    """Store a new passkey (the package checks it) and audit it in the same transaction."""

    def post(self, *args: Any, **kwargs: Any) -> HttpResponse:
        with transaction.atomic():
            response = super().post(*args, **kwargs)
            device = WebAuthnCredential.objects.get(pk=json.loads(response.content)["id"])
            mfa.passkey_added_record(device=device, actor=self.request.user)
        return response


class PasskeyAuthenticationCompleteView(webauthn_views.CompleteCredentialAuthenticationView):
    """Verify a passkey as the second factor of a signed-in user; audit success and failure."""

    def post(self, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response = super().post(*args, **kwargs)
        except Exception:
            mfa.passkey_verification_record(device=None, actor=self.request.user)
            raise
        device = WebAuthnCredential.objects.get(pk=json.loads(response.content)["id"])
        mfa.passkey_verification_record(device=device, actor=self.request.user)
        return response
