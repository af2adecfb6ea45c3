"""Parties (states and territories) and their authorities."""

from zoneinfo import available_timezones

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from iproceeds.directory.choices import AuthorityType


def validate_timezone(value: str) -> None:
    """Refuse a time zone name that the IANA database does not know."""
    if value not in available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


class Party(models.Model):
    """A state or territory taking part in the network."""

    code = models.CharField(
        _("code"), max_length=8, unique=True, help_text=_("ISO 3166 code, or XK for Kosovo*.")
    )
    name = models.CharField(_("name"), max_length=120)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Party")
        verbose_name_plural = _("Parties")

    def __str__(self) -> str:
        return self.name


class Authority(models.Model):
    """A body of a Party: the organisation every user belongs to."""

    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="authorities", verbose_name=_("Party")
    )
    name = models.CharField(_("name"), max_length=200)
    authority_type = models.CharField(_("type"), max_length=20, choices=AuthorityType.choices)
    timezone = models.CharField(_("time zone"), max_length=64, default="UTC", validators=[validate_timezone])
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["party__name", "name"]
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")
        constraints = [
            models.UniqueConstraint(fields=["party", "name"], name="authority_unique_name_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.party.code})"
