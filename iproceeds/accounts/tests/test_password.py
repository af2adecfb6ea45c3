"""Password reset by e-mail (set-password links) and password change."""

import re

from django.core import mail
from django.urls import reverse

from iproceeds.accounts.tests.factories import PASSWORD
from iproceeds.audit.models import AuditEvent

RESET = "/accounts/password-reset/"
NEW_PASSWORD = "a fresh invented passphrase 77"


def _link(message):
    return re.search(r"https?://[^/]+(/accounts/password-reset/\S+/)", message.body).group(1)


def test_reset_mails_a_link_and_is_audited(client, officer):
    # when the officer asks for a reset
    response = client.post(RESET, {"email": "officer@example.invalid"})
    # then one e-mail with a link goes to them, and the request is audited
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert [m.to for m in mail.outbox] == [["officer@example.invalid"]]
    assert mail.outbox[0].subject == "iproceeds: choose a new password"
    event = AuditEvent.objects.get()
    assert (event.action, event.target_id, event.actor_label) == (
        "accounts.user.password_reset_requested",
        str(officer.pk),
        "officer@example.invalid",
    )


def test_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client, officer):
    response = client.post(RESET, {"email": "stranger@example.invalid"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []
    assert AuditEvent.objects.get().after == {"matched": False}


def test_reset_refuses_a_malformed_address(client, db):
    response = client.post(RESET, {"email": "not-an-address"})
    assert response.context["form"].errors == {"email": ["Enter a valid email address."]}
    assert mail.outbox == []
    assert AuditEvent.objects.count() == 0


def test_reset_link_sets_the_password_once_and_clears_a_lockout(client, officer):
    # given a locked officer who received a reset link
    officer.failed_logins = 3
    officer.save(update_fields=["failed_logins"])
    client.post(RESET, {"email": "officer@example.invalid"})
    link = _link(mail.outbox[0])
    # when they follow it and choose a new password
    form_url = client.get(link)["Location"]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    # then the new password works, the counters are clear, and the change is audited
    assert response["Location"] == reverse("accounts:password_reset_complete")
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)
    assert officer.failed_logins == 0
    assert AuditEvent.objects.filter(action="accounts.user.password_changed").get().after == {
        "reason": "reset"
    }
    # and the link does not work a second time
    assert client.get(link, follow=True).context["validlink"] is False


def test_reset_refuses_mismatched_passwords(client, officer):
    client.post(RESET, {"email": "officer@example.invalid"})
    form_url = client.get(_link(mail.outbox[0]))["Location"]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": "something else 123"})
    assert response.context["form"].errors == {"new_password2": ["The two password fields didn’t match."]}
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


def test_password_change_is_audited(officer, verified_client):
    client = verified_client(officer)
    data = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    response = client.post(reverse("accounts:password_change"), data)
    assert response["Location"] == reverse("accounts:security")
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id, event.after) == (
        "accounts.user.password_changed",
        officer.pk,
        {"reason": "change"},
    )
    # the session stays signed in and verified
    assert client.get("/").status_code == 200


def test_password_change_refuses_a_wrong_old_password(officer, verified_client):
    client = verified_client(officer)
    data = {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    response = client.post(reverse("accounts:password_change"), data)
    assert response.context["form"].errors == {
        "old_password": ["Your old password was entered incorrectly. Please enter it again."]
    }
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)
    assert AuditEvent.objects.count() == 0
