"""Claims, leases, retries with backoff, giving up, and the periodic re-enqueue scan."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from iproceeds.audit.models import AuditEvent
from iproceeds.core import timers
from iproceeds.notifications import delivery, scans, services
from iproceeds.notifications.choices import OutboxStatus
from iproceeds.notifications.models import Notification, OutboxMessage


@pytest.fixture
def queued(colleague, settings):
    """Outbox rows whose delivery task was queued but never run."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    services.notify(actor=None, recipients=[colleague], kind="k.x", subject="Due", body="b")
    return {m.channel: m for m in OutboxMessage.objects.all()}


def test_a_live_lease_keeps_other_workers_out(queued):
    message = queued["in_app"]
    assert delivery._claim(message.pk, "worker-a", 300) is not None
    assert delivery.outbox_deliver(message_id=message.pk, worker="worker-b") == "skipped"
    assert Notification.objects.count() == 0


def test_delivering_twice_creates_one_notification(queued):
    message = queued["in_app"]
    assert delivery.outbox_deliver(message_id=message.pk, worker="w1") == OutboxStatus.DELIVERED
    assert delivery.outbox_deliver(message_id=message.pk, worker="w2") == "skipped"
    assert Notification.objects.filter(outbox=message).count() == 1


def test_failure_retries_with_backoff_then_gives_up(queued, settings):
    # given a mail server that always refuses
    settings.NOTIFICATION_MAX_ATTEMPTS = 2
    message = queued["email"]
    with mock.patch("iproceeds.notifications.delivery.EmailMessage.send", side_effect=OSError("refused")):
        # when the first attempt fails, then it waits 30 s
        assert delivery.outbox_deliver(message_id=message.pk, worker="w") == OutboxStatus.PENDING
        message.refresh_from_db()
        assert message.next_attempt_at - timezone.now() > timedelta(seconds=25)
        assert message.last_error == "OSError: refused"
        assert AuditEvent.objects.filter(action="notifications.message.failed").count() == 0
        # when the second (last) attempt fails, then it is failed for good and audited
        OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        assert delivery.outbox_deliver(message_id=message.pk, worker="w") == OutboxStatus.FAILED
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.FAILED, 2)
    assert AuditEvent.objects.filter(action="notifications.message.failed").count() == 1


def test_backoff_doubles_up_to_an_hour():
    assert [delivery.backoff(n).total_seconds() for n in (1, 2, 3, 10)] == [30, 60, 120, 3600]


def test_scan_re_enqueues_a_message_whose_worker_died(queued, settings, django_capture_on_commit_callbacks):
    # given a message claimed by a worker that died (its lease has expired)
    message = queued["in_app"]
    delivery._claim(message.pk, "dead-worker", 300)
    past = timezone.now() - timedelta(seconds=settings.NOTIFICATION_CLAIM_SECONDS + 1)
    OutboxMessage.objects.filter(pk__in=[m.pk for m in queued.values()]).update(
        claim_expires_at=None, enqueued_at=past
    )
    OutboxMessage.objects.filter(pk=message.pk).update(claim_expires_at=past)
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    # when the timer scan runs
    with django_capture_on_commit_callbacks(execute=True):
        assert scans.outbox_requeue_due(timezone.now()) == 2
    # then both are delivered, once
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.DELIVERED}
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(action="notifications.outbox.requeued").count() == 1


def test_scan_with_nothing_due_changes_nothing_and_audits_nothing(queued):
    # the rows were enqueued just now, so the scan leaves them to the queued tasks
    assert scans.outbox_requeue_due(timezone.now()) == 0
    assert AuditEvent.objects.count() == 0


def test_scan_fails_a_message_whose_last_attempt_died(queued, settings):
    message = queued["in_app"]
    OutboxMessage.objects.filter(pk=message.pk).update(attempts=settings.NOTIFICATION_MAX_ATTEMPTS)
    scans.outbox_requeue_due(timezone.now())
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED


def test_the_outbox_scan_is_a_registered_timer():
    assert timers.all_scanners()["notifications.outbox_requeue"] is scans.outbox_requeue_due


def test_deactivated_recipient_is_not_notified(queued, colleague):
    colleague.is_active = False
    colleague.save(update_fields=["is_active"])
    assert delivery.outbox_deliver(message_id=queued["email"].pk, worker="w") == OutboxStatus.FAILED
    assert mail.outbox == []
