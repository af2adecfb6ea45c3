"""Creating, listing and revoking API tokens: services and the page."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from iproceeds.api import services, tokens
from iproceeds.api.models import ApiToken
from iproceeds.api.tests.factories import make_token
from iproceeds.audit.models import AuditEvent


def test_create_stores_only_the_hash_and_is_audited(officer):
    # when the officer creates a token
    api_token, raw = make_token(officer, scopes=["read"])
    # then the stored row holds the SHA-256 of the token, never the token itself
    assert raw.startswith(f"ipk_{api_token.prefix}_")
    assert api_token.secret_hash == tokens.hash_token(raw)
    assert raw not in str(ApiToken.objects.filter(pk=api_token.pk).values().get())
    event = AuditEvent.objects.get(action="api.token.created")
    assert event.actor == officer
    assert event.after["prefix"] == api_token.prefix
    assert raw.split("_")[-1] not in str(event.after)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "  "}, "name"),
        ({"scopes": []}, "scopes"),
        ({"scopes": ["read", "root"]}, "scopes"),
        ({"expires_at": None}, "expires_at"),
        ({"expires_at": "past"}, "expires_at"),
        ({"expires_at": "two_years"}, "expires_at"),
    ],
)
def test_create_refuses_bad_input_and_changes_nothing(officer, changes, field):
    # given input with one bad field
    now = timezone.now()
    moments = {"past": now - timedelta(minutes=1), "two_years": now + timedelta(days=730)}
    data = {"name": "CI", "scopes": ["read"], "expires_at": now + timedelta(days=10), **changes}
    data["expires_at"] = moments.get(data["expires_at"], data["expires_at"])
    # when the officer tries to create the token
    with pytest.raises(ValidationError) as refused:
        services.token_create(actor=officer, **data)
    # then the field is named and nothing was written
    assert list(refused.value.message_dict) == [field]
    assert ApiToken.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_revoke_is_audited_and_only_for_the_owner(officer, colleague):
    api_token, _ = make_token(officer)
    # when a colleague tries to revoke it, then it is refused
    with pytest.raises(PermissionDenied):
        services.token_revoke(api_token=api_token, actor=colleague)
    assert not AuditEvent.objects.filter(action="api.token.revoked").exists()
    # when the owner revokes it, then it is revoked and audited once, even if revoked again
    services.token_revoke(api_token=api_token, actor=officer)
    services.token_revoke(api_token=api_token, actor=officer)
    api_token.refresh_from_db()
    assert api_token.revoked_at is not None
    assert AuditEvent.objects.filter(action="api.token.revoked", actor=officer).count() == 1


def test_page_creates_a_token_and_shows_it_once(officer, verified_client):
    client = verified_client(officer)
    day = (timezone.localdate() + timedelta(days=30)).isoformat()
    # when the officer submits the form
    response = client.post(
        reverse("api:token_list"), {"name": "Case tool", "scopes": ["read"], "expires_on": day}
    )
    # then the page shows the token, and the next visit does not
    raw = response.context["new_token"]
    assert ApiToken.objects.get(user=officer).secret_hash == tokens.hash_token(raw)
    assert raw in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert raw not in client.get(reverse("api:token_list")).content.decode()


def test_page_refuses_an_expiry_beyond_one_year(officer, verified_client):
    client = verified_client(officer)
    day = (timezone.localdate() + timedelta(days=400)).isoformat()
    response = client.post(
        reverse("api:token_list"), {"name": "Case tool", "scopes": ["read"], "expires_on": day}
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {"expires_on": ["A token may live at most one year."]}
    assert ApiToken.objects.count() == 0


def test_page_lists_only_own_tokens_and_revokes(officer, colleague, verified_client):
    own, _ = make_token(officer, name="mine")
    make_token(colleague, name="theirs")
    client = verified_client(officer)
    assert [t.name for t in client.get(reverse("api:token_list")).context["tokens"]] == ["mine"]
    response = client.post(reverse("api:token_revoke", args=[own.pk]))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.revoked_at is not None


def test_revoking_another_users_token_is_404_and_changes_nothing(officer, colleague, verified_client):
    theirs, _ = make_token(colleague)
    before = AuditEvent.objects.count()
    response = verified_client(officer).post(reverse("api:token_revoke", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    assert AuditEvent.objects.count() == before


def test_page_needs_a_verified_second_factor(officer, client):
    # given a session signed in with the password only
    client.force_login(officer)
    # when the token page is asked for, then the user is sent to sign in (and no token is made)
    response = client.post(
        reverse("api:token_list"), {"name": "x", "scopes": ["read"], "expires_on": "2099-01-01"}
    )
    assert response.status_code == 302
    assert ApiToken.objects.count() == 0
