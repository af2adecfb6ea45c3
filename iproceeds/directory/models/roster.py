"""Duty rosters: weekly shifts and one-off overrides, in the authority's time zone."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from iproceeds.directory.choices import Weekday
from iproceeds.directory.models.authority import Authority, Contact

MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY


def _check_contact_belongs(authority_id: int | None, contact: Contact | None) -> None:
    if contact is not None and authority_id and contact.authority_id != authority_id:
        raise ValidationError({"contact": _("The contact does not belong to this authority.")})


class DutyShift(models.Model):
    """A weekly shift; a shift whose end is not after its start ends on the next day."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="shifts")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="shifts")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    starts = models.TimeField(_("starts"))
    ends = models.TimeField(_("ends"))
    notes = models.CharField(_("notes"), max_length=200, blank=True)

    class Meta:
        ordering = ["authority", "weekday", "starts"]
        verbose_name = _("weekly shift")
        verbose_name_plural = _("weekly shifts")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts:%H:%M}-{self.ends:%H:%M}"

    def clean(self) -> None:
        """A shift lasts some time and its contact works at the authority."""
        if self.starts is not None and self.starts == self.ends:
            raise ValidationError({"ends": _("The shift is empty: it ends when it starts.")})
        _check_contact_belongs(self.authority_id, getattr(self, "contact", None) if self.contact_id else None)

    @property
    def crosses_midnight(self) -> bool:
        """True when the shift ends on the following day."""
        return self.ends <= self.starts

    def week_span(self) -> tuple[int, int]:
        """Start and end in minutes from Monday 00:00; the end may pass the end of the week."""
        start = self.weekday * MINUTES_PER_DAY + self.starts.hour * 60 + self.starts.minute
        length = (self.ends.hour * 60 + self.ends.minute) - (self.starts.hour * 60 + self.starts.minute)
        return start, start + (length if length > 0 else length + MINUTES_PER_DAY)


class DutyOverride(models.Model):
    """A one-off duty period that takes precedence over the weekly shifts (stored in UTC)."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="overrides")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="overrides")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    notes = models.CharField(_("notes"), max_length=200, blank=True)

    class Meta:
        ordering = ["authority", "starts_at"]
        verbose_name = _("duty override")
        verbose_name_plural = _("duty overrides")

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}Z-{self.ends_at:%Y-%m-%d %H:%M}Z"

    def clean(self) -> None:
        """An override lasts some time and its contact works at the authority."""
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The override must end after it starts.")})
        _check_contact_belongs(self.authority_id, getattr(self, "contact", None) if self.contact_id else None)
