"""Background delivery of outbox messages; the task takes an id and is safe to run twice."""

from django.tasks import task

from iproceeds.notifications import delivery


@task
def deliver_outbox_message(message_id: int) -> str:
    """Claim and deliver one outbox message (a no-op when another worker holds or finished it)."""
    return delivery.outbox_deliver(message_id=message_id, worker=delivery.worker_name())
