"""What the network secretariat sees of cooperation: counts and timings, never references or content."""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from iproceeds.cooperation.choices import RequestStatus
from iproceeds.cooperation.lifecycle import OPEN
from iproceeds.cooperation.models import CooperationRequest, Transition

OUTCOMES = (RequestStatus.EXECUTED, RequestStatus.PARTIALLY_EXECUTED, RequestStatus.REFUSED)


def can_read_statistics(user: Any) -> bool:
    """Only the network secretariat reads the network's cooperation figures."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_secretariat)


def require_statistics_reader(user: Any) -> None:
    """Raise PermissionDenied (403, like other secretariat-only pages) for anyone else."""
    if not can_read_statistics(user):
        raise PermissionDenied(_("Only the network secretariat may see these figures."))


def percentile(values: list[float], share: float) -> float | None:
    """The nearest-rank percentile (share 0.9 for p90) of a list, None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def _hours(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return (end - start) / timedelta(hours=1)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


@dataclass
class Group:
    """The figures of one request type, Party pair and month of submission."""

    request_type: str
    from_party: str
    to_party: str
    month: str
    count: int = 0
    overdue: int = 0
    ack_hours: list[float] = field(default_factory=list)
    outcome_hours: list[float] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The row as shown: counts, medians and 90th percentiles in hours."""
        return {
            "request_type": self.request_type, "from_party": self.from_party, "to_party": self.to_party,
            "month": self.month, "count": self.count, "overdue": self.overdue,
            "acknowledged": len(self.ack_hours),
            "ack_median_hours": _rounded(statistics.median(self.ack_hours) if self.ack_hours else None),
            "ack_p90_hours": _rounded(percentile(self.ack_hours, 0.9)),
            "outcomes": len(self.outcome_hours),
            "outcome_median_hours": _rounded(
                statistics.median(self.outcome_hours) if self.outcome_hours else None
            ),
            "outcome_p90_hours": _rounded(percentile(self.outcome_hours, 0.9)),
        }  # fmt: skip


def _first(to_statuses: tuple[str, ...]) -> Subquery:
    """The time of a request's first transition into one of the statuses."""
    entries = Transition.objects.filter(coop_request=OuterRef("pk"), to_status__in=to_statuses)
    return Subquery(entries.order_by("at").values("at")[:1])


def request_statistics(*, user: Any, now: datetime) -> list[dict[str, Any]]:
    """Per type, Party pair and month: counts, overdue, median and p90 hours to acknowledge and conclude."""
    require_statistics_reader(user)
    columns = [
        "request_type__code", "requesting_authority__party__code", "requested_party__code",
        "submitted_at", "acknowledged_at", "outcome_at", "next_due_at", "status",
    ]  # fmt: skip
    rows = (
        CooperationRequest.objects.filter(submitted_at__isnull=False)
        .annotate(acknowledged_at=_first((RequestStatus.ACKNOWLEDGED,)), outcome_at=_first(OUTCOMES))
        .values_list(*columns)
        .order_by()
    )
    groups: dict[tuple[str, str, str, str], Group] = defaultdict(lambda: Group("", "", "", ""))
    for code, source, target, submitted, acknowledged, outcome, due, status in rows.iterator():
        key = (code, source, target, submitted.strftime("%Y-%m"))
        group = groups[key]
        group.request_type, group.from_party, group.to_party, group.month = key
        group.count += 1
        group.overdue += int(due is not None and due < now and status in OPEN)
        if (ack := _hours(submitted, acknowledged)) is not None:
            group.ack_hours.append(ack)
        if (done := _hours(submitted, outcome)) is not None:
            group.outcome_hours.append(done)
    return [groups[key].as_dict() for key in sorted(groups, key=lambda k: (k[3], k[0], k[1], k[2]))]
