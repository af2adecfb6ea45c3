"""Parties (states and territories) and the sourced facts about them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from iproceeds.directory.choices import (
    DeclarationEffect,
    DeclarationKind,
    Instrument,
    SettingKey,
    TreatyStatus,
)
from iproceeds.directory.models.base import SourcedFact, check_dates_in_order
from iproceeds.directory.validators import normalise_languages


class Party(models.Model):
    """A state or territory taking part in the network."""

    code = models.CharField(
        _("code"), max_length=8, unique=True, help_text=_("ISO 3166 code, or XK for Kosovo*.")
    )
    name = models.CharField(_("name"), max_length=120)
    name_local = models.CharField(_("name in the local language"), max_length=200, blank=True)
    aliases = models.CharField(
        _("other names"),
        max_length=500,
        blank=True,
        help_text=_("Other spellings and scripts, “;”-separated."),
    )
    footnote = models.TextField(_("footnote"), blank=True)
    is_iproceeds = models.BooleanField(_("iPROCEEDS participant"), default=False)
    search_key = models.TextField(_("search key"), blank=True, default="", editable=False)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Party")
        verbose_name_plural = _("Parties")

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        """The name with the asterisk that points to the footnote, when there is one."""
        return f"{self.name}*" if self.footnote else self.name


class InstrumentStatus(SourcedFact):
    """Signature, ratification and entry into force of one treaty for one Party."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="instruments")
    instrument = models.CharField(_("instrument"), max_length=10, choices=Instrument.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=TreatyStatus.choices, default=TreatyStatus.UNKNOWN
    )
    signed_on = models.DateField(_("signed"), null=True, blank=True)
    ratified_on = models.DateField(_("ratified"), null=True, blank=True)
    in_force_on = models.DateField(_("entry into force"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["party", "instrument"]
        verbose_name = _("instrument status")
        verbose_name_plural = _("instrument statuses")
        constraints = [
            models.UniqueConstraint(fields=["party", "instrument"], name="instrument_status_unique_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.party.code} {self.instrument}"

    @property
    def missing_dates(self) -> bool:
        """True when the status implies a date that is not recorded (shown as "date to verify")."""
        needed = {
            TreatyStatus.SIGNED: [self.signed_on],
            TreatyStatus.RATIFIED: [self.signed_on, self.ratified_on],
            TreatyStatus.IN_FORCE: [self.signed_on, self.ratified_on, self.in_force_on],
        }.get(TreatyStatus(self.status), [])
        return any(value is None for value in needed)

    def clean(self) -> None:
        """Ratification follows signature; entry into force follows ratification."""
        check_dates_in_order(
            [
                ("signed_on", self.signed_on, "ratified_on", self.ratified_on),
                ("ratified_on", self.ratified_on, "in_force_on", self.in_force_on),
            ]
        )


class PartyDeclaration(SourcedFact):
    """A reservation or declaration of a Party that changes routing or refusal."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="declarations")
    instrument = models.CharField(_("instrument"), max_length=10, choices=Instrument.choices)
    article = models.CharField(_("article"), max_length=40)
    kind = models.CharField(_("kind"), max_length=20, choices=DeclarationKind.choices)
    effect = models.CharField(_("effect"), max_length=40, choices=DeclarationEffect.choices)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        ordering = ["party", "instrument", "article"]
        verbose_name = _("reservation or declaration")
        verbose_name_plural = _("reservations and declarations")
        constraints = [
            models.UniqueConstraint(
                fields=["party", "instrument", "article", "effect"], name="declaration_unique_per_party"
            )
        ]

    def __str__(self) -> str:
        return f"{self.party.code} {self.instrument} Art {self.article}"


def _yes_no(value: str) -> str:
    folded = value.strip().lower()
    if folded not in {"yes", "no"}:
        raise ValidationError({"value": _("Answer “yes” or “no”.")})
    return folded


def _positive_int(value: str) -> str:
    if not value.strip().isdigit() or int(value) <= 0:
        raise ValidationError({"value": _("Give a whole number greater than zero.")})
    return str(int(value))


def _languages(value: str) -> str:
    try:
        return normalise_languages(value)
    except ValidationError as exc:
        raise ValidationError({"value": exc.messages}) from exc


_SETTING_CLEANERS: dict[str, Any] = {
    SettingKey.ACCEPTED_LANGUAGES: _languages,
    SettingKey.E_ENCRYPTION_REQUIRED: _yes_no,
    SettingKey.E_SIGNATURE_REQUIRED: _yes_no,
    SettingKey.MAX_PRESERVATION_DAYS: _positive_int,
    SettingKey.FIU_POSTPONEMENT_HOURS: _positive_int,
}


class PartySetting(SourcedFact):
    """One per-Party setting: accepted languages, transmission conditions, domestic periods."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="party_settings")
    key = models.CharField(_("setting"), max_length=40, choices=SettingKey.choices)
    value = models.CharField(_("value"), max_length=500)

    class Meta:
        ordering = ["party", "key"]
        verbose_name = _("Party setting")
        verbose_name_plural = _("Party settings")
        constraints = [models.UniqueConstraint(fields=["party", "key"], name="party_setting_unique_key")]

    def __str__(self) -> str:
        return f"{self.party.code} {self.key}"

    def clean(self) -> None:
        """Check and normalise the value according to its key."""
        cleaner = _SETTING_CLEANERS.get(self.key)
        if cleaner and self.value is not None:
            self.value = cleaner(self.value)
