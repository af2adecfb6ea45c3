"""Cooperation requests: a draft's structured values, its parties, and where it stands."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iproceeds.cooperation.choices import Relation, RequestStatus, Urgency
from iproceeds.cooperation.models.catalogue import RequestType
from iproceeds.directory.models import Authority, Party


def new_reference() -> str:
    """A platform reference that cannot be guessed from its neighbours (e.g. CR-7K3Q9M2X)."""
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return "CR-" + "".join(secrets.choice(alphabet) for _i in range(8))


class CooperationRequest(models.Model):
    """A request from one authority to another Party, built from a catalogue type."""

    reference = models.CharField(
        _("reference"), max_length=20, unique=True, default=new_reference, editable=False
    )
    request_type = models.ForeignKey(
        RequestType, on_delete=models.PROTECT, related_name="requests", verbose_name=_("request type")
    )
    status = models.CharField(
        _("status"), max_length=24, choices=RequestStatus.choices, default=RequestStatus.DRAFT, db_index=True
    )
    urgency = models.CharField(_("urgency"), max_length=12, choices=Urgency.choices, default=Urgency.NORMAL)
    requesting_authority = models.ForeignKey(
        Authority,
        on_delete=models.PROTECT,
        related_name="requests_sent",
        verbose_name=_("requesting authority"),
    )
    requested_party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="requests_received", verbose_name=_("requested Party")
    )
    requested_authority = models.ForeignKey(
        Authority,
        on_delete=models.PROTECT,
        related_name="requests_received",
        verbose_name=_("requested authority"),
        null=True,
        blank=True,
    )
    values = models.JSONField(_("content"), default=dict, blank=True)
    requester_reference = models.CharField(_("requester's reference"), max_length=100, blank=True)
    earlier_reference = models.CharField(_("earlier reference"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # An extension or follow-up points back at the request it continues (T-CY "request status").
    relation = models.CharField(
        _("request status"), max_length=12, choices=Relation.choices, default=Relation.NEW, blank=True
    )
    follows = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="follow_ups",
        null=True,
        blank=True,
        verbose_name=_("earlier request"),
    )
    # Set on a preservation when the follow-up MLA request is sent: kept pending the MLA decision.
    mla_pending_since = models.DateTimeField(_("pending MLA decision since"), null=True, blank=True)
    # The nearest open deadline, kept by the deadline service so lists filter "due soon" in SQL.
    next_due_at = models.DateTimeField(_("next deadline"), null=True, blank=True, db_index=True)
    next_due_key = models.CharField(_("next deadline kind"), max_length=40, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("cooperation request")
        verbose_name_plural = _("cooperation requests")
        indexes = [
            models.Index(fields=["requesting_authority", "-created_at"], name="coop_req_sent_idx"),
            models.Index(fields=["requested_authority", "status"], name="coop_req_received_idx"),
            models.Index(fields=["requested_authority", "-created_at", "-id"], name="coop_req_inbox_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        """The request's page."""
        return reverse("cooperation:detail", args=[self.reference])

    @property
    def is_draft(self) -> bool:
        """True while the requesting side may still change the request."""
        return self.status == RequestStatus.DRAFT

    def clean(self) -> None:
        """The urgency is one the type offers; the requested authority belongs to the requested Party."""
        if self.request_type_id and self.urgency not in self.request_type.urgency_options:
            raise ValidationError({"urgency": _("This type of request does not offer this urgency.")})
        requested = self.requested_authority
        if requested is not None and requested.party_id != self.requested_party_id:
            raise ValidationError(
                {"requested_authority": _("The requested authority does not belong to the requested Party.")}
            )
        if self.requesting_authority_id and self.requesting_authority.party_id == self.requested_party_id:
            raise ValidationError({"requested_party": _("A cooperation request goes to another Party.")})
