"""The iCalendar (RFC 5545) feed of a user's open deadlines: metadata only, in the user's language."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from iproceeds.cooperation.deadlines import deadlines_for_user

PRODID = "-//iproceeds//cooperation deadlines//EN"


def event_uid(coop_request: Any, key: str) -> str:
    """Stable per request and deadline, so calendar apps update an event instead of duplicating it."""
    return f"{coop_request.reference}.{key}@iproceeds"


def _zone(name: str) -> datetime.tzinfo:
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return datetime.UTC


def _event(deadline: Any, base_url: str, now: datetime.datetime) -> Event:
    coop_request = deadline.coop_request
    url = base_url.rstrip("/") + coop_request.get_absolute_url()
    event = Event()
    event.add("uid", event_uid(coop_request, deadline.key))
    event.add("dtstamp", now.astimezone(datetime.UTC))
    event.add("dtstart", deadline.due_at.astimezone(datetime.UTC))
    event.add("summary", f"{coop_request.reference} {coop_request.request_type.label}: {deadline.reason}")
    event.add("description", f"{deadline.reason}\n{url}")
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    return event


def deadline_feed(*, user: Any, base_url: str, now: datetime.datetime | None = None) -> bytes:
    """The user's open deadlines as an iCalendar document (reasons in their language and time zone)."""
    now = now or timezone.now()
    with translation.override(user.language or None), timezone.override(_zone(user.timezone)):
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", _("Cooperation deadlines"))
        for deadline in deadlines_for_user(user=user, now=now):
            calendar.add_component(_event(deadline, base_url, now))
        return calendar.to_ical()
