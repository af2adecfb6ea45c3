"""The notifications page, the nav count and the notifications API, each scoped to its user."""

from django.urls import reverse
from rest_framework.test import APIClient

from iproceeds.api.tests.factories import bearer, make_token
from iproceeds.notifications.tests.factories import NotificationFactory


def test_page_lists_own_notifications_and_the_nav_counts_unread(officer, colleague, verified_client):
    NotificationFactory(user=officer, subject="Mine")
    NotificationFactory(user=colleague, subject="Theirs")
    response = verified_client(officer).get(reverse("notifications:list"))
    assert [n.subject for n in response.context["page"]] == ["Mine"]
    assert response.context["unread"] == 1
    assert 'class="badge"' in response.content.decode()


def test_mark_read_and_mark_all_read(officer, verified_client):
    first, second = NotificationFactory.create_batch(2, user=officer)
    client = verified_client(officer)
    assert client.post(reverse("notifications:read", args=[first.pk])).status_code == 302
    first.refresh_from_db()
    assert first.read_at is not None
    client.post(reverse("notifications:read_all"))
    second.refresh_from_db()
    assert second.read_at is not None


def test_marking_someone_elses_notification_is_404_and_changes_nothing(officer, colleague, verified_client):
    theirs = NotificationFactory(user=colleague)
    assert verified_client(officer).post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_api_lists_and_marks_only_the_tokens_users_notifications(officer, colleague):
    mine = NotificationFactory(user=officer, subject="Mine")
    theirs = NotificationFactory(user=colleague)
    _, raw = make_token(officer)
    api = APIClient()
    api.credentials(**bearer(raw))
    assert [n["subject"] for n in api.get("/api/v1/notifications/").json()["results"]] == ["Mine"]
    # someone else's notification is as absent as a missing one
    missing = api.post(f"/api/v1/notifications/{theirs.pk}/read/")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    theirs.refresh_from_db()
    assert theirs.read_at is None
    done = api.post(f"/api/v1/notifications/{mine.pk}/read/")
    assert done.status_code == 200
    assert done.json()["is_read"] is True


def test_marking_read_needs_the_write_scope(officer):
    mine = NotificationFactory(user=officer)
    _, raw = make_token(officer, scopes=["read"])
    response = APIClient().post(f"/api/v1/notifications/{mine.pk}/read/", **bearer(raw))
    assert response.status_code == 403
    mine.refresh_from_db()
    assert mine.read_at is None
