"""Who is on duty now, and whom to contact now for a type of request in a Party."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from iproceeds.directory.models import Authority, Contact, DutyOverride, Party
from iproceeds.directory.permissions import can_read_directory
from iproceeds.directory.roster import shift_covers, shift_end


@dataclass(frozen=True)
class DutyStatus:
    """An authority's duty state at one moment, in its own local time."""

    authority: Authority
    local_now: datetime
    contact: Contact | None
    until_local: datetime | None
    in_office_hours: bool | None

    @property
    def city(self) -> str:
        """The place the time zone is named after ("Europe/Belgrade" → "Belgrade")."""
        return self.authority.timezone.rsplit("/", 1)[-1].replace("_", " ")


@dataclass(frozen=True)
class ContactOption:
    """One way to reach a counterpart now: the on-duty contact or the authority's 24/7 line."""

    kind: str  # "on_duty" or "line_247"
    status: DutyStatus
    phone: str
    email: str
    in_office_hours: bool | None


def _override_on_duty(authority: Authority, at: datetime) -> tuple[Contact, datetime] | None:
    override = (
        DutyOverride.objects.filter(
            authority=authority, starts_at__lte=at, ends_at__gt=at, contact__is_active=True
        )
        .select_related("contact")
        .first()
    )
    return (override.contact, override.ends_at.astimezone(at.tzinfo)) if override else None


def _shift_on_duty(authority: Authority, local: datetime) -> tuple[Contact, datetime] | None:
    for shift in authority.shifts.filter(contact__is_active=True).select_related("contact"):
        if shift_covers(shift, local):
            return shift.contact, shift_end(shift, local)
    return None


def duty_status(*, authority: Authority, at: datetime | None = None) -> DutyStatus:
    """Who is on duty at an authority at a moment (one-off overrides before weekly shifts)."""
    tz = ZoneInfo(authority.timezone)
    local = (at or timezone.now()).astimezone(tz)
    found = _override_on_duty(authority, local) or _shift_on_duty(authority, local)
    contact, until = found if found else (None, None)
    return DutyStatus(authority, local, contact, until, authority.is_open_at(local))


def _options(status: DutyStatus) -> tuple[ContactOption | None, ContactOption | None]:
    contact, authority = status.contact, status.authority
    on_duty = None
    if contact is not None:
        open_now = contact.hours_source().is_open_at(status.local_now)
        on_duty = ContactOption("on_duty", status, contact.mobile or contact.phone, contact.email, open_now)
    line = None
    if authority.phone_247:
        line = ContactOption("line_247", status, authority.phone_247, authority.email, status.in_office_hours)
    return on_duty, line


def competent_authorities(*, party: Party, request_type: str) -> list[Authority]:
    """The Party's authorities that receive this type of request, 24/7 points first."""
    authorities = Authority.objects.filter(party=party, competences__request_type=request_type).distinct()
    return sorted(authorities, key=lambda a: (a.authority_type != "poc247", a.name))


def whom_to_contact(
    *, user: Any, party: Party, request_type: str, at: datetime | None = None
) -> list[ContactOption]:
    """Whom to contact now: every on-duty contact first, then the authorities' 24/7 lines."""
    if not can_read_directory(user):
        return []
    on_duty: list[ContactOption] = []
    lines: list[ContactOption] = []
    for authority in competent_authorities(party=party, request_type=request_type):
        first, second = _options(duty_status(authority=authority, at=at))
        on_duty += [first] if first else []
        lines += [second] if second else []
    return on_duty + lines
