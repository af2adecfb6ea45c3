from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """How a notification reaches its recipient."""

    IN_APP = "in_app", _("In the application")
    EMAIL = "email", _("E-mail")


class OutboxStatus(models.TextChoices):
    """Where an outbox message is on its way to the recipient."""

    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
