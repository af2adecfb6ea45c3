"""Time arithmetic of duty rosters: local wall-clock time, DST, shifts across midnight."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from iproceeds.directory.models.roster import MINUTES_PER_WEEK, DutyShift


def minute_of_week(local: datetime) -> int:
    """Minutes since Monday 00:00 of a local wall-clock moment."""
    return local.weekday() * 24 * 60 + local.hour * 60 + local.minute


def shift_covers(shift: DutyShift, local: datetime) -> bool:
    """True when the weekly shift covers the local moment (Sunday night runs into Monday)."""
    start, end = shift.week_span()
    now = minute_of_week(local)
    return start <= now < end or start <= now + MINUTES_PER_WEEK < end


def shift_end(shift: DutyShift, local: datetime) -> datetime:
    """The local wall-clock end of the covering shift (may be on the next day)."""
    end = local.replace(hour=shift.ends.hour, minute=shift.ends.minute, second=0, microsecond=0)
    return end if end > local else end + timedelta(days=1)


def spans_overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """True when two weekly spans overlap, also across the end of the week."""
    return any(
        a[0] < b[1] + shift and b[0] + shift < a[1] for shift in (-MINUTES_PER_WEEK, 0, MINUTES_PER_WEEK)
    )


def localise(value: datetime, zone: str, field: str) -> datetime:
    """An aware moment from a local wall-clock time, refusing times that DST skips."""
    if value.tzinfo is not None:
        return value
    tz = ZoneInfo(zone)
    aware = value.replace(tzinfo=tz)
    round_trip = aware.astimezone(ZoneInfo("UTC")).astimezone(tz).replace(tzinfo=None)
    if round_trip != value:
        raise ValidationError(
            {field: _("This local time does not exist in %(zone)s (clocks change).") % {"zone": zone}}
        )
    return aware
