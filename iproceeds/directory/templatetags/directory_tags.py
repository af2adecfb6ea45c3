"""Template helpers for the directory: phones, request types, counterpart wall-clock time."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import dateformat

from iproceeds.directory.choices import request_type_label
from iproceeds.directory.validators import display_phone

register = template.Library()


@register.filter
def phone(value: str) -> str:
    """An E.164 number in readable international form."""
    return display_phone(value) if value else ""


@register.filter
def request_type(code: str) -> str:
    """The label of a request-type code."""
    return request_type_label(code)


@register.filter
def wallclock(value: datetime | None, fmt: str = "H:i") -> str:
    """Format an aware datetime in its own time zone (never the viewer's), e.g. Belgrade's 03:00."""
    return dateformat.format(value, fmt) if value else ""


@register.filter
def zone_city(zone: str) -> str:
    """The place a time zone is named after: "Europe/Belgrade" → "Belgrade"."""
    return zone.rsplit("/", 1)[-1].replace("_", " ") if zone else ""


@register.filter
def stale_at(entry: object, now: datetime | None) -> bool:
    """True when a confirmable entry is stale at the given moment."""
    is_stale = getattr(entry, "is_stale", None)
    return bool(now and is_stale and is_stale(now=now))


@register.filter
def timezone_in(value: datetime | None, zone: str) -> datetime | None:
    """Convert a stored UTC moment to the authority's time zone for wallclock display."""
    from zoneinfo import ZoneInfo

    return value.astimezone(ZoneInfo(zone)) if value else None
