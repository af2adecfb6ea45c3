"""notify(): outbox rows with the caller's change, delivery after commit; the inbox services."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import transaction

from iproceeds.accounts.tests.factories import UserFactory
from iproceeds.audit.models import AuditEvent
from iproceeds.notifications import services
from iproceeds.notifications.choices import OutboxStatus
from iproceeds.notifications.models import Notification, OutboxMessage
from iproceeds.notifications.tests.factories import NotificationFactory


def test_notify_writes_the_outbox_and_delivers_after_commit(
    officer, colleague, django_capture_on_commit_callbacks
):
    # when the officer's change notifies the colleague and a supervisor on both channels
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        rows = services.notify(
            actor=officer, recipients=[colleague], kind="test.reminder", subject="Reply due", body="Tomorrow."
        )
    # then one row per channel was written and, after commit, delivered
    assert len(callbacks) == 1
    assert sorted(r.channel for r in rows) == ["email", "in_app"]
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.DELIVERED}
    assert Notification.objects.get().user == colleague
    assert [(m.to, m.subject) for m in mail.outbox] == [([colleague.email], "Reply due")]
    email_row = OutboxMessage.objects.get(channel="email")
    assert mail.outbox[0].extra_headers["Message-ID"].startswith(f"<outbox-{email_row.pk}.")


def test_notify_in_a_rolled_back_transaction_leaves_nothing(
    officer, colleague, django_capture_on_commit_callbacks
):
    def failing_change():
        with transaction.atomic():
            services.notify(actor=officer, recipients=[colleague], kind="k.x", subject="s", body="b")
            raise RuntimeError("the caller's change failed")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        failing_change()
    assert callbacks == []
    assert OutboxMessage.objects.count() == 0
    assert mail.outbox == []


def test_notify_skips_inactive_and_duplicate_recipients(
    officer, colleague, django_capture_on_commit_callbacks
):
    gone = UserFactory(is_active=False)
    services.notify(
        actor=officer,
        recipients=[colleague, colleague, gone],
        kind="k.x",
        subject="s",
        body="b",
        channels=["in_app"],
    )
    assert list(OutboxMessage.objects.values_list("recipient__username", "channel")) == [
        ("colleague", "in_app")
    ]


# A variable, not a literal, so that makemessages does not copy DRF's string into our catalogues.
DRF_NOT_FOUND = "Not found."


def test_notify_renders_lazy_text_in_each_recipients_language(officer, colleague):
    from django.utils.translation import gettext_lazy

    colleague.language = "fr"
    colleague.save(update_fields=["language"])
    services.notify(
        actor=officer,
        recipients=[colleague],
        kind="k.x",
        subject=gettext_lazy(DRF_NOT_FOUND),
        body="",
        channels=["in_app"],
    )
    # Django REST framework's catalogue has this string in French
    assert OutboxMessage.objects.get().subject == "Non trouvé."


def test_notify_refuses_an_unknown_channel(officer, colleague):
    with pytest.raises(ValueError, match="unknown channels"):
        services.notify(
            actor=officer, recipients=[colleague], kind="k.x", subject="s", body="b", channels=["fax"]
        )
    assert OutboxMessage.objects.count() == 0


def test_mark_read_once_and_only_own(officer, colleague):
    notification = NotificationFactory(user=officer)
    with pytest.raises(PermissionDenied):
        services.notification_mark_read(notification=notification, actor=colleague)
    services.notification_mark_read(notification=notification, actor=officer)
    services.notification_mark_read(notification=notification, actor=officer)
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert AuditEvent.objects.filter(action="notifications.notification.read").count() == 1


def test_mark_all_read_touches_only_the_actors_and_audits_only_changes(officer, colleague):
    NotificationFactory.create_batch(2, user=officer)
    theirs = NotificationFactory(user=colleague)
    assert services.notification_mark_all_read(actor=officer) == 2
    assert services.notification_mark_all_read(actor=officer) == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert AuditEvent.objects.filter(action="notifications.notification.all_read").count() == 1


def test_notify_addresses_sends_one_email_per_address_in_the_given_language(
    officer, django_capture_on_commit_callbacks
):
    from django.utils.translation import gettext_lazy

    # given the same on-duty address twice (different case) and a blank one
    with django_capture_on_commit_callbacks(execute=True):
        rows = services.notify_addresses(
            actor=officer,
            addresses=["duty@example.invalid", "DUTY@example.invalid", " "],
            kind="k.duty",
            subject=gettext_lazy(DRF_NOT_FOUND),
            body="Call back.",
            language="fr",
        )
    # then one e-mail row, delivered to the address, rendered in French
    assert [(r.channel, r.recipient_id, r.address) for r in rows] == [("email", None, "DUTY@example.invalid")]
    assert OutboxMessage.objects.get().status == OutboxStatus.DELIVERED
    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [
        (["DUTY@example.invalid"], "Non trouvé.", "Call back.")
    ]
    assert Notification.objects.count() == 0


def test_notify_addresses_refuses_an_invalid_address_and_writes_nothing(officer):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.notify_addresses(
            actor=officer, addresses=["not-an-address"], kind="k.x", subject="s", body="b"
        )
    assert set(error.value.message_dict) == {"address"}
    assert OutboxMessage.objects.count() == 0


def test_outbox_row_needs_exactly_one_of_recipient_and_address(colleague):
    from django.core.exceptions import ValidationError

    both = OutboxMessage(
        recipient=colleague, address="a@example.invalid", channel="email", kind="k", subject="s"
    )
    neither = OutboxMessage(channel="email", kind="k", subject="s")
    in_app_address = OutboxMessage(address="a@example.invalid", channel="in_app", kind="k", subject="s")
    for row, field in [(both, "address"), (neither, "address"), (in_app_address, "channel")]:
        with pytest.raises(ValidationError) as error:
            row.full_clean()
        assert field in error.value.message_dict
