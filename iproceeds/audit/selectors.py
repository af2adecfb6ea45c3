"""Reading the audit trail with the auditor's filters."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from iproceeds.audit.models import AuditEvent
from iproceeds.audit.permissions import require_audit_reader


@dataclass(frozen=True)
class AuditFilter:
    """The auditor's search: free text, action, actor, target and a date range."""

    q: str = ""
    action: str = ""
    actor: str = ""
    target_type: str = ""
    target_id: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_events_for_user(*, user: Any, filters: AuditFilter) -> QuerySet[AuditEvent]:
    """The events an auditor asked for, newest first."""
    require_audit_reader(user)
    qs = AuditEvent.objects.all()
    if filters.q:
        qs = qs.filter(
            Q(action__icontains=filters.q)
            | Q(actor_label__icontains=filters.q)
            | Q(target_label__icontains=filters.q)
            | Q(request_id__iexact=filters.q)
        )
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.actor:
        qs = qs.filter(actor_label__icontains=filters.actor)
    if filters.target_type:
        qs = qs.filter(target_type=filters.target_type)
    if filters.target_id:
        qs = qs.filter(target_id=filters.target_id)
    if filters.date_from:
        qs = qs.filter(occurred_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        qs = qs.filter(occurred_at__lt=_day_start(filters.date_to) + timedelta(days=1))
    return qs.order_by("-seq")
