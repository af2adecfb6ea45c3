"""The outbox (one row per recipient and channel, written with the change) and in-app notifications."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iproceeds.notifications.choices import Channel, OutboxStatus


class OutboxMessage(models.Model):
    """A notification waiting for, or done with, delivery on one channel to one recipient."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("recipient"),
        null=True,
        blank=True,
    )
    address = models.EmailField(
        _("e-mail address"),
        blank=True,
        help_text=_("A plain e-mail address (e.g. an on-duty contact), used instead of a recipient user."),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    kind = models.CharField(_("kind"), max_length=100)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    target_type = models.CharField(_("target type"), max_length=100, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    claimed_by = models.CharField(_("claimed by"), max_length=100, blank=True)
    claim_expires_at = models.DateTimeField(_("claim expires at"), null=True, blank=True)
    enqueued_at = models.DateTimeField(_("enqueued at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(recipient__isnull=False) & Q(address=""))
                | (Q(recipient__isnull=True) & ~Q(address="") & Q(channel=Channel.EMAIL)),
                name="outbox_recipient_xor_address",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.channel} {self.kind}"

    def clean(self) -> None:
        """Exactly one of recipient and address; a plain address can only receive e-mail."""
        super().clean()
        if (self.recipient_id is None) == (not self.address):
            raise ValidationError(
                {"address": _("Give either a recipient user or an e-mail address, not both.")}
            )
        if self.address and self.channel != Channel.EMAIL:
            raise ValidationError({"channel": _("A plain e-mail address can only receive e-mail.")})


class Notification(models.Model):
    """A message in a user's in-app inbox; its outbox row makes it exist exactly once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("user"),
    )
    outbox = models.OneToOneField(
        OutboxMessage, on_delete=models.PROTECT, related_name="notification", null=True, blank=True
    )
    kind = models.CharField(_("kind"), max_length=100)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    target_type = models.CharField(_("target type"), max_length=100, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.subject
