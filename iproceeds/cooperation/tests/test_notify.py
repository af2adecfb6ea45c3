"""Notifications of request events: the other side's officers, the on-duty contact, each once per channel."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from iproceeds.accounts.choices import Role
from iproceeds.accounts.tests.factories import UserFactory
from iproceeds.cooperation.services.lifecycle import request_transition
from iproceeds.cooperation.services.requests import request_create_draft, request_submit
from iproceeds.cooperation.tests.factories import bc29_values
from iproceeds.directory.models import DutyOverride
from iproceeds.directory.tests.factories import ContactFactory
from iproceeds.notifications.models import Notification, OutboxMessage

NIGHT = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)
LABEL_FR = "Conservation rapide de données informatiques stockées"
LABEL_SQ = "Ruajtja e përshpejtuar e të dhënave kompjuterike të ruajtura"


@pytest.fixture
def receivers(foreign_authority, foreign_officer, foreign_admin):
    """Tirana's officer (French), a supervisor (Albanian), an administrator and a deactivated officer."""
    foreign_officer.language = "fr"
    foreign_officer.save(update_fields=["language"])
    supervisor = UserFactory(username="tirana-sup", authority=foreign_authority, role=Role.SUPERVISOR,
                             language="sq")  # fmt: skip
    UserFactory(username="tirana-gone", authority=foreign_authority, role=Role.OFFICER, is_active=False)
    return foreign_officer, supervisor


@pytest.fixture
def on_duty(foreign_authority):
    """Tirana's on-duty contact tonight, who reads Albanian."""
    contact = ContactFactory(
        authority=foreign_authority, email="duty.tirana@example.invalid", languages="sq, en"
    )
    DutyOverride.objects.create(
        authority=foreign_authority, contact=contact,
        starts_at=NIGHT - dt.timedelta(hours=2), ends_at=NIGHT + dt.timedelta(hours=6),
    )  # fmt: skip
    return contact


def _draft(officer, bc29, foreign_authority, urgency):
    return request_create_draft(
        actor=officer, request_type=bc29, requested_party=foreign_authority.party,
        requested_authority=foreign_authority, urgency=urgency,
        values=bc29_values(urgency={"urgency_reasons": "Logs are overwritten within days."}),
    )  # fmt: skip


def _rows(kind):
    return sorted(
        (m.recipient.username if m.recipient else m.address, m.channel)
        for m in OutboxMessage.objects.filter(kind=kind).select_related("recipient")
    )


def test_submission_notifies_each_receiving_officer_and_supervisor_once_per_channel(
    officer,
    supervisor,
    bc29,
    bound,
    foreign_authority,
    receivers,
    on_duty,
    django_capture_on_commit_callbacks,
):
    # given a normal-urgency draft (the on-duty contact is for urgent requests only)
    draft = _draft(officer, bc29, foreign_authority, "normal")
    # when it is submitted
    with time_machine.travel(NIGHT, tick=False), django_capture_on_commit_callbacks(execute=True):
        request_submit(actor=officer, coop_request=draft, warnings_confirmed=True)
    # then exactly one row per receiving officer/supervisor and channel, none for the sender's side
    assert _rows("cooperation.request.submitted") == [
        ("foreign", "email"), ("foreign", "in_app"), ("tirana-sup", "email"), ("tirana-sup", "in_app"),
    ]  # fmt: skip
    assert OutboxMessage.objects.count() == 4
    assert {n.user.username: n.url for n in Notification.objects.all()} == {
        "foreign": f"/cooperation/{draft.reference}/",
        "tirana-sup": f"/cooperation/{draft.reference}/",
    }


def test_each_recipient_reads_the_notice_in_their_language(
    officer, bc29, bound, foreign_authority, receivers, django_capture_on_commit_callbacks
):
    draft = _draft(officer, bc29, foreign_authority, "normal")
    with django_capture_on_commit_callbacks(execute=True):
        request_submit(actor=officer, coop_request=draft, warnings_confirmed=True)
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    foreign_officer, supervisor = receivers
    assert LABEL_FR in subjects[foreign_officer.email]
    assert LABEL_SQ in subjects[supervisor.email]
    assert all(draft.reference in subject for subject in subjects.values())


def test_an_urgent_submission_also_emails_the_on_duty_contact_in_their_language(
    officer, bc29, bound, foreign_authority, receivers, on_duty, django_capture_on_commit_callbacks
):
    draft = _draft(officer, bc29, foreign_authority, "urgent")
    with time_machine.travel(NIGHT, tick=False), django_capture_on_commit_callbacks(execute=True):
        request_submit(actor=officer, coop_request=draft, warnings_confirmed=True)
    assert _rows("cooperation.request.submitted") == [
        ("duty.tirana@example.invalid", "email"), ("foreign", "email"), ("foreign", "in_app"),
        ("tirana-sup", "email"), ("tirana-sup", "in_app"),
    ]  # fmt: skip
    (duty_mail,) = [m for m in mail.outbox if m.to == ["duty.tirana@example.invalid"]]
    assert draft.reference in duty_mail.subject
    assert LABEL_SQ in duty_mail.subject
    # the content of the request stays on the platform
    assert "203.0.113.7" not in duty_mail.body
    assert "Invented facts" not in duty_mail.body


def test_no_on_duty_contact_means_no_address_row(
    officer, bc29, bound, foreign_authority, receivers, on_duty, django_capture_on_commit_callbacks
):
    # given an urgent request sent after the duty period ended
    draft = _draft(officer, bc29, foreign_authority, "urgent")
    with time_machine.travel(NIGHT + dt.timedelta(hours=7), tick=False):
        request_submit(actor=officer, coop_request=draft, warnings_confirmed=True)
    assert OutboxMessage.objects.filter(recipient__isnull=True).count() == 0


def test_each_transition_notifies_the_other_side_only(
    officer, supervisor, bc29, bound, foreign_authority, receivers, django_capture_on_commit_callbacks
):
    foreign_officer, _supervisor = receivers
    coop_request = request_submit(
        actor=officer,
        coop_request=_draft(officer, bc29, foreign_authority, "normal"),
        warnings_confirmed=True,
    )
    # when Tirana acknowledges, the requesting officers are told
    request_transition(actor=foreign_officer, coop_request=coop_request, action="acknowledge")
    assert _rows("cooperation.request.acknowledged") == [
        ("officer", "email"), ("officer", "in_app"), ("supervisor", "email"), ("supervisor", "in_app"),
    ]  # fmt: skip
    # when Belgrade withdraws, Tirana is told
    request_transition(actor=officer, coop_request=coop_request, action="withdraw", reason="Case closed.")
    assert _rows("cooperation.request.withdrawn") == [
        ("foreign", "email"), ("foreign", "in_app"), ("tirana-sup", "email"), ("tirana-sup", "in_app"),
    ]  # fmt: skip
    # and the withdrawal reasons are not sent in the e-mail
    assert not OutboxMessage.objects.filter(body__contains="Case closed.").exists()


def test_a_refused_transition_notifies_nobody(officer, bc29, bound, foreign_authority, receivers):
    foreign_officer, _supervisor = receivers
    coop_request = request_submit(
        actor=officer,
        coop_request=_draft(officer, bc29, foreign_authority, "normal"),
        warnings_confirmed=True,
    )
    before = OutboxMessage.objects.count()
    with pytest.raises(ValidationError):
        request_transition(actor=foreign_officer, coop_request=coop_request, action="execute")
    assert OutboxMessage.objects.count() == before
