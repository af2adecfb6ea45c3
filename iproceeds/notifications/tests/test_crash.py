"""Issue "done when": a worker killed in the middle of a delivery loses nothing and duplicates nothing.

Each test runs `manage.py deliver_outbox --once` as a real subprocess against the test database,
with a fault-injection variable that makes it `os._exit()` at a chosen point after claiming;
then the lease expires and a fresh worker runs. On SQLite the in-memory test database is copied to
a file for the subprocess and copied back afterwards; on PostgreSQL both use the test database.
"""

import os
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from iproceeds.accounts.tests.factories import UserFactory
from iproceeds.notifications import services
from iproceeds.notifications.choices import OutboxStatus
from iproceeds.notifications.models import Notification, OutboxMessage

pytestmark = pytest.mark.django_db(transaction=True)


class SharedDatabase:
    """The test database as a subprocess can reach it."""

    def __init__(self, tmp_path: Path) -> None:
        self.sqlite = connection.vendor == "sqlite"
        self.name = str(tmp_path / "crash.sqlite3") if self.sqlite else connection.settings_dict["NAME"]

    def export(self) -> None:
        if self.sqlite:
            connection.ensure_connection()
            target = sqlite3.connect(self.name)
            connection.connection.backup(target)
            target.close()

    def import_(self) -> None:
        if self.sqlite:
            source = sqlite3.connect(self.name)
            source.backup(connection.connection)
            source.close()


def run_worker(db: SharedDatabase, mail_dir: Path, fault: str = "") -> int:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "iproceeds.notifications.tests.subprocess_settings",
        "IPROCEEDS_CRASH_DB_NAME": db.name,
        "IPROCEEDS_CRASH_MAIL_DIR": str(mail_dir),
        "IPROCEEDS_OUTBOX_FAULT": fault,
    }
    manage = Path(settings.BASE_DIR) / "manage.py"
    done = subprocess.run(
        [sys.executable, str(manage), "deliver_outbox", "--once"], env=env, capture_output=True, timeout=120
    )
    return done.returncode


def sent_message_ids(mail_dir: Path) -> list[str]:
    ids = []
    for path in sorted(mail_dir.glob("*.log")):
        for line in path.read_text().splitlines():
            if line.lower().startswith("message-id:"):
                ids.append(line.split(":", 1)[1].strip())
    return ids


@pytest.fixture
def outbox(settings):
    """Two recipients notified on both channels; the queued delivery task is left to the workers."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    users = [UserFactory(username=f"recipient{i}") for i in range(2)]
    services.notify(actor=None, recipients=users, kind="test.crash", subject="Deadline", body="Reply due.")
    return users


@pytest.mark.parametrize("fault", ["after_claim", "in_app_before_commit", "email_before_send"])
def test_killed_worker_then_restart_delivers_each_notification_once(outbox, fault, tmp_path):
    # given the outbox rows are committed and a worker that dies at the fault point
    db, mail_dir = SharedDatabase(tmp_path), tmp_path / "mail"
    db.export()
    # when it runs, it is killed in the middle of a delivery
    assert run_worker(db, mail_dir, fault=fault) == 70
    db.import_()
    stuck = OutboxMessage.objects.exclude(status=OutboxStatus.DELIVERED)
    assert stuck.filter(claim_expires_at__isnull=False).count() == 1
    # and when its lease expires and a fresh worker runs
    OutboxMessage.objects.filter(claim_expires_at__isnull=False).update(
        claim_expires_at=timezone.now() - timedelta(seconds=1)
    )
    db.export()
    assert run_worker(db, mail_dir) == 0
    db.import_()
    # then every message is delivered, each in-app notification exists once and each e-mail was sent once
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.DELIVERED}
    assert sorted(Notification.objects.values_list("user__username", flat=True)) == [
        "recipient0",
        "recipient1",
    ]
    email_ids = [m.pk for m in OutboxMessage.objects.filter(channel="email")]
    assert sorted(sent_message_ids(mail_dir)) == sorted(
        f"<outbox-{m.pk}.{m.created_at:%Y%m%d%H%M%S}@iproceeds.invalid>"
        for m in OutboxMessage.objects.filter(pk__in=email_ids)
    )


def test_worker_killed_after_sending_resends_with_the_same_message_id(outbox, tmp_path):
    # given a worker that dies after the mail server accepted an e-mail but before marking it delivered
    db, mail_dir = SharedDatabase(tmp_path), tmp_path / "mail"
    db.export()
    assert run_worker(db, mail_dir, fault="email_after_send") == 70
    db.import_()
    OutboxMessage.objects.filter(claim_expires_at__isnull=False).update(
        claim_expires_at=timezone.now() - timedelta(seconds=1)
    )
    # when a fresh worker runs
    db.export()
    assert run_worker(db, mail_dir) == 0
    db.import_()
    # then that one e-mail went out twice (at-least-once) under one Message-ID, so it reads as a duplicate
    ids = sent_message_ids(mail_dir)
    assert len(ids) == 3
    assert len(set(ids)) == 2
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.DELIVERED}
