"""Restitution: recovered money distributed to the victims in proportion to their losses, to the cent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from moneytrace.money import format_amount

from iproceeds.investigations.models.case import InvestigationCase, TraceRun, Victim
from iproceeds.investigations.validators import validate_currency


class Restitution(models.Model):
    """One distribution of confiscated money to the victims; its shares add up to the amount exactly."""

    case = models.ForeignKey(InvestigationCase, on_delete=models.CASCADE, related_name="restitutions")
    amount_minor = models.BigIntegerField(_("amount distributed (minor units)"))
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    trace = models.ForeignKey(
        TraceRun, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("trace whose losses are the basis"),
    )  # fmt: skip
    basis = models.CharField(_("basis of the shares"), max_length=20)
    decided_on = models.DateField(_("decided on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("restitution")
        verbose_name_plural = _("restitutions")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_minor__gt=0), name="restitution_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{format_amount(self.amount_minor, self.currency)} {self.currency}"

    @property
    def amount_display(self) -> str:
        """The amount with the currency's decimals, for people."""
        return format_amount(self.amount_minor, self.currency)


class RestitutionShare(models.Model):
    """What one victim receives of a restitution, and the loss that weighed it."""

    restitution = models.ForeignKey(Restitution, on_delete=models.CASCADE, related_name="shares")
    victim = models.ForeignKey(Victim, on_delete=models.PROTECT, related_name="restitution_shares")
    weight_minor = models.BigIntegerField(_("loss weighed (minor units)"))
    amount_minor = models.BigIntegerField(_("share (minor units)"))

    class Meta:
        ordering = ["restitution", "victim_id"]
        verbose_name = _("restitution share")
        verbose_name_plural = _("restitution shares")
        constraints = [
            models.UniqueConstraint(fields=["restitution", "victim"], name="one_share_per_victim"),
        ]

    def __str__(self) -> str:
        return f"{self.victim} {self.amount_minor}"

    @property
    def weight_display(self) -> str:
        """The loss weighed, for people."""
        return format_amount(self.weight_minor, self.restitution.currency)

    @property
    def amount_display(self) -> str:
        """The share, for people."""
        return format_amount(self.amount_minor, self.restitution.currency)
