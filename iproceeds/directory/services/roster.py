"""Duty roster changes: weekly shifts and one-off overrides, refused when they overlap."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from iproceeds.directory.models import Authority, Contact, DutyOverride, DutyShift
from iproceeds.directory.roster import localise, spans_overlap
from iproceeds.directory.services.entries import CROSS_ROW_CHECKS, entry_create


def _check_shift_overlap(shift: DutyShift) -> None:
    """Refuse a weekly shift that overlaps another shift of the same authority."""
    Authority.objects.select_for_update().filter(pk=shift.authority_id).first()
    others = DutyShift.objects.filter(authority_id=shift.authority_id).exclude(pk=shift.pk)
    for other in others:
        if spans_overlap(shift.week_span(), other.week_span()):
            raise ValidationError(
                {
                    "starts": _("This shift overlaps the %(day)s %(start)s–%(end)s shift.")
                    % {
                        "day": other.get_weekday_display(),
                        "start": f"{other.starts:%H:%M}",
                        "end": f"{other.ends:%H:%M}",
                    }
                }
            )


def _check_override_overlap(override: DutyOverride) -> None:
    """Refuse a one-off override that overlaps another override of the same authority."""
    Authority.objects.select_for_update().filter(pk=override.authority_id).first()
    clash = (
        DutyOverride.objects.filter(
            authority_id=override.authority_id, starts_at__lt=override.ends_at, ends_at__gt=override.starts_at
        )
        .exclude(pk=override.pk)
        .first()
    )
    if clash is not None:
        raise ValidationError({"starts_at": _("This period overlaps another one-off change of the roster.")})


CROSS_ROW_CHECKS[DutyShift] = _check_shift_overlap
CROSS_ROW_CHECKS[DutyOverride] = _check_override_overlap


def shift_create(
    *, actor: Any, contact: Contact, weekday: int, starts: time, ends: time, notes: str = ""
) -> DutyShift:
    """Add a weekly shift (local time of the authority); ends at or before starts means next day."""
    shift = DutyShift(
        authority=contact.authority, contact=contact, weekday=weekday, starts=starts, ends=ends, notes=notes
    )
    return entry_create(actor=actor, instance=shift)


def override_create(
    *, actor: Any, contact: Contact, starts_at: datetime, ends_at: datetime, notes: str = ""
) -> DutyOverride:
    """Put a contact on duty for a one-off period; naive times are the authority's local time."""
    zone = contact.authority.timezone
    override = DutyOverride(
        authority=contact.authority,
        contact=contact,
        starts_at=localise(starts_at, zone, "starts_at"),
        ends_at=localise(ends_at, zone, "ends_at"),
        notes=notes,
    )
    return entry_create(actor=actor, instance=override)
