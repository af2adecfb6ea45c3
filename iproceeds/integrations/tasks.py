"""Background sending of webhook deliveries; the task takes an id and is safe to run twice."""

from django.tasks import task

from iproceeds.integrations import delivery
from iproceeds.notifications.delivery import worker_name


@task
def deliver_webhook(delivery_id: int) -> str:
    """Claim and send one webhook delivery (a no-op when another worker holds or finished it)."""
    return delivery.webhook_deliver(delivery_id=delivery_id, worker=worker_name())
