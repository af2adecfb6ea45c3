"""Organisation administration: who may manage whom, and what a refusal leaves behind."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from iproceeds.accounts.choices import Role
from iproceeds.accounts.models import User
from iproceeds.audit.models import AuditEvent


def _role_url(user):
    return reverse("accounts:user_role", kwargs={"pk": user.pk})


def _state(user):
    user.refresh_from_db()
    return (user.role, user.is_active)


def test_org_admin_lists_only_their_own_organisation(org_admin, officer, foreign_officer, verified_client):
    client = verified_client(org_admin)
    response = client.get(reverse("accounts:user_list"))
    assert [u.username for u in response.context["users"]] == ["officer", "orgadmin"]


def test_secretariat_lists_everyone(secretariat, officer, foreign_officer, verified_client):
    client = verified_client(secretariat)
    usernames = {u.username for u in client.get(reverse("accounts:user_list")).context["users"]}
    assert usernames == {"officer", "foreign", "secretariat"}


def test_org_admin_changes_a_role_in_their_organisation(org_admin, officer, verified_client):
    # when the organisation's administrator makes the officer a supervisor
    client = verified_client(org_admin)
    response = client.post(_role_url(officer), {"role": Role.SUPERVISOR})
    # then the role changes and the audit records before and after
    assert response.status_code == 302
    assert _state(officer) == (Role.SUPERVISOR, True)
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id, event.target_id, event.before, event.after) == (
        "accounts.user.role_changed",
        org_admin.pk,
        str(officer.pk),
        {"role": "officer"},
        {"role": "supervisor"},
    )


def test_org_admin_deactivates_and_reactivates_their_user(org_admin, officer, verified_client):
    client = verified_client(org_admin)
    client.post(reverse("accounts:user_deactivate", kwargs={"pk": officer.pk}))
    assert _state(officer) == (Role.OFFICER, False)
    client.post(reverse("accounts:user_reactivate", kwargs={"pk": officer.pk}))
    assert _state(officer) == (Role.OFFICER, True)
    assert list(AuditEvent.objects.order_by("seq").values_list("action", flat=True)) == [
        "accounts.user.deactivated",
        "accounts.user.reactivated",
    ]


def test_deactivated_user_is_signed_out_on_the_next_request(org_admin, officer, verified_client, client):
    from django.test import Client

    officers_client = Client()
    officers_client.force_login(officer)
    User.objects.filter(pk=officer.pk).update(is_active=False)
    response = officers_client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("url_name", "data"),
    [("user_role", {"role": Role.ORG_ADMIN}), ("user_deactivate", {}), ("user_reactivate", {})],
)
def test_org_admin_acting_on_a_foreign_user_gets_404_audited_and_nothing_changes(
    org_admin, foreign_officer, verified_client, url_name, data
):
    # given an administrator of another organisation than the target's
    client = verified_client(org_admin)
    before = _state(foreign_officer)
    # when they try to act on the foreign officer
    response = client.post(reverse(f"accounts:{url_name}", kwargs={"pk": foreign_officer.pk}), data)
    # then the answer is the one for a missing user, nothing changes, and the refusal is audited
    assert response.status_code == 404
    assert _state(foreign_officer) == before
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id, event.target_id) == (
        "accounts.user.access_refused",
        org_admin.pk,
        str(foreign_officer.pk),
    )


def test_foreign_and_missing_users_look_the_same(org_admin, foreign_officer, verified_client):
    client = verified_client(org_admin)
    foreign = client.get(reverse("accounts:user_detail", kwargs={"pk": foreign_officer.pk}))
    missing = client.get(reverse("accounts:user_detail", kwargs={"pk": 999_999}))
    assert (foreign.status_code, missing.status_code) == (404, 404)
    # the pages differ only in the per-response CSP nonce, masked CSRF token and echoed URL
    assert _normalised(foreign.content) == _normalised(missing.content)
    # a missing user is not a refusal: nothing is audited
    client.post(_role_url(User(pk=999_999)), {"role": Role.OFFICER})
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize("target_name", ["colleague", "foreign_officer"])
def test_officer_may_not_administer_anyone(
    officer, colleague, foreign_officer, verified_client, request, target_name
):
    target = request.getfixturevalue(target_name)
    client = verified_client(officer)
    assert client.get(reverse("accounts:user_list")).status_code == 403
    assert client.get(reverse("accounts:user_invite")).status_code == 403
    response = client.post(_role_url(target), {"role": Role.ORG_ADMIN})
    assert response.status_code == 403
    assert _state(target) == (Role.OFFICER, True)
    event = AuditEvent.objects.get()
    assert (event.action, event.target_id) == ("accounts.user.access_refused", str(target.pk))


@pytest.mark.parametrize("target_name", ["officer", "foreign_officer", "foreign_admin"])
def test_secretariat_administers_every_organisation(secretariat, verified_client, request, target_name):
    target = request.getfixturevalue(target_name)
    client = verified_client(secretariat)
    client.post(_role_url(target), {"role": Role.SUPERVISOR})
    client.post(reverse("accounts:user_deactivate", kwargs={"pk": target.pk}))
    assert _state(target) == (Role.SUPERVISOR, False)


def test_org_admin_cannot_create_auditors(org_admin, officer, verified_client):
    client = verified_client(org_admin)
    response = client.post(_role_url(officer), {"role": Role.AUDITOR})
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "role": ["Select a valid choice. auditor is not one of the available choices."]
    }
    assert _state(officer) == (Role.OFFICER, True)
    assert AuditEvent.objects.count() == 0


def test_admin_cannot_change_their_own_role_or_deactivate_themselves(org_admin, verified_client):
    client = verified_client(org_admin)
    response = client.post(_role_url(org_admin), {"role": Role.OFFICER})
    assert response.context["form"].errors == {"role": ["You cannot change your own role."]}
    client.post(reverse("accounts:user_deactivate", kwargs={"pk": org_admin.pk}))
    assert _state(org_admin) == (Role.ORG_ADMIN, True)
    assert AuditEvent.objects.count() == 0


def _invite(client, authority, **overrides):
    data = {
        "username": "newcomer",
        "email": "newcomer@example.invalid",
        "first_name": "Nova",
        "last_name": "Izmišljenić",
        "authority": authority.pk,
        "role": Role.OFFICER,
        **overrides,
    }
    return client.post(reverse("accounts:user_invite"), data)


def test_invitation_creates_a_passwordless_user_and_mails_a_link(
    org_admin, home_authority, verified_client, client, django_capture_on_commit_callbacks
):
    # when the administrator invites a colleague
    admin_client = verified_client(org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(admin_client, home_authority)
    # then the user exists in the administrator's organisation, without a usable password
    newcomer = User.objects.get(username="newcomer")
    assert response["Location"] == reverse("accounts:user_detail", kwargs={"pk": newcomer.pk})
    assert (newcomer.authority, newcomer.role, newcomer.has_usable_password()) == (
        home_authority,
        Role.OFFICER,
        False,
    )
    assert AuditEvent.objects.get().action == "accounts.user.invited"
    # and an e-mail carries the link to choose a password
    assert [m.to for m in mail.outbox] == [["newcomer@example.invalid"]]
    link = re.search(r"http://testserver(/accounts/password-reset/\S+/)", mail.outbox[0].body).group(1)
    admin_client.post(reverse("accounts:logout"))
    form_url = client.get(link)["Location"]
    password = "an invented first passphrase 9"
    client.post(form_url, {"new_password1": password, "new_password2": password})
    newcomer.refresh_from_db()
    assert newcomer.check_password(password)
    assert AuditEvent.objects.filter(action="accounts.user.password_changed").get().after == {
        "reason": "invitation"
    }


def test_org_admin_cannot_invite_into_another_organisation(org_admin, foreign_authority, verified_client):
    client = verified_client(org_admin)
    response = _invite(client, foreign_authority)
    assert response.context["form"].errors == {
        "authority": ["Select a valid choice. That choice is not one of the available choices."]
    }
    assert not User.objects.filter(username="newcomer").exists()
    assert mail.outbox == []
    assert AuditEvent.objects.count() == 0


def test_invitation_refuses_a_taken_username(org_admin, officer, home_authority, verified_client):
    client = verified_client(org_admin)
    response = _invite(client, home_authority, username="officer")
    assert response.context["form"].errors == {"username": ["A user with that username already exists."]}
    assert User.objects.filter(username="officer").count() == 1
    assert AuditEvent.objects.count() == 0


def test_secretariat_invites_into_any_organisation(
    secretariat, foreign_authority, verified_client, django_capture_on_commit_callbacks
):
    client = verified_client(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, foreign_authority, role=Role.AUDITOR)
    newcomer = User.objects.get(username="newcomer")
    assert (newcomer.authority, newcomer.role) == (foreign_authority, Role.AUDITOR)
    assert len(mail.outbox) == 1


def test_org_admin_cannot_manage_an_auditor_of_their_organisation(org_admin, auditor, verified_client):
    # auditors read the whole network's trail, so only the secretariat manages them
    client = verified_client(org_admin)
    response = client.post(_role_url(auditor), {"role": Role.OFFICER})
    assert response.context["form"].errors == {
        "__all__": ["Only the network secretariat manages auditors and secretariat members."]
    }
    client.post(reverse("accounts:user_deactivate", kwargs={"pk": auditor.pk}))
    assert _state(auditor) == (Role.AUDITOR, True)
    assert AuditEvent.objects.count() == 0


def _normalised(content: bytes) -> bytes:
    return re.sub(rb'(nonce|value)="[^"]*"', b"", content)
