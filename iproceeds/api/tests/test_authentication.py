"""Bearer-token authentication, scopes and refusals in the one error format."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from iproceeds.api import services
from iproceeds.api.models import ApiToken
from iproceeds.api.tests.factories import bearer, make_token
from iproceeds.audit.models import AuditEvent

ME = "/api/v1/me/"


@pytest.fixture
def api():
    return APIClient()


def test_me_answers_for_the_tokens_user(api, officer):
    _, raw = make_token(officer, scopes=["read"])
    response = api.get(ME, **bearer(raw))
    assert response.status_code == 200
    assert response.json() == {
        "username": "officer",
        "name": officer.get_full_name(),
        "authority": {"id": officer.authority.pk, "name": "Demo Cybercrime Unit Belgrade"},
        "party": {"code": "RS", "name": "Serbia"},
        "role": "officer",
        "language": "en",
        "time_zone": "UTC",
    }
    assert ApiToken.objects.get().last_used_at is not None


def test_no_credentials_is_401_in_the_error_format(api, db):
    response = api.get(ME)
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["code"] == "not_authenticated"
    assert error["message"] == "Authentication credentials were not provided."
    assert error["fields"] == {}
    assert error["request_id"] == response["X-Request-ID"]
    assert response["WWW-Authenticate"] == "Bearer"


def _expire(api_token, officer):
    ApiToken.objects.filter(pk=api_token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))


def _revoke(api_token, officer):
    services.token_revoke(api_token=api_token, actor=officer)


def _deactivate(api_token, officer):
    officer.is_active = False
    officer.save(update_fields=["is_active"])


@pytest.mark.parametrize(
    ("spoil", "reason"), [(_expire, "expired"), (_revoke, "revoked"), (_deactivate, "user_inactive")]
)
def test_unusable_token_is_401_and_audited_by_prefix(api, officer, spoil, reason):
    # given a token that was fine and is now expired, revoked, or whose user is deactivated
    api_token, raw = make_token(officer)
    spoil(api_token, officer)
    # when it is used
    response = api.get(ME, **bearer(raw))
    # then 401, and the refusal is audited with the prefix only
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    event = AuditEvent.objects.get(action="api.token.refused")
    assert event.after == {"reason": reason, "prefix": api_token.prefix}
    assert (event.target_type, event.target_id) == ("api.apitoken", str(api_token.pk))
    assert raw.split("_")[-1] not in str(event.after) + event.target_label


def test_unknown_token_is_401_and_audited(api, officer):
    api_token, raw = make_token(officer)
    forged = raw[:-4] + ("AAAA" if not raw.endswith("AAAA") else "BBBB")
    response = api.get(ME, **bearer(forged))
    assert response.status_code == 401
    assert AuditEvent.objects.get(action="api.token.refused").after == {
        "reason": "unknown",
        "prefix": api_token.prefix,
    }


def test_malformed_token_is_401_and_audited_without_prefix(api, db):
    response = api.get(ME, HTTP_AUTHORIZATION="Bearer not-a-token")
    assert response.status_code == 401
    assert AuditEvent.objects.get(action="api.token.refused").after == {"reason": "malformed", "prefix": ""}


def test_token_without_the_scope_is_403(api, officer):
    _, raw = make_token(officer, scopes=["write"])
    response = api.get(ME, **bearer(raw))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_session_alone_does_not_open_the_api(officer, verified_client):
    assert verified_client(officer).get(ME).status_code == 401


def test_errors_speak_the_tokens_users_language(api, officer):
    # given a French-speaking officer
    officer.language = "fr"
    officer.save(update_fields=["language"])
    _, raw = make_token(officer)
    # when they ask for a notification that does not exist
    response = api.post("/api/v1/notifications/999/read/", **bearer(raw))
    # then the message is French (Django REST framework's own catalogue)
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "Non trouvé."
    assert response["Content-Language"] == "fr"
