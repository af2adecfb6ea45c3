"""Sign-in: password check, lockout, unrevealing messages, CSRF, sign-out and audit."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from iproceeds.accounts.models import User
from iproceeds.accounts.tests.factories import PASSWORD
from iproceeds.accounts.views.auth import sign_in_refused_message
from iproceeds.audit.models import AuditEvent

LOGIN = "/accounts/login/"


def _post(client, identifier, password):
    return client.post(LOGIN, {"identifier": identifier, "password": password})


def _actions():
    return list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))


def test_production_hasher_is_argon2():
    # given the production settings module (tests swap in a fast hasher)
    import config.settings as production

    # then Argon2 hashes new passwords
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_login_url_is_mounted():
    assert reverse("accounts:login") == LOGIN


@pytest.mark.parametrize("identifier", ["officer", "officer@example.invalid", "OFFICER@example.invalid"])
def test_sign_in_with_username_or_email(client, officer, identifier):
    # when the officer signs in with a username or e-mail address
    response = _post(client, identifier, PASSWORD)
    # then the session belongs to them, the second factor comes next, and it is audited
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == officer.pk
    event = AuditEvent.objects.get(action="accounts.user.signed_in")
    assert (event.actor_id, event.target_id) == (officer.pk, str(officer.pk))


def test_sign_in_sets_the_language_cookie(client, officer):
    officer.language = "sq"
    officer.save(update_fields=["language"])
    response = _post(client, "officer", PASSWORD)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "sq"


def test_wrong_password_is_refused_counted_and_audited(client, officer):
    # when the password is wrong
    response = _post(client, "officer", "not the password")
    # then the form names the problem without saying which part was wrong
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [sign_in_refused_message()]
    assert "_auth_user_id" not in client.session
    officer.refresh_from_db()
    assert officer.failed_logins == 1
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id, event.after) == (
        "accounts.user.sign_in_failed",
        officer.pk,
        {"reason": "wrong_password"},
    )


def test_unknown_user_gets_the_same_message_and_is_audited_by_name(client, officer):
    # when someone tries a username that does not exist
    response = _post(client, "nobody-here", PASSWORD)
    # then the message is the one a wrong password gets
    assert response.context["form"].non_field_errors() == [sign_in_refused_message()]
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id, event.actor_label) == (
        "accounts.user.sign_in_failed",
        None,
        "nobody-here",
    )


def test_lockout_after_the_failure_limit(client, officer):
    # given LOGIN_FAILURE_LIMIT wrong passwords in a row
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _post(client, "officer", "wrong")
    officer.refresh_from_db()
    # then the account is locked for LOGIN_LOCKOUT_MINUTES
    remaining = officer.locked_until - timezone.now()
    assert timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES - 1) < remaining
    assert remaining <= timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    assert _actions().count("accounts.user.locked_out") == 1
    # and even the right password is refused, with the same message
    response = _post(client, "officer", PASSWORD)
    assert response.context["form"].non_field_errors() == [sign_in_refused_message()]
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="accounts.user.sign_in_failed").first().after == {
        "reason": "locked"
    }


def test_lockout_ends_after_its_time(client, officer):
    # given a lockout that has run out
    User.objects.filter(pk=officer.pk).update(locked_until=timezone.now() - timedelta(seconds=1))
    # when the officer signs in with the right password
    _post(client, "officer", PASSWORD)
    # then they are in and the counters are clear
    officer.refresh_from_db()
    assert int(client.session["_auth_user_id"]) == officer.pk
    assert (officer.failed_logins, officer.locked_until) == (0, None)


def test_success_resets_the_failure_count(client, officer):
    _post(client, "officer", "wrong")
    _post(client, "officer", PASSWORD)
    officer.refresh_from_db()
    assert officer.failed_logins == 0


def test_deactivated_user_cannot_sign_in(client, officer):
    User.objects.filter(pk=officer.pk).update(is_active=False)
    response = _post(client, "officer", PASSWORD)
    assert response.context["form"].non_field_errors() == [sign_in_refused_message()]
    assert "_auth_user_id" not in client.session


def test_sign_in_without_csrf_token_is_refused_and_changes_nothing(officer):
    # given a client that enforces CSRF like a browser
    client = Client(enforce_csrf_checks=True)
    # when it posts wrong credentials without a token
    response = client.post(LOGIN, {"identifier": "officer", "password": "wrong"})
    # then the request is refused before any counting or auditing
    assert response.status_code == 403
    officer.refresh_from_db()
    assert officer.failed_logins == 0
    assert AuditEvent.objects.count() == 0


def test_sign_in_with_csrf_token_works(officer):
    client = Client(enforce_csrf_checks=True)
    client.get(LOGIN)
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(
        LOGIN, {"identifier": "officer", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_empty_fields_name_the_field(client, db):
    response = _post(client, "", "")
    assert response.context["form"].errors == {
        "identifier": ["This field is required."],
        "password": ["This field is required."],
    }
    assert AuditEvent.objects.count() == 0


def test_next_is_kept_only_on_this_site(client, officer):
    response = client.post(
        LOGIN + "?next=https://evil.example.invalid/", {"identifier": "officer", "password": PASSWORD}
    )
    assert response["Location"] == reverse("core:home")


def test_sign_out_is_audited(officer, verified_client):
    client = verified_client(officer)
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(action="accounts.user.signed_out")
    assert event.actor_id == officer.pk


def test_sign_out_needs_post(officer, verified_client):
    client = verified_client(officer)
    assert client.get(reverse("accounts:logout")).status_code == 405
