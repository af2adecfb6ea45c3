"""Abstract pieces shared by directory models: sourced facts, confirmation, office hours."""

from __future__ import annotations

from datetime import date, datetime, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from iproceeds.directory.choices import Confidence


class SourcedFact(models.Model):
    """A fact that carries where it comes from, when it was true, and how far it was checked."""

    source = models.CharField(_("source"), max_length=300)
    as_of = models.DateField(_("as of"))
    confidence = models.CharField(
        _("confidence"), max_length=1, choices=Confidence.choices, default=Confidence.UNCONFIRMED
    )

    class Meta:
        abstract = True

    @property
    def to_verify(self) -> bool:
        """True when the fact must be shown as "to verify"."""
        return self.confidence == Confidence.UNCONFIRMED


class Confirmable(models.Model):
    """An entry its owners must confirm periodically (DIRECTORY_CONFIRM_EVERY_DAYS)."""

    last_confirmed_at = models.DateTimeField(_("last confirmed"), null=True, blank=True)
    last_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)
    search_key = models.TextField(_("search key"), blank=True, default="", editable=False)

    class Meta:
        abstract = True

    def is_stale(self, *, now: datetime) -> bool:
        """True when the entry was never confirmed or its confirmation is older than the period."""
        from iproceeds.directory.freshness import stale_before

        return self.last_confirmed_at is None or self.last_confirmed_at < stale_before(now)


class OfficeHours(models.Model):
    """Weekly office hours in the local time of the authority."""

    office_days = models.CharField(
        _("office days"),
        max_length=7,
        blank=True,
        default="01234",
        help_text=_("Weekday numbers, Monday = 0: “01234” is Monday to Friday."),
    )
    office_opens = models.TimeField(_("office opens"), null=True, blank=True)
    office_closes = models.TimeField(_("office closes"), null=True, blank=True)

    class Meta:
        abstract = True

    def clean_office_hours(self) -> None:
        """Refuse half-given hours, hours that end before they start, and unknown day numbers."""
        if any(ch not in "0123456" for ch in self.office_days) or len(set(self.office_days)) != len(
            self.office_days
        ):
            raise ValidationError({"office_days": _("Use each weekday number 0 (Monday) to 6 once at most.")})
        if (self.office_opens is None) != (self.office_closes is None):
            field = "office_closes" if self.office_closes is None else "office_opens"
            raise ValidationError({field: _("Give both the opening and the closing time, or neither.")})
        if self.office_opens and self.office_closes and self.office_closes <= self.office_opens:
            raise ValidationError({"office_closes": _("The office must close after it opens.")})

    @property
    def has_office_hours(self) -> bool:
        """True when opening and closing times are known."""
        return self.office_opens is not None and self.office_closes is not None

    def is_open_at(self, local: datetime) -> bool | None:
        """Whether a local wall-clock moment falls in office hours; None when hours are unknown."""
        if not self.has_office_hours:
            return None
        opens, closes = self.office_opens, self.office_closes
        assert isinstance(opens, time)
        assert isinstance(closes, time)
        return str(local.weekday()) in self.office_days and opens <= local.time() < closes


def check_dates_in_order(pairs: list[tuple[str, date | None, str, date | None]]) -> None:
    """Refuse a later date that comes before an earlier one, naming the later field."""
    for _first_name, first, second_name, second in pairs:
        if first and second and second < first:
            raise ValidationError({second_name: _("This date is before the date it must follow.")})
