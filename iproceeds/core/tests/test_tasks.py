"""Background work through Django's tasks framework: the database worker and RQ on Redis, for real."""

import os
import signal
import uuid

import pytest
from django.core.management import call_command
from django.tasks import task_backends
from django.tasks.base import TaskResultStatus

from iproceeds.notifications import services
from iproceeds.notifications.choices import OutboxStatus
from iproceeds.notifications.models import Notification, OutboxMessage
from iproceeds.notifications.tasks import deliver_outbox_message

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")


def _outbox_row(user, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    services.notify(actor=None, recipients=[user], kind="k.x", subject="Due", body="b", channels=["in_app"])
    return OutboxMessage.objects.get()


@pytest.mark.django_db(transaction=True)
def test_database_backend_enqueues_and_db_worker_runs_the_task(officer, settings):
    # given a delivery enqueued through django-tasks-db
    message = _outbox_row(officer, settings)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    result = deliver_outbox_message.enqueue(message_id=message.pk)
    assert result.status == TaskResultStatus.READY
    # when the db_worker command processes the queue once
    handlers = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        signal.signal(signal.SIGINT, handlers[0])
        signal.signal(signal.SIGTERM, handlers[1])
    # then the task succeeded and its work is done
    finished = task_backends["default"].get_result(result.id)
    assert finished.status == TaskResultStatus.SUCCESSFUL
    assert finished.return_value == OutboxStatus.DELIVERED
    assert Notification.objects.get().outbox_id == message.pk


@pytest.fixture
def redis_queue(settings):
    """A private RQ queue on the local test Redis (a real server: .ci/run starts it when it is down)."""
    import redis

    connection = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.fail(f"Redis at {REDIS_TEST_URL} is unreachable ({exc}): start it or set REDIS_TEST_URL")
    name = f"test-{uuid.uuid4().hex[:12]}"
    # django-tasks-rq looks results up through the "default" queue's connection, so it must exist too.
    settings.RQ_QUEUES = {"default": {"URL": REDIS_TEST_URL}, name: {"URL": REDIS_TEST_URL}}
    yield name
    import django_rq

    django_rq.get_queue(name).delete(delete_jobs=True)


def test_rq_backend_enqueues_and_an_rq_worker_runs_the_task(officer, settings, redis_queue):
    import django_rq
    from django_tasks_rq.backend import Job
    from rq import SimpleWorker

    # given a delivery enqueued through django-tasks-rq (the backend settings choose when REDIS_URL is set)
    message = _outbox_row(officer, settings)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [redis_queue]}}
    result = deliver_outbox_message.using(queue_name=redis_queue).enqueue(message_id=message.pk)
    assert django_rq.get_queue(redis_queue).count == 1
    # when an RQ worker drains the queue (in this process, so it sees the test database)
    worker = django_rq.get_worker(redis_queue, job_class=Job, worker_class=SimpleWorker)
    assert worker.work(burst=True) is True
    # then the task succeeded and its work is done
    finished = task_backends["default"].get_result(result.id)
    assert finished.status == TaskResultStatus.SUCCESSFUL
    assert finished.return_value == OutboxStatus.DELIVERED
    assert Notification.objects.get().outbox_id == message.pk
