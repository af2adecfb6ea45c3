"""Idle expiry, the user's time zone and language: middleware, profile page and language switcher."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from iproceeds.accounts.middleware import ACTIVITY_STAMP_SECONDS, LAST_ACTIVITY_SESSION_KEY
from iproceeds.accounts.services import profile
from iproceeds.audit.models import AuditEvent

PROFILE = "/accounts/profile/"


def _set_last_activity(client, seconds_ago):
    session = client.session
    session[LAST_ACTIVITY_SESSION_KEY] = int(timezone.now().timestamp()) - seconds_ago
    session.save()


def test_active_session_records_activity(officer, verified_client):
    client = verified_client(officer)
    client.get("/")
    assert abs(client.session[LAST_ACTIVITY_SESSION_KEY] - int(timezone.now().timestamp())) <= 1


def test_recent_activity_stamp_is_kept_without_saving_the_session(officer, verified_client):
    # given a session whose activity was stamped less than ACTIVITY_STAMP_SECONDS ago
    client = verified_client(officer)
    _set_last_activity(client, ACTIVITY_STAMP_SECONDS - 10)
    stamped = client.session[LAST_ACTIVITY_SESSION_KEY]
    session_row = Session.objects.get(session_key=client.session.session_key)
    # when the officer opens a page
    assert client.get("/").status_code == 200
    # then the stamp and the stored session row stay as they were (no write per request)
    assert client.session[LAST_ACTIVITY_SESSION_KEY] == stamped
    assert Session.objects.get(session_key=session_row.session_key).session_data == session_row.session_data


def test_stale_activity_stamp_is_renewed(officer, verified_client):
    # given a session stamped ACTIVITY_STAMP_SECONDS ago, well within the idle limit
    client = verified_client(officer)
    _set_last_activity(client, ACTIVITY_STAMP_SECONDS)
    # when the officer opens a page
    assert client.get("/").status_code == 200
    # then the stamp is now
    assert abs(client.session[LAST_ACTIVITY_SESSION_KEY] - int(timezone.now().timestamp())) <= 1


def test_session_within_the_limit_stays(officer, verified_client):
    client = verified_client(officer)
    _set_last_activity(client, settings.SESSION_IDLE_TIMEOUT_SECONDS - 5)
    assert client.get("/").status_code == 200


def test_idle_session_expires_with_a_message_and_an_audit_event(officer, verified_client):
    # given a session idle for longer than the limit
    client = verified_client(officer)
    _set_last_activity(client, settings.SESSION_IDLE_TIMEOUT_SECONDS + 60)
    # when the officer comes back
    response = client.get("/audit/", follow=True)
    # then they are signed out and sent to sign in, told why
    assert response.redirect_chain[0] == ("/accounts/login/?next=%2Faudit%2F", 302)
    assert "_auth_user_id" not in client.session
    assert [str(m) for m in response.context["messages"]] == [
        "Your session expired after inactivity. Please sign in again."
    ]
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id) == ("accounts.session.expired", officer.pk)
    assert event.after["idle_seconds"] >= settings.SESSION_IDLE_TIMEOUT_SECONDS + 60


def test_user_time_zone_is_active_during_the_request(officer, verified_client):
    officer.timezone = "Asia/Tokyo"
    officer.save(update_fields=["timezone"])
    client = verified_client(officer)
    response = client.get("/")
    assert response.context["TIME_ZONE"] == "Asia/Tokyo"


def test_profile_change_is_saved_audited_and_sets_the_language_cookie(officer, verified_client):
    # given the officer on their profile page
    client = verified_client(officer)
    old_last_name = officer.last_name
    data = {
        "first_name": "Vesna",
        "last_name": "Izmišljena",
        "language": "sr-latn",
        "timezone": "Europe/Belgrade",
    }
    # when they save a new name, language and zone
    response = client.post(PROFILE, data)
    # then the profile holds them, the language cookie follows, and the change is audited with before/after
    assert response.status_code == 302
    officer.refresh_from_db()
    assert (officer.first_name, officer.last_name, officer.language, officer.timezone) == (
        "Vesna",
        "Izmišljena",
        "sr-latn",
        "Europe/Belgrade",
    )
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "sr-latn"
    event = AuditEvent.objects.get()
    assert event.action == "accounts.user.profile_changed"
    assert event.before == {
        "first_name": "Ana",
        "last_name": old_last_name,
        "language": "en",
        "timezone": "UTC",
    }
    assert event.after == data


def test_profile_refuses_an_unknown_time_zone_and_changes_nothing(officer, verified_client):
    client = verified_client(officer)
    data = {"first_name": "Ana", "last_name": "X", "language": "en", "timezone": "Mars/Olympus_Mons"}
    response = client.post(PROFILE, data)
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "timezone": ["Select a valid choice. Mars/Olympus_Mons is not one of the available choices."]
    }
    officer.refresh_from_db()
    assert officer.timezone == "UTC"
    assert AuditEvent.objects.count() == 0


def test_profile_service_refuses_another_actor(officer, colleague):
    with pytest.raises(PermissionDenied):
        profile.user_profile_update(user=officer, actor=colleague, language="fr")
    officer.refresh_from_db()
    assert officer.language == "en"


def test_language_switcher_updates_the_profile(officer, verified_client):
    # when a signed-in officer picks French in the language switcher
    client = verified_client(officer)
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    # then Django's cookie is set and the profile follows
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    officer.refresh_from_db()
    assert officer.language == "fr"
    assert AuditEvent.objects.get().after == {"language": "fr"}


def test_language_switcher_ignores_unknown_languages(officer, verified_client):
    client = verified_client(officer)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    officer.refresh_from_db()
    assert officer.language == "en"
    assert AuditEvent.objects.count() == 0


def test_language_switcher_works_for_anonymous_visitors(client, db):
    response = client.post(reverse("set_language"), {"language": "tr", "next": "/accounts/login/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "tr"
    assert AuditEvent.objects.count() == 0
