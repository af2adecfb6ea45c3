"""The conversation between the two sides of a request, its attachments, and accepted conditions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from iproceeds.cooperation.models.request import CooperationRequest
from iproceeds.directory.models import Authority


class Message(models.Model):
    """A message from one side of a request to the other."""

    coop_request = models.ForeignKey(CooperationRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    author_authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    body = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("sent"))

    class Meta:
        ordering = ["coop_request", "created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["coop_request", "created_at"], name="coop_msg_req_idx")]

    def __str__(self) -> str:
        return f"{self.coop_request_id}#{self.pk}"


class Attachment(models.Model):
    """A file sent with a message, stored encrypted (AES-GCM) with a key kept outside the database."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    key_id = models.CharField(_("key identifier"), max_length=40)
    nonce = models.BinaryField(_("nonce"))
    ciphertext = models.BinaryField(_("encrypted content"))

    class Meta:
        ordering = ["message", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename


class ConditionsAcceptance(models.Model):
    """The receiving side's explicit acceptance of the conditions on confidentiality and use."""

    coop_request = models.ForeignKey(
        CooperationRequest, on_delete=models.CASCADE, related_name="conditions_acceptances"
    )
    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("accepted by")
    )
    accepted_at = models.DateTimeField(_("accepted"))
    conditions_hash = models.CharField(_("SHA-256 of the conditions"), max_length=64)

    class Meta:
        ordering = ["coop_request", "accepted_at"]
        verbose_name = _("acceptance of conditions")
        verbose_name_plural = _("acceptances of conditions")
        constraints = [
            models.UniqueConstraint(
                fields=["coop_request", "authority", "conditions_hash"], name="coop_conditions_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.coop_request_id}:{self.authority_id}"
