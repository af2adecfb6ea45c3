"""How old a confirmation may be before an entry counts as stale."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings

DEFAULT_CONFIRM_EVERY_DAYS = 182


def confirm_every() -> timedelta:
    """The confirmation period (setting DIRECTORY_CONFIRM_EVERY_DAYS, default about six months)."""
    return timedelta(days=getattr(settings, "DIRECTORY_CONFIRM_EVERY_DAYS", DEFAULT_CONFIRM_EVERY_DAYS))


def stale_before(now: datetime) -> datetime:
    """Confirmations older than this moment are stale."""
    return now - confirm_every()
