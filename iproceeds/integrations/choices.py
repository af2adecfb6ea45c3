from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

ALL_EVENTS = "*"


class DeliveryStatus(models.TextChoices):
    """Where a webhook delivery is on its way to the receiving organisation."""

    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Given up")


def webhook_event_choices() -> list[tuple[str, Any]]:
    """The events an endpoint may subscribe to: all, or one of the request lifecycle's events."""
    from iproceeds.cooperation.lifecycle import AUDIT_LABELS

    events: list[tuple[str, Any]] = [(ALL_EVENTS, _("All events"))]
    events.append(("cooperation.request.submitted", _("Request received")))
    events += list(AUDIT_LABELS.items())
    return events
