"""Urgent and emergency requests not acknowledged in time: escalated to the receiving side."""

import datetime as dt

import pytest
from django.core import mail

from iproceeds.accounts.choices import Role
from iproceeds.accounts.tests.factories import UserFactory
from iproceeds.audit.models import AuditEvent
from iproceeds.cooperation.models import DeadlineNotice
from iproceeds.cooperation.tests.deadline_helpers import scan, send, steps
from iproceeds.directory.models import DutyOverride
from iproceeds.directory.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

SENT = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def receiving_side(foreign_authority, foreign_officer):
    """Tirana's supervisor, and its duty officer on a one-off night duty (a directory contact, no account)."""
    supervisor = UserFactory(username="foreignsup", authority=foreign_authority, role=Role.SUPERVISOR)
    contact = ContactFactory(
        authority=foreign_authority, name="Demo Night Desk", email="night@example.invalid", languages="fr, en"
    )
    DutyOverride.objects.create(
        authority=foreign_authority, contact=contact,
        starts_at=SENT - dt.timedelta(hours=2), ends_at=SENT + dt.timedelta(hours=6),
    )  # fmt: skip
    return supervisor, contact


def test_an_urgent_request_not_acknowledged_in_an_hour_is_escalated_once(
    officer, bc29, bound, foreign_authority, receiving_side, django_capture_on_commit_callbacks
):
    _supervisor, contact = receiving_side
    # given an urgent preservation sent at 02:00 UTC
    coop_request = send(officer, bc29, foreign_authority, urgency="urgent", at=SENT)
    # when the scan runs before the hour is over, then nothing is sent
    assert scan(SENT + dt.timedelta(minutes=59), django_capture_on_commit_callbacks)["escalations"] == 0
    assert mail.outbox == []
    # when it runs after the hour, twice
    first = scan(SENT + dt.timedelta(minutes=61), django_capture_on_commit_callbacks)
    second = scan(SENT + dt.timedelta(minutes=75), django_capture_on_commit_callbacks)
    # then the supervisor and the on-duty contact (in French, its first language) are told once
    assert (first["escalations"], second["escalations"]) == (1, 0)
    assert sorted(m.to[0] for m in mail.outbox) == ["foreignsup@example.invalid", "night@example.invalid"]
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address["foreignsup@example.invalid"].subject == (
        f"Not acknowledged in time: BC29_PRESERVATION {coop_request.reference}"
    )
    assert "Acknowledge by 23 Nov 2026 03:00: submitted 23 Nov 2026 02:00 + 1 hour" in (
        by_address["foreignsup@example.invalid"].body
    )
    assert "officer" not in [m.to[0].split("@")[0] for m in mail.outbox]
    notice = DeadlineNotice.objects.get(coop_request=coop_request)
    assert (notice.key, notice.due_at) == ("acknowledgement:escalation", SENT + dt.timedelta(hours=1))
    event = AuditEvent.objects.get(action="cooperation.request.escalated")
    assert (
        event.actor_id,
        event.actor_label,
        event.after["supervisors"],
        event.after["on_duty_contact"],
    ) == (None, "system:timers", 1, contact.pk)


def test_an_emergency_request_is_escalated_too(
    officer, bc29, bound, foreign_authority, receiving_side, django_capture_on_commit_callbacks
):
    send(officer, bc29, foreign_authority, urgency="emergency", at=SENT)
    assert scan(SENT + dt.timedelta(hours=2), django_capture_on_commit_callbacks)["escalations"] == 1


def test_a_normal_request_is_not_escalated(
    officer, bc29, bound, foreign_authority, receiving_side, django_capture_on_commit_callbacks
):
    send(officer, bc29, foreign_authority, urgency="normal", at=SENT)
    assert scan(SENT + dt.timedelta(hours=3), django_capture_on_commit_callbacks)["escalations"] == 0
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(action="cooperation.request.escalated").exists()


def test_an_acknowledged_request_is_not_escalated(
    officer,
    bc29,
    bound,
    foreign_authority,
    foreign_officer,
    receiving_side,
    django_capture_on_commit_callbacks,
):
    # given an urgent preservation acknowledged after 40 minutes
    coop_request = send(officer, bc29, foreign_authority, urgency="urgent", at=SENT)
    steps(coop_request, foreign_officer, ["acknowledge"], at=SENT + dt.timedelta(minutes=40))
    # when the scan runs later, then nobody is told and the next deadline is cleared
    assert scan(SENT + dt.timedelta(hours=2), django_capture_on_commit_callbacks)["escalations"] == 0
    assert mail.outbox == []
    assert (coop_request.next_due_at, coop_request.next_due_key) == (None, "")


def test_without_a_duty_contact_the_supervisors_are_still_told(
    officer, bc29, bound, foreign_authority, django_capture_on_commit_callbacks
):
    UserFactory(username="foreignsup", authority=foreign_authority, role=Role.SUPERVISOR)
    send(officer, bc29, foreign_authority, urgency="urgent", at=SENT)
    scan(SENT + dt.timedelta(hours=2), django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["foreignsup@example.invalid"]]
