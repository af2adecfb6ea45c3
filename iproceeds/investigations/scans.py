"""Periodic scan: remind the case team before a freezing or seizure order expires (idempotent)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from iproceeds.audit.services import record
from iproceeds.investigations.choices import CaseRole, MeasureStage
from iproceeds.investigations.models import Measure, MeasureNotice

# Reminders a month and a week before expiry, so a renewal order can be obtained in time.
REMIND_DAYS = (30, 7)
REMINDER_KIND = "investigations.measure_expiry"


def _due(measure: Measure, today: datetime) -> list[int]:
    """The reminder thresholds reached for the measure's current expiry date and not yet sent."""
    assert measure.expires_on is not None
    left = (measure.expires_on - today.date()).days
    sent = set(measure.notices.filter(expires_on=measure.expires_on).values_list("days_before", flat=True))
    return [days for days in REMIND_DAYS if left <= days and days not in sent]


def _notify(measure: Measure, days_left: int) -> None:
    from iproceeds.notifications.services import notify

    team = [m.user for m in measure.case.members.select_related("user").exclude(role=CaseRole.READER)]
    notify(
        actor=None,
        recipients=team,
        kind=REMINDER_KIND,
        subject=_("A freezing or seizure order expires soon"),
        body=_(
            "An order on an asset of one of your cases expires soon: open the case's measures to renew it."
        ),
        target=measure.case,
    )
    record(
        action="investigations.measure.expiry_reminded",
        actor=None,
        actor_label="system",
        target=measure,
        after={"expires_on": measure.expires_on, "days_left": days_left},
    )


def measure_expiry_scan(now: datetime) -> int:
    """Send each due reminder once per expiry date (a notice row marks it); returns how many were sent."""
    horizon = now.date() + timedelta(days=max(REMIND_DAYS))
    measures = Measure.objects.filter(
        stage__in=[MeasureStage.FROZEN, MeasureStage.SEIZED],
        expires_on__isnull=False,
        expires_on__gte=now.date(),
        expires_on__lte=horizon,
    ).select_related("case")
    sent = 0
    for measure in measures:
        due = _due(measure, now)
        if not due or measure.expires_on is None:
            continue
        try:
            with transaction.atomic():
                for days in due:
                    MeasureNotice.objects.create(
                        measure=measure, expires_on=measure.expires_on, days_before=days, sent_at=now
                    )
                _notify(measure, (measure.expires_on - now.date()).days)
        except IntegrityError:  # another scanner sent it in the meantime
            continue
        sent += 1
    return sent
