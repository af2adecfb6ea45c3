"""The iCalendar feed of a user's deadlines: a secret address (hashed), revocable, metadata only."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from iproceeds.api.tokens import hash_token
from iproceeds.audit.models import AuditEvent
from iproceeds.cooperation.tests.deadline_helpers import EXECUTED, execute, send
from iproceeds.integrations import services
from iproceeds.integrations.models import CalendarFeedToken

LATER = EXECUTED + dt.timedelta(days=1)
LABEL_FR = "Conservation rapide de données informatiques stockées"


@pytest.fixture
def preservation(officer, bc29, bound, foreign_authority, foreign_officer):
    """A BC29 from Belgrade to Tirana, executed on 2 Oct 2026 at 10:00 UTC (expires 1 Dec 2026 10:00 UTC)."""
    return execute(send(officer, bc29, foreign_authority), foreign_officer)


def _feed(client, token):
    with time_machine.travel(LATER, tick=False):
        return client.get(reverse("integrations:calendar_feed", args=[token]))


def _events(response):
    calendar = Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def test_the_feed_lists_the_users_open_deadlines(client, officer, preservation):
    # given the officer's feed address
    token = services.calendar_feed_create(actor=officer)
    # when a calendar app (not signed in) fetches it
    response = _feed(client, token)
    # then it is an iCalendar document with one event per open deadline, in UTC, metadata only
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    (event,) = _events(response)
    reason = "Preserved until 1 Dec 2026: executed 2 Oct 2026 + 60 days, ETS 185 Art 29(7)"
    assert str(event["UID"]) == f"{preservation.reference}.preservation_expiry@iproceeds"
    assert event.decoded("DTSTART") == dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)
    assert b"DTSTART:20261201T100000Z" in response.content
    assert str(event["SUMMARY"]) == (
        f"{preservation.reference} Expedited preservation of stored computer data: {reason}"
    )
    assert str(event["URL"]) == f"http://testserver/cooperation/{preservation.reference}/"
    for content in [b"203.0.113.7", b"Invented facts", b"Demo Hosting", b"DEMO-CCU-2026-0042"]:
        assert content not in response.content
    CalendarFeedToken.objects.get(user=officer, last_used_at=LATER)


def test_uids_are_stable_and_the_feed_follows_the_users_language(client, officer, preservation):
    officer.language = "fr"
    officer.save(update_fields=["language"])
    token = services.calendar_feed_create(actor=officer)
    first, second = _events(_feed(client, token)), _events(_feed(client, token))
    assert [str(e["UID"]) for e in first] == [str(e["UID"]) for e in second]
    assert LABEL_FR in str(first[0]["SUMMARY"])


def test_a_user_of_a_third_organisation_sees_no_deadline(client, third_officer, preservation):
    token = services.calendar_feed_create(actor=third_officer)
    assert _events(_feed(client, token)) == []


def test_only_a_hash_is_stored_and_revoked_or_replaced_addresses_are_404(client, officer, preservation):
    # given a feed address
    old = services.calendar_feed_create(actor=officer)
    assert not CalendarFeedToken.objects.filter(token_hash=old).exists()
    assert CalendarFeedToken.objects.get().token_hash == hash_token(old)
    # when it is replaced, the old address is gone and the new one works
    new = services.calendar_feed_create(actor=officer)
    assert (_feed(client, old).status_code, _feed(client, new).status_code) == (404, 200)
    # when it is revoked, the address answers 404 like any unknown one
    assert services.calendar_feed_revoke(actor=officer) is True
    assert _feed(client, new).status_code == 404
    assert _feed(client, "not-a-token").status_code == 404
    assert services.calendar_feed_revoke(actor=officer) is False
    actions = list(
        AuditEvent.objects.filter(action__startswith="integrations.calendar")
        .order_by("seq")
        .values_list("action", "after")
    )
    assert actions == [
        ("integrations.calendar_feed.created", {"replaced": False}),
        ("integrations.calendar_feed.created", {"replaced": True}),
        ("integrations.calendar_feed.revoked", None),
    ]


def test_a_deactivated_users_feed_is_404(client, officer, preservation):
    token = services.calendar_feed_create(actor=officer)
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    assert _feed(client, token).status_code == 404


def test_the_users_page_creates_shows_once_and_revokes(officer, verified_client):
    client = verified_client(officer)
    assert client.get(reverse("integrations:calendar")).status_code == 200
    response = client.post(reverse("integrations:calendar_create"))
    url = response.context["new_url"]
    assert url.startswith("http://testserver/integrations/calendar/")
    assert url.endswith(".ics")
    assert url in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert url not in client.get(reverse("integrations:calendar")).content.decode()
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert CalendarFeedToken.objects.get(user=officer).token_hash == hash_token(token)
    client.post(reverse("integrations:calendar_revoke"))
    assert not CalendarFeedToken.objects.filter(user=officer).exists()
