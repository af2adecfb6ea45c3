"""Every accounts page renders for the people who may see it."""

import pytest
from django.urls import reverse

from iproceeds.accounts.tests.factories import totp_device_for


@pytest.mark.parametrize(
    "url_name",
    [
        "accounts:login",
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_complete",
    ],
)
def test_public_pages_render(client, db, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert b'<main id="main"' in response.content


@pytest.mark.parametrize(
    "url_name",
    [
        "accounts:profile",
        "accounts:security",
        "accounts:password_change",
        "accounts:recovery_codes",
        "accounts:totp_setup",
        "accounts:mfa_setup",
        "core:home",
    ],
)
def test_signed_in_pages_render(officer, verified_client, url_name):
    totp_device_for(officer)
    response = verified_client(officer).get(reverse(url_name))
    assert response.status_code == 200
    assert b'action="/accounts/logout/"' in response.content


@pytest.mark.parametrize("url_name", ["accounts:user_list", "accounts:user_invite"])
def test_admin_pages_render(org_admin, verified_client, url_name):
    assert verified_client(org_admin).get(reverse(url_name)).status_code == 200


def test_user_detail_renders_for_the_administrator(org_admin, officer, verified_client):
    response = verified_client(org_admin).get(reverse("accounts:user_detail", kwargs={"pk": officer.pk}))
    assert response.status_code == 200
    assert response.context["target"] == officer


def test_nav_shows_users_only_to_administrators(officer, org_admin, verified_client):
    assert b"/accounts/users/" not in verified_client(officer).get("/").content
    assert b"/accounts/users/" in verified_client(org_admin).get("/").content


def test_verify_field_has_its_help_text_tied_to_the_input(client, officer):
    totp_device_for(officer)
    client.force_login(officer)
    html = client.get(reverse("accounts:mfa_verify")).content.decode()
    assert 'aria-describedby="id_code_helptext"' in html
    assert 'for="id_code"' in html


def test_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(reverse("accounts:security"))
    assert response["Location"] == "/accounts/login/?next=/accounts/security/"
