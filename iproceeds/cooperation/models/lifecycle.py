"""The timeline of a request: every status change, who made it, and the receipt it produced."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from iproceeds.cooperation.choices import ReceiptKind, RequestStatus
from iproceeds.cooperation.models.request import CooperationRequest
from iproceeds.directory.models import Authority


class Transition(models.Model):
    """One status change of a request, with the SHA-256 of the request's content at that moment."""

    coop_request = models.ForeignKey(CooperationRequest, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(_("from"), max_length=24, choices=RequestStatus.choices)
    to_status = models.CharField(_("to"), max_length=24, choices=RequestStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    actor_authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    at = models.DateTimeField(_("at"))
    reason = models.TextField(_("reasons"), blank=True)
    time_limit = models.DateField(_("time limit"), null=True, blank=True)
    receipt_kind = models.CharField(_("receipt"), max_length=20, choices=ReceiptKind.choices, blank=True)
    content_hash = models.CharField(_("SHA-256 of the content"), max_length=64)

    class Meta:
        ordering = ["coop_request", "at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.coop_request_id} {self.from_status}→{self.to_status}"
