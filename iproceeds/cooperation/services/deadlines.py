"""Keeping deadlines: the next due date on each request, pending MLA decisions, reminders, escalation."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from iproceeds.accounts.choices import Role
from iproceeds.audit import services as audit
from iproceeds.cooperation import deadlines as computed
from iproceeds.cooperation.choices import Relation, RequestStatus, TimerKind
from iproceeds.cooperation.models import CooperationRequest, DeadlineNotice
from iproceeds.cooperation.notify import officers_of, request_event
from iproceeds.directory.duty import duty_status
from iproceeds.notifications.services import notify_addresses

SYSTEM_LABEL = "system:timers"


def request_next_due_refresh(*, coop_request: CooperationRequest, now: datetime | None = None) -> bool:
    """Store the request's nearest open deadline (a kept copy lists filter on); True when it changed."""
    nearest = computed.next_open(computed.deadlines_of(coop_request, now))
    due_at, key = (nearest.due_at, nearest.key) if nearest else (None, "")
    if (coop_request.next_due_at, coop_request.next_due_key) == (due_at, key):
        return False
    coop_request.next_due_at, coop_request.next_due_key = due_at, key
    coop_request.save(update_fields=["next_due_at", "next_due_key"])
    return True


def _fresh(coop_request: CooperationRequest | None) -> CooperationRequest | None:
    """The request re-read with what deadlines_of needs (no stale prefetched timeline)."""
    if coop_request is None:
        return None
    return computed.with_deadline_data(CooperationRequest.objects.filter(pk=coop_request.pk)).first()


def _is_mla_follow_up(coop_request: CooperationRequest) -> bool:
    return (
        coop_request.relation == Relation.FOLLOW_UP
        and coop_request.follows_id is not None
        and coop_request.request_type.code in computed.MLA_TYPES
        and coop_request.status == RequestStatus.SUBMITTED
    )


def preservation_mark_mla_pending(
    *, preservation: CooperationRequest, follow_up: CooperationRequest, actor: Any
) -> bool:
    """Record that the follow-up MLA request was sent: the data stay preserved pending its decision."""
    if preservation.mla_pending_since is not None:
        return False
    preservation.mla_pending_since = follow_up.submitted_at or timezone.now()
    with transaction.atomic():
        preservation.save(update_fields=["mla_pending_since"])
        audit.record(
            action="cooperation.preservation.mla_pending", actor=actor, target=preservation,
            after={"follow_up": follow_up.reference, "since": preservation.mla_pending_since.isoformat()},
        )  # fmt: skip
    return True


def request_deadlines_changed(*, coop_request: CooperationRequest, actor: Any) -> None:
    """After a submission or status change: mark a pending MLA decision, refresh the next deadlines."""
    follows = coop_request.follows if coop_request.follows_id else None
    if follows is not None and _is_mla_follow_up(coop_request):
        preservation_mark_mla_pending(preservation=follows, follow_up=coop_request, actor=actor)
    for changed in (coop_request, follows):
        fresh = _fresh(changed)
        if changed is not None and fresh is not None:
            request_next_due_refresh(coop_request=fresh)
            changed.next_due_at, changed.next_due_key = fresh.next_due_at, fresh.next_due_key
            changed.mla_pending_since = fresh.mla_pending_since


def reminder_days() -> list[int]:
    """The days before a preservation expires on which the requester is reminded (e.g. 14, 7, 1)."""
    return sorted(
        {int(d) for d in settings.COOPERATION_PRESERVATION_REMINDER_DAYS if int(d) > 0}, reverse=True
    )


def _once(coop_request: CooperationRequest, key: str, due_at: datetime, now: datetime) -> bool:
    """Record a notice; False when it was already sent (the unique row makes it fire once)."""
    if DeadlineNotice.objects.filter(coop_request=coop_request, key=key, due_at=due_at).exists():
        return False
    try:
        with transaction.atomic():
            DeadlineNotice.objects.create(coop_request=coop_request, key=key, due_at=due_at, sent_at=now)
    except IntegrityError:
        return False
    return True


def _reason_for(coop_request: CooperationRequest, key: str, now: datetime) -> str:
    """The deadline's reason in the active language and time zone."""
    found = [d for d in computed.deadlines_of(coop_request, now) if d.key == key]
    return found[0].reason if found else ""


def _in_zone(zone: str) -> Any:
    """Dates in the recipient's time zone; UTC when the stored zone is unknown (never stop a reminder)."""
    try:
        return timezone.override(ZoneInfo(zone or "UTC"))
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.override(ZoneInfo("UTC"))


def _send_reminder(
    coop_request: CooperationRequest, deadline: computed.Deadline, days: int, now: datetime
) -> int:
    recipients = list(officers_of(coop_request.requesting_authority))
    for user in recipients:
        with translation.override(user.language), _in_zone(user.timezone):
            subject = ngettext(
                "Preserved data of %(reference)s expire in %(count)d day",
                "Preserved data of %(reference)s expire in %(count)d days", days,
            ) % {"reference": coop_request.reference, "count": days}  # fmt: skip
            body = "\n\n".join([
                _reason_for(coop_request, deadline.key, now),
                _("Send the follow-up MLA request, or request an extension, before this date."),
            ])  # fmt: skip
        request_event(actor=None, coop_request=coop_request, event="preservation_reminder",
                      to_authority=None, subject=subject, body=body, recipients=[user])  # fmt: skip
    return len(recipients)


def _remind(coop_request: CooperationRequest, deadline: computed.Deadline, now: datetime) -> bool:
    """Remind the requesting side once per reminder day; a late scan sends only the latest one."""
    days = computed.reminder_day(due_at=deadline.due_at, now=now, days=reminder_days())
    if days is None:
        return False
    key = f"{deadline.key}:reminder:{days}"
    with transaction.atomic():
        if not _once(coop_request, key, deadline.due_at, now):
            return False
        count = _send_reminder(coop_request, deadline, days, now)
        audit.record(
            action="cooperation.deadline.reminded", actor=None, actor_label=SYSTEM_LABEL, target=coop_request,
            after={"notice": key, "due_at": deadline.due_at.isoformat(), "recipients": count},
        )  # fmt: skip
    return True


def _supervisors(coop_request: CooperationRequest) -> list[Any]:
    """The receiving authority's supervisors, or its officers when it has no supervisor."""
    users = get_user_model().objects.filter(authority=coop_request.requested_authority, is_active=True)
    return list(users.filter(role=Role.SUPERVISOR)) or list(officers_of(coop_request.requested_authority))


def _contact_language(languages: str) -> str:
    known = {code for code, _name in settings.LANGUAGES}
    spoken = [code.strip().lower() for code in languages.replace(";", ",").split(",")]
    return next((code for code in spoken if code in known), "en")


def _escalation_text(coop_request: CooperationRequest, key: str, now: datetime) -> tuple[str, str]:
    subject = _("Not acknowledged in time: %(type)s %(reference)s") % {
        "type": coop_request.request_type.code, "reference": coop_request.reference,
    }  # fmt: skip
    body = "\n\n".join([
        _("A request from %(sender)s (urgency: %(urgency)s) was not acknowledged in time.") % {
            "sender": coop_request.requesting_authority, "urgency": coop_request.get_urgency_display(),
        },
        _reason_for(coop_request, key, now),
        _("Open the request and acknowledge it now."),
    ])  # fmt: skip
    return subject, body


def _send_escalation(coop_request: CooperationRequest, key: str, now: datetime) -> dict[str, Any]:
    supervisors = _supervisors(coop_request)
    for user in supervisors:
        with translation.override(user.language), _in_zone(user.timezone):
            subject, body = _escalation_text(coop_request, key, now)
        request_event(actor=None, coop_request=coop_request, event="escalation", to_authority=None,
                      subject=subject, body=body, recipients=[user])  # fmt: skip
    authority = coop_request.requested_authority
    contact = duty_status(authority=authority, at=now).contact if authority is not None else None
    if contact is not None and contact.email:
        language = _contact_language(contact.languages)
        with translation.override(language), _in_zone(authority.timezone if authority else "UTC"):
            subject, body = _escalation_text(coop_request, key, now)
        notify_addresses(actor=None, addresses=[contact.email], kind="cooperation.escalation",
                         subject=subject, body=body, target=coop_request, language=language)  # fmt: skip
    return {"supervisors": len(supervisors), "on_duty_contact": contact.pk if contact else None}


def _escalate(coop_request: CooperationRequest, deadline: computed.Deadline, now: datetime) -> bool:
    """Tell the receiving side's supervisors and on-duty contact, once, of an unacknowledged request."""
    key = f"{deadline.key}:escalation"
    with transaction.atomic():
        if not _once(coop_request, key, deadline.due_at, now):
            return False
        sent = _send_escalation(coop_request, key.split(":")[0], now)
        audit.record(
            action="cooperation.request.escalated", actor=None, actor_label=SYSTEM_LABEL, target=coop_request,
            after={"notice": key, "due_at": deadline.due_at.isoformat(), **sent},
        )  # fmt: skip
    return True


def _scan_one(coop_request: CooperationRequest, now: datetime, counts: Counter[str]) -> None:
    for deadline in computed.deadlines_of(coop_request, now):
        if deadline.kind == TimerKind.EXPIRY and deadline.state == computed.OPEN:
            counts["reminders"] += _remind(coop_request, deadline, now)
        elif deadline.kind == TimerKind.ACKNOWLEDGEMENT_TARGET and deadline.state == computed.OVERDUE:
            counts["escalations"] += _escalate(coop_request, deadline, now)
    counts["refreshed"] += request_next_due_refresh(coop_request=coop_request, now=now)


def cooperation_deadlines_scan(now: datetime) -> dict[str, int]:
    """The periodic scan: reminders and escalations due by now (each once), and fresh next deadlines."""
    window = now + timedelta(days=max(reminder_days(), default=0) + 1)
    candidates = computed.with_deadline_data(
        CooperationRequest.objects.exclude(status=RequestStatus.DRAFT).filter(next_due_at__lte=window)
    ).order_by("next_due_at", "pk")
    counts: Counter[str] = Counter(reminders=0, escalations=0, refreshed=0)
    for coop_request in candidates:
        _scan_one(coop_request, now, counts)
    return dict(counts)


def request_next_due_refresh_all(*, now: datetime | None = None) -> int:
    """Recompute every sent request's next deadline (after loading data); returns how many changed."""
    requests = computed.with_deadline_data(CooperationRequest.objects.exclude(status=RequestStatus.DRAFT))
    return sum(request_next_due_refresh(coop_request=r, now=now) for r in requests.iterator(chunk_size=500))
