"""Measures on the case's assets (identified → frozen/seized → confiscated → disposed of) and EUR rates."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from moneytrace.money import format_amount

from iproceeds.investigations.choices import DisposalKind, MeasureStage
from iproceeds.investigations.models.case import Asset, BankAccount, CryptoWallet, InvestigationCase
from iproceeds.investigations.validators import validate_currency

TARGETS = ("bank_account", "wallet", "asset")


class Measure(models.Model):
    """One asset's way through the measures, every step's order and amount kept (minor units)."""

    case = models.ForeignKey(InvestigationCase, on_delete=models.CASCADE, related_name="measures")
    bank_account = models.ForeignKey(
        BankAccount, on_delete=models.PROTECT, null=True, blank=True, related_name="measures",
        verbose_name=_("bank account"),
    )  # fmt: skip
    wallet = models.ForeignKey(
        CryptoWallet, on_delete=models.PROTECT, null=True, blank=True, related_name="measures",
        verbose_name=_("crypto wallet"),
    )  # fmt: skip
    asset = models.ForeignKey(
        Asset,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("asset"),
    )
    stage = models.CharField(_("stage"), max_length=20, choices=MeasureStage.choices)
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    identified_minor = models.BigIntegerField(_("amount identified (minor units)"))
    # Frozen or seized: the order restraining it.
    restraint_kind = models.CharField(
        _("frozen or seized"), max_length=20, choices=MeasureStage.choices, blank=True
    )  # kept when the measure moves on, so the overview counts what was frozen and what was seized
    restrained_minor = models.BigIntegerField(
        _("amount frozen or seized (minor units)"), null=True, blank=True
    )
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    order_reference = models.CharField(_("order reference"), max_length=120, blank=True)
    order_authority = models.CharField(_("ordering authority"), max_length=200, blank=True)
    restrained_on = models.DateField(_("frozen or seized on"), null=True, blank=True)
    expires_on = models.DateField(_("order expires on"), null=True, blank=True)
    # Confiscated: the order, when it became enforceable, and the decision to enforce (its EUR value).
    confiscated_minor = models.BigIntegerField(_("amount confiscated (minor units)"), null=True, blank=True)
    confiscation_order = models.CharField(_("confiscation order"), max_length=120, blank=True)
    enforceable_on = models.DateField(_("enforceable since"), null=True, blank=True)
    enforcement_decided_on = models.DateField(_("decision to enforce dated"), null=True, blank=True)
    eur_minor = models.BigIntegerField(_("value in EUR (cents)"), null=True, blank=True)
    eur_rate = models.DecimalField(_("rate per EUR"), max_digits=20, decimal_places=8, null=True, blank=True)
    eur_rate_date = models.DateField(_("date of the rate"), null=True, blank=True)
    # Disposed of.
    disposal_kind = models.CharField(
        _("disposed of"), max_length=10, choices=DisposalKind.choices, blank=True
    )
    disposed_minor = models.BigIntegerField(_("amount disposed of (minor units)"), null=True, blank=True)
    disposed_on = models.DateField(_("disposed of on"), null=True, blank=True)
    disposal_note = models.CharField(_("note on the disposal"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(bank_account__isnull=False, wallet__isnull=True, asset__isnull=True)
                    | models.Q(bank_account__isnull=True, wallet__isnull=False, asset__isnull=True)
                    | models.Q(bank_account__isnull=True, wallet__isnull=True, asset__isnull=False)
                ),
                name="measure_one_target",
            ),
            models.CheckConstraint(
                condition=models.Q(identified_minor__gt=0), name="measure_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target} ({self.get_stage_display()})"

    @property
    def target(self) -> models.Model:
        """The account, wallet or asset the measure is on."""
        return self.bank_account or self.wallet or self.asset  # type: ignore[return-value]

    def clean(self) -> None:
        """Exactly one target; its case is the measure's case."""
        chosen = [getattr(self, f"{name}_id") for name in TARGETS if getattr(self, f"{name}_id")]
        if len(chosen) != 1:
            raise ValidationError({"target": _("Choose one account, wallet or asset of the case.")})
        if self.target.case_id != self.case_id:  # type: ignore[attr-defined]
            raise ValidationError({"target": _("Choose one account, wallet or asset of the case.")})

    def display(self, field: str) -> str:
        """An amount field in the currency's decimals, or an empty text."""
        value = getattr(self, field)
        return "" if value is None else format_amount(value, self.currency)

    @property
    def display_identified(self) -> str:
        """The amount identified, for people."""
        return self.display("identified_minor")

    @property
    def display_restrained(self) -> str:
        """The amount frozen or seized, for people."""
        return self.display("restrained_minor")

    @property
    def display_confiscated(self) -> str:
        """The amount confiscated, for people."""
        return self.display("confiscated_minor")

    @property
    def display_disposed(self) -> str:
        """The amount disposed of, for people."""
        return self.display("disposed_minor")

    @property
    def eur_rate_display(self) -> str:
        """The rate used, without trailing zeros (61.495 rather than 61.49500000)."""
        return "" if self.eur_rate is None else format(self.eur_rate.normalize(), "f")

    @property
    def display_eur(self) -> str:
        """The EUR value at the decision to enforce, for people."""
        return "" if self.eur_minor is None else format_amount(self.eur_minor, "EUR")


class MeasureNotice(models.Model):
    """A reminder sent once for one expiry date of a measure's order (so the scanner is idempotent)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="notices")
    expires_on = models.DateField(_("expiry date reminded"))
    days_before = models.PositiveSmallIntegerField(_("days before expiry"))
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("expiry reminder")
        verbose_name_plural = _("expiry reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "expires_on", "days_before"], name="one_notice_per_measure_expiry"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.expires_on} -{self.days_before}"


class ExchangeRate(models.Model):
    """How many units of a currency one euro buys on a date, as loaded by the administrator."""

    date = models.DateField(_("date"))
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    rate_per_eur = models.DecimalField(_("rate per EUR"), max_digits=20, decimal_places=8)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("loaded by"),
    )  # fmt: skip
    loaded_at = models.DateTimeField(_("loaded at"))

    class Meta:
        ordering = ["-date", "currency"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(fields=["date", "currency"], name="one_rate_per_currency_day"),
            models.CheckConstraint(condition=models.Q(rate_per_eur__gt=0), name="rate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.currency} {self.rate_per_eur}"
