"""Deadline notices already sent: the row makes a reminder or escalation fire exactly once."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from iproceeds.cooperation.models.request import CooperationRequest


class DeadlineNotice(models.Model):
    """One reminder or escalation sent for a request (key such as "preservation_expiry:reminder:14")."""

    coop_request = models.ForeignKey(
        CooperationRequest, on_delete=models.CASCADE, related_name="deadline_notices"
    )
    key = models.CharField(_("notice"), max_length=80)
    due_at = models.DateTimeField(_("deadline"))
    sent_at = models.DateTimeField(_("sent"))

    class Meta:
        ordering = ["coop_request", "sent_at"]
        verbose_name = _("deadline notice")
        verbose_name_plural = _("deadline notices")
        constraints = [
            models.UniqueConstraint(fields=["coop_request", "key", "due_at"], name="coop_notice_once")
        ]

    def __str__(self) -> str:
        return f"{self.coop_request_id}:{self.key}"
