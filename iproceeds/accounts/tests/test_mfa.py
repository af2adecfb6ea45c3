"""Second factors: enforced before any data, TOTP set-up and verification, recovery codes, removal."""

from base64 import b32encode

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from iproceeds.accounts.services import mfa
from iproceeds.accounts.tests.factories import current_code, totp_device_for, wrong_code
from iproceeds.audit.models import AuditEvent

HOME = "/"
VERIFY = "/accounts/mfa/verify/"


def _signed_in_unverified(client, user):
    client.force_login(user)
    return client


def test_unverified_user_with_a_device_is_sent_to_verification(client, officer):
    # given an officer who passed the password but not the second factor
    totp_device_for(officer)
    _signed_in_unverified(client, officer)
    # when they open any page with data
    response = client.get(reverse("audit:event_list"))
    # then they must verify first
    assert response.status_code == 302
    assert response["Location"] == VERIFY + "?next=%2Faudit%2F"


def test_user_without_a_device_is_sent_to_set_up(client, officer):
    _signed_in_unverified(client, officer)
    response = client.get(HOME)
    assert response["Location"] == reverse("accounts:mfa_setup") + "?next=%2F"


def test_empty_recovery_device_does_not_count_as_a_factor(client, officer):
    StaticDevice.objects.create(user=officer, name="Recovery codes")
    _signed_in_unverified(client, officer)
    assert client.get(HOME)["Location"].startswith(reverse("accounts:mfa_setup"))


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/mfa/verify/",
        "/accounts/mfa/passkeys/authentication/begin/",
        "/accounts/logout/",
        "/accounts/password-reset/",
        "/i18n/setlang/",
        "/static/accounts/passkey.js",
        "/jsi18n/",
        "/api/anything",
    ],
)
def test_allow_listed_paths_are_not_redirected_to_verification(client, officer, path):
    # given an officer past the password only
    totp_device_for(officer)
    _signed_in_unverified(client, officer)
    response = client.get(path)
    assert not (response.status_code == 302 and response["Location"].startswith(VERIFY))


def test_verified_user_reaches_pages(officer, verified_client):
    client = verified_client(officer)
    assert client.get(HOME).status_code == 200


def test_totp_set_up_shows_qr_svg_and_secret(client, officer):
    _signed_in_unverified(client, officer)
    response = client.get(reverse("accounts:totp_setup"))
    device = TOTPDevice.objects.get(user=officer)
    assert device.confirmed is False
    content = response.content.decode()
    assert "<svg" in content
    assert 'id="totp-secret"' in content
    assert response.context["secret"].replace(" ", "") == b32encode(device.bin_key).decode()


def test_totp_set_up_confirmed_by_a_code_verifies_the_session(client, officer):
    # given an officer setting up their first authenticator
    _signed_in_unverified(client, officer)
    client.get(reverse("accounts:totp_setup"))
    device = TOTPDevice.objects.get(user=officer)
    # when they enter the code the app shows
    response = client.post(reverse("accounts:totp_setup"), {"code": current_code(device)})
    # then the device is confirmed, the session verified, and the addition audited
    assert response["Location"] == reverse("accounts:recovery_codes")
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    event = AuditEvent.objects.get(action="accounts.mfa.device_added")
    assert event.after == {"device": device.persistent_id, "kind": "totp", "name": "Authenticator app"}


def test_totp_set_up_refuses_a_wrong_code(client, officer):
    _signed_in_unverified(client, officer)
    client.get(reverse("accounts:totp_setup"))
    device = TOTPDevice.objects.get(user=officer)
    response = client.post(reverse("accounts:totp_setup"), {"code": wrong_code(device)})
    assert response.context["form"].errors == {
        "code": ["This code is wrong or has expired. Enter the current code."]
    }
    device.refresh_from_db()
    assert device.confirmed is False
    assert AuditEvent.objects.count() == 0


def test_unverified_user_with_a_factor_cannot_add_another(client, officer):
    # given someone who knows the password but has not proved the existing factor
    totp_device_for(officer)
    _signed_in_unverified(client, officer)
    # when they try to add their own authenticator
    response = client.get(reverse("accounts:totp_setup"))
    # then they are sent to verification and no device is created
    assert response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=officer).count() == 1


def test_verify_with_the_current_code(client, officer):
    device = totp_device_for(officer)
    _signed_in_unverified(client, officer)
    response = client.post(VERIFY + "?next=/audit/", {"code": current_code(device), "next": "/audit/"})
    assert response["Location"] == "/audit/"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id) == ("accounts.mfa.verified", officer.pk)


def test_wrong_code_is_refused_and_audited(client, officer):
    device = totp_device_for(officer)
    _signed_in_unverified(client, officer)
    response = client.post(VERIFY, {"code": wrong_code(device)})
    assert response.context["form"].errors == {
        "code": ["This code is wrong, has expired or was already used."]
    }
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["accounts.mfa.verification_failed"]


def test_replayed_code_is_refused(client, officer):
    # given a code that has just been used
    device = totp_device_for(officer)
    code = current_code(device)
    assert mfa.mfa_verify(user=officer, code=code, actor=officer) is not None
    # when the same code is presented again (django-otp remembers the last time step)
    _signed_in_unverified(client, officer)
    response = client.post(VERIFY, {"code": code})
    # then it is refused and audited
    assert response.context["form"].errors == {
        "code": ["This code is wrong, has expired or was already used."]
    }
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert AuditEvent.objects.filter(action="accounts.mfa.verification_failed").count() == 1


def test_recovery_codes_generated_shown_once_and_each_used_once(officer, verified_client, client):
    # given an officer with an authenticator who generates recovery codes
    totp_device_for(officer)
    signed = verified_client(officer)
    response = signed.post(reverse("accounts:recovery_codes"))
    codes = response.context["codes"]
    assert len(codes) == 10 == len(set(codes))
    assert AuditEvent.objects.get(action="accounts.mfa.recovery_codes_generated").after["count"] == 10
    # and the page does not show them again
    assert signed.get(reverse("accounts:recovery_codes")).context["codes"] is None
    # when a code is used to verify a new session
    assert mfa.mfa_verify(user=officer, code=codes[0], actor=officer) is not None
    # then it cannot be used again, while the others still work
    assert mfa.mfa_verify(user=officer, code=codes[0], actor=officer) is None
    assert StaticToken.objects.filter(device__user=officer, device__name="Recovery codes").count() == 9


def test_regenerating_recovery_codes_replaces_the_old_ones(officer):
    totp_device_for(officer)
    old = mfa.recovery_codes_generate(actor=officer)
    new = mfa.recovery_codes_generate(actor=officer)
    tokens = set(StaticToken.objects.filter(device__user=officer).values_list("token", flat=True))
    assert tokens == set(new)
    assert not tokens & set(old)


def test_recovery_codes_need_a_primary_factor(client, officer):
    _signed_in_unverified(client, officer)
    response = client.post(reverse("accounts:recovery_codes"))
    assert response["Location"] == reverse("accounts:mfa_setup")
    assert StaticToken.objects.count() == 0


def test_last_factor_cannot_be_removed(officer, verified_client):
    # given an officer with a single authenticator
    device = totp_device_for(officer)
    client = verified_client(officer)
    # when they try to remove it
    response = client.post(reverse("accounts:device_remove"), {"device": device.persistent_id}, follow=True)
    # then it stays, with a message, and nothing is audited
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert [str(m) for m in response.context["messages"]] == [
        "You cannot remove your last second factor. Add another authenticator app or passkey first."
    ]
    assert AuditEvent.objects.count() == 0


def test_a_second_factor_can_be_removed_when_another_remains(officer, verified_client):
    first, second = totp_device_for(officer), totp_device_for(officer)
    client = verified_client(officer)
    client.post(reverse("accounts:device_remove"), {"device": second.persistent_id})
    assert list(TOTPDevice.objects.filter(user=officer)) == [first]
    assert AuditEvent.objects.get().action == "accounts.mfa.device_removed"


def test_another_users_device_cannot_be_removed(officer, colleague, verified_client):
    theirs = totp_device_for(colleague)
    totp_device_for(colleague)
    client = verified_client(officer)
    response = client.post(reverse("accounts:device_remove"), {"device": theirs.persistent_id})
    assert response.status_code == 404
    assert TOTPDevice.objects.filter(pk=theirs.pk).exists()


def test_security_page_lists_factors(officer, verified_client):
    totp_device_for(officer)
    client = verified_client(officer)
    response = client.get(reverse("accounts:security"))
    assert response.status_code == 200
    assert len(response.context["totp_devices"]) == 1
    assert 'id="passkey-registration-placeholder"' in response.content.decode()


def test_demo_code_shown_only_for_demo_accounts_in_demo_mode(client, officer, settings):
    device = totp_device_for(officer)
    _signed_in_unverified(client, officer)
    settings.DEMO_MODE = True
    # a real account never sees its code, even in demo mode
    assert client.get(VERIFY).context["demo_code"] is None
    officer.is_demo = True
    officer.save(update_fields=["is_demo"])
    response = client.get(VERIFY)
    assert response.context["demo_code"] == current_code(device)
    assert 'id="demo-code"' in response.content.decode()
    # and outside demo mode a demo account sees nothing either
    settings.DEMO_MODE = False
    assert client.get(VERIFY).context["demo_code"] is None


def test_verify_page_offers_a_passkey_when_the_user_has_one(client, officer):
    from iproceeds.accounts.tests.factories import passkey_for

    passkey_for(officer)
    _signed_in_unverified(client, officer)
    content = client.get(VERIFY).content.decode()
    assert 'id="passkey-verification-placeholder"' in content
    assert "otp_webauthn_auth.js" in content


def test_verify_page_sends_a_user_without_factors_to_set_up(client, officer):
    _signed_in_unverified(client, officer)
    response = client.get(VERIFY)
    assert response["Location"] == reverse("accounts:mfa_setup") + "?next=%2F"


def test_verification_gives_a_new_session_id(client, officer):
    device = totp_device_for(officer)
    _signed_in_unverified(client, officer)
    before = client.session.session_key
    client.post(VERIFY, {"code": current_code(device)})
    assert client.session.session_key != before
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
