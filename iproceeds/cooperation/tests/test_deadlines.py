"""Due dates from the catalogue and the timeline, their reasons, the kept next deadline, and reminders."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from iproceeds.audit.models import AuditEvent
from iproceeds.cooperation import deadlines as computed
from iproceeds.cooperation.models import CooperationRequest, DeadlineNotice
from iproceeds.cooperation.services.deadlines import cooperation_deadlines_scan
from iproceeds.cooperation.tests.deadline_helpers import EXECUTED, EXPIRY, SENT, execute, scan, send, steps
from iproceeds.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def preservation(officer, supervisor, bc29, bound, foreign_authority, foreign_officer):
    """A BC29 from Belgrade to Tirana, executed on 2 Oct 2026 at 10:00 UTC."""
    return execute(send(officer, bc29, foreign_authority), foreign_officer)


def test_the_expiry_reason_is_exact(preservation):
    # when the deadlines are read in UTC after execution
    with timezone.override("UTC"):
        found = computed.deadlines_of(preservation, EXECUTED + dt.timedelta(days=1))
    # then the preservation expires 60 days after execution, with its reason and legal source
    assert [(d.key, d.state, d.due_at, d.side, d.to_verify) for d in found] == [
        ("preservation_expiry", "open", dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC), "requester", False)
    ]
    assert found[0].reason == "Preserved until 1 Dec 2026: executed 2 Oct 2026 + 60 days, ETS 185 Art 29(7)"


def test_dates_are_shown_in_the_viewer_s_time_zone(officer, bc29, bound, foreign_authority, foreign_officer):
    # given a preservation executed late in the evening (UTC), 1:30 the next day in Belgrade
    coop_request = execute(send(officer, bc29, foreign_authority), foreign_officer,
                           at=dt.datetime(2026, 10, 2, 23, 30, tzinfo=dt.UTC))  # fmt: skip
    # when a viewer in Belgrade reads it
    with timezone.override("Europe/Belgrade"):
        (deadline,) = computed.deadlines_of(coop_request)
    # then both dates are Belgrade's
    assert deadline.reason == "Preserved until 2 Dec 2026: executed 3 Oct 2026 + 60 days, ETS 185 Art 29(7)"


def test_an_unconfirmed_acknowledgement_target_says_to_verify_and_applies_to_urgent_only(
    officer, bc29, bound, foreign_authority
):
    # given an urgent and a normal preservation sent at 02:00 UTC
    at = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)
    urgent = send(officer, bc29, foreign_authority, urgency="urgent", at=at)
    normal = send(officer, bc29, foreign_authority, urgency="normal", at=at)
    # when their deadlines are read half an hour later
    with timezone.override("UTC"):
        urgent_found = computed.deadlines_of(urgent, at + dt.timedelta(minutes=30))
        normal_found = computed.deadlines_of(normal, at + dt.timedelta(minutes=30))
    # then only the urgent one must be acknowledged within the hour, a value marked "to verify"
    assert [(d.key, d.state, d.to_verify, d.side) for d in urgent_found] == [
        ("acknowledgement", "open", True, "receiver")
    ]
    assert urgent_found[0].reason == (
        "Acknowledge by 23 Nov 2026 03:00: submitted 23 Nov 2026 02:00 + 1 hour, "
        "Platform target (issue 4), not a treaty rule (to verify)"
    )
    assert normal_found == []


def test_next_due_is_kept_on_each_submission_and_transition(
    officer, bc29, bound, foreign_authority, foreign_officer
):
    # when an urgent preservation is sent, then its next deadline is the acknowledgement, one hour later
    coop_request = send(officer, bc29, foreign_authority, urgency="urgent", at=SENT)
    assert (coop_request.next_due_at, coop_request.next_due_key) == (
        SENT + dt.timedelta(hours=1),
        "acknowledgement",
    )
    # when it is acknowledged, then nothing is due until it is executed
    steps(coop_request, foreign_officer, ["acknowledge", "start"], at=SENT + dt.timedelta(minutes=20))
    assert (coop_request.next_due_at, coop_request.next_due_key) == (None, "")
    # when it is executed, then the expiry of the preserved data is next
    steps(coop_request, foreign_officer, ["execute"], at=EXECUTED)
    assert (coop_request.next_due_at, coop_request.next_due_key) == (EXPIRY, "preservation_expiry")
    # and the lists filter on it in SQL
    assert CooperationRequest.objects.filter(next_due_at__lt=EXPIRY + dt.timedelta(seconds=1)).count() == 1


def test_deadlines_for_user_lists_open_deadlines_of_visible_requests_only(
    preservation, officer, foreign_officer, third_officer
):
    # when each officer asks for their deadlines before expiry
    now = EXECUTED + dt.timedelta(days=10)
    mine = computed.deadlines_for_user(user=officer, now=now)
    theirs = computed.deadlines_for_user(user=foreign_officer, now=now)
    # then both sides see the preservation's expiry, and a third Party's officer sees nothing
    assert [(d.coop_request.reference, d.key, d.due_at) for d in mine] == [
        (preservation.reference, "preservation_expiry", EXPIRY)
    ]
    assert [d.key for d in theirs] == ["preservation_expiry"]
    assert computed.deadlines_for_user(user=third_officer, now=now) == []
    # and once expired it is no longer open
    assert computed.deadlines_for_user(user=officer, now=EXPIRY) == []


def test_a_draft_has_no_deadlines(officer, bc29, bound, foreign_authority):
    from iproceeds.cooperation.services.requests import request_create_draft
    from iproceeds.cooperation.tests.factories import bc29_values

    draft = request_create_draft(
        actor=officer, request_type=bc29, requested_party=foreign_authority.party,
        requested_authority=foreign_authority, urgency="normal", values=bc29_values(),
    )  # fmt: skip
    assert computed.deadlines_of(draft) == []
    assert draft.next_due_at is None


def test_the_request_page_shows_the_deadlines_panel_in_the_user_s_zone(
    preservation, officer, verified_client
):
    # given the officer works in Belgrade
    officer.timezone = "Europe/Belgrade"
    officer.save(update_fields=["timezone"])
    # when they open the executed preservation
    response = verified_client(officer).get(reverse("cooperation:detail", args=[preservation.reference]))
    # then the panel shows the expiry, its state and reason, and the two continuation buttons
    page = response.content.decode()
    assert response.status_code == 200
    assert "Deadlines" in page
    assert "Preserved until 1 Dec 2026: executed 2 Oct 2026 + 60 days, ETS 185 Art 29(7)" in page
    assert '<time datetime="2026-12-01T11:00:00+01:00">1 Dec 2026 11:00 CET</time>' in page
    assert "Request an extension" in page
    assert "Send the follow-up MLA request" in page


def test_the_receiving_side_sees_the_deadline_but_no_continuation_buttons(
    preservation, foreign_officer, verified_client
):
    response = verified_client(foreign_officer).get(
        reverse("cooperation:detail", args=[preservation.reference])
    )
    page = response.content.decode()
    assert "Preserved until 1 Dec 2026" in page
    assert "Request an extension" not in page


def _reminders(coop_request):
    return list(
        DeadlineNotice.objects.filter(coop_request=coop_request)
        .order_by("sent_at")
        .values_list("key", flat=True)
    )


def test_reminders_fire_at_14_7_and_1_days_exactly_once(
    preservation, officer, supervisor, django_capture_on_commit_callbacks
):
    # when the scan runs twice at each reminder point (and once between them)
    for days in (14, 7, 1):
        moment = EXPIRY - dt.timedelta(days=days) + dt.timedelta(minutes=1)
        first = scan(moment, django_capture_on_commit_callbacks)
        second = scan(moment + dt.timedelta(minutes=5), django_capture_on_commit_callbacks)
        assert (first["reminders"], second["reminders"]) == (1, 0)
        scan(moment + dt.timedelta(days=1, hours=2), django_capture_on_commit_callbacks)
    # then three reminders were sent, each once, to the requesting side's officers and supervisors
    assert _reminders(preservation) == [
        "preservation_expiry:reminder:14", "preservation_expiry:reminder:7", "preservation_expiry:reminder:1",
    ]  # fmt: skip
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == sorted(
        (
            user.email,
            f"Preserved data of {preservation.reference} expire in {days} day{'s' if days > 1 else ''}",
        )
        for user in (officer, supervisor)
        for days in (14, 7, 1)
    )
    assert mail.outbox[0].body.startswith("Preserved until 1 Dec 2026: executed 2 Oct 2026 + 60 days")
    assert Notification.objects.filter(user=officer, kind="cooperation.preservation_reminder").count() == 3
    events = AuditEvent.objects.filter(action="cooperation.deadline.reminded")
    assert [(e.actor_id, e.actor_label) for e in events] == [(None, "system:timers")] * 3


def test_a_late_scan_sends_only_the_latest_reminder(preservation, django_capture_on_commit_callbacks):
    # given the scan did not run until five days before expiry (14- and 7-day points both past)
    scan(EXPIRY - dt.timedelta(days=5), django_capture_on_commit_callbacks)
    # then only the 7-day reminder went out
    assert _reminders(preservation) == ["preservation_expiry:reminder:7"]
    # and after expiry nothing more is sent, and the next deadline is cleared
    scan(EXPIRY + dt.timedelta(hours=1), django_capture_on_commit_callbacks)
    assert _reminders(preservation) == ["preservation_expiry:reminder:7"]
    preservation.refresh_from_db()
    assert (preservation.next_due_at, preservation.next_due_key) == (None, "")


def test_reminder_days_come_from_the_settings(preservation, settings, django_capture_on_commit_callbacks):
    settings.COOPERATION_PRESERVATION_REMINDER_DAYS = [3]
    scan(EXPIRY - dt.timedelta(days=7), django_capture_on_commit_callbacks)
    scan(EXPIRY - dt.timedelta(days=2), django_capture_on_commit_callbacks)
    assert _reminders(preservation) == ["preservation_expiry:reminder:3"]


def test_the_scan_is_registered_as_a_timer():
    from iproceeds.core import timers

    assert timers.all_scanners()["cooperation.deadlines"] is cooperation_deadlines_scan


def test_reminder_day_picks_the_latest_reached():
    due = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)
    days = [14, 7, 1]
    assert computed.reminder_day(due_at=due, now=due - dt.timedelta(days=15), days=days) is None
    assert computed.reminder_day(due_at=due, now=due - dt.timedelta(days=14), days=days) == 14
    assert computed.reminder_day(due_at=due, now=due - dt.timedelta(days=2), days=days) == 7
    assert computed.reminder_day(due_at=due, now=due - dt.timedelta(hours=1), days=days) == 1
    assert computed.reminder_day(due_at=due, now=due, days=days) is None
