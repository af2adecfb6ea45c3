"""Due dates of requests, computed from their catalogue timers and their timelines (reads only).

Stable API for other parts of the platform (iCalendar feed, dashboard, lists):

- ``deadlines_of(coop_request, now=None) -> list[Deadline]``: every running deadline of one request
  (open, overdue, met, expired, or pending the MLA decision), nearest first.
- ``deadlines_for_user(*, user, now=None) -> list[Deadline]``: the open and overdue deadlines of every
  request the user may see (``selectors.requests_visible_to``), nearest first.

A ``Deadline`` carries ``coop_request``, ``key`` (the catalogue timer key), ``kind`` (``TimerKind``),
``label``, ``due_at`` (aware), ``starts_at``, ``state`` (one of ``STATES``), ``reason`` (in the active
language and time zone, e.g. "Preserved until 1 Dec 2026: executed 2 Oct 2026 + 60 days, ETS 185 Art
29(7)"), ``source``, ``to_verify`` (an unconfirmed ``[U]`` value) and ``side`` (who must act).
Outside a page (a feed fetched with a token, an e-mail) wrap the call in ``translation.override`` and
``timezone.override`` to get the reasons in the reader's language and zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from iproceeds.cooperation.catalogue_cache import type_catalogue
from iproceeds.cooperation.choices import Relation, StartEvent, TimerKind
from iproceeds.cooperation.choices import RequestStatus as S
from iproceeds.cooperation.lifecycle import RECEIVER, REQUESTER
from iproceeds.cooperation.models import CooperationRequest, Timer, Transition
from iproceeds.cooperation.selectors import requests_visible_to

OPEN, OVERDUE, MET, EXPIRED, PENDING_MLA = "open", "overdue", "met", "expired", "pending_mla"
ACTIVE = (OPEN, OVERDUE)
STATES = {
    OPEN: gettext_lazy("Open"),
    OVERDUE: gettext_lazy("Overdue"),
    MET: gettext_lazy("Met"),
    EXPIRED: gettext_lazy("Expired"),
    PENDING_MLA: gettext_lazy("Pending MLA decision"),
}
PRESERVATION_TYPE = "BC29_PRESERVATION"
FOLLOW_UP_TYPE = "BC31_MLA_STORED_DATA"
MLA_TYPES = frozenset({"BC31_MLA_STORED_DATA", "BC31_MLA_SUBSCRIBER"})

# The statuses whose first transition marks each start event.
_REACHED: dict[str, set[str]] = {
    StartEvent.SUBMITTED: {S.SUBMITTED},
    StartEvent.DELIVERED: {S.DELIVERED},
    StartEvent.ACKNOWLEDGED: {S.ACKNOWLEDGED},
    StartEvent.EXECUTED: {S.EXECUTED, S.PARTIALLY_EXECUTED},
    StartEvent.DECIDED: {S.EXECUTED, S.PARTIALLY_EXECUTED, S.REFUSED},
}
_EVENT_WORDS: dict[str, Any] = {
    StartEvent.SUBMITTED: gettext_lazy("submitted"),
    StartEvent.DELIVERED: gettext_lazy("delivered"),
    StartEvent.ACKNOWLEDGED: gettext_lazy("acknowledged"),
    StartEvent.EXECUTED: gettext_lazy("executed"),
    StartEvent.DECIDED: gettext_lazy("decided"),
}
# An acknowledgement target is met once the receiver moved past delivery (or the request ended).
_NOT_ACKNOWLEDGED: set[str] = {S.DRAFT, S.SUBMITTED, S.DELIVERED}
_OUTCOMES: set[str] = {S.EXECUTED, S.PARTIALLY_EXECUTED, S.REFUSED, S.WITHDRAWN, S.CLOSED}
_MLA_DECIDED: set[str] = {S.EXECUTED, S.PARTIALLY_EXECUTED, S.REFUSED}


@dataclass(frozen=True)
class Deadline:
    """One due date of a request: what, when, why, and where it stands."""

    coop_request: CooperationRequest
    key: str
    kind: str
    label: str
    due_at: datetime
    starts_at: datetime
    state: str
    reason: str
    source: str
    to_verify: bool
    side: str

    @property
    def is_open(self) -> bool:
        """True while someone still has to act (open or overdue)."""
        return self.state in ACTIVE

    @property
    def state_label(self) -> str:
        """The state in the active language."""
        return str(STATES[self.state])


def event_times(transitions: list[Transition]) -> dict[str, datetime]:
    """When each start event first happened; delivery counts from submission until it is confirmed."""
    times: dict[str, datetime] = {}
    for entry in sorted(transitions, key=lambda t: (t.at, t.pk or 0)):
        for event, statuses in _REACHED.items():
            if entry.to_status in statuses and event not in times:
                times[event] = entry.at
    return times


def _first_at(transitions: list[Transition], statuses: set[str]) -> datetime | None:
    return min((t.at for t in transitions if t.to_status in statuses), default=None)


def when(value: datetime, with_time: bool) -> str:
    """A moment in the active time zone and language, e.g. "1 Dec 2026" or "1 Dec 2026 14:30"."""
    return formats.date_format(timezone.localtime(value), "j M Y H:i" if with_time else "j M Y")


def duration(timer: Timer) -> str:
    """A timer's length in words, e.g. "60 days" or "1 hour"."""
    parts = []
    if timer.days:
        parts.append(ngettext("%(count)d day", "%(count)d days", timer.days) % {"count": timer.days})
    if timer.hours:
        parts.append(ngettext("%(count)d hour", "%(count)d hours", timer.hours) % {"count": timer.hours})
    return " ".join(parts)


def _due_phrase(kind: str) -> str:
    phrases: dict[str, str] = {
        TimerKind.EXPIRY: _("Preserved until %(due)s: %(start)s + %(duration)s, %(source)s"),
        TimerKind.ACKNOWLEDGEMENT_TARGET: _("Acknowledge by %(due)s: %(start)s + %(duration)s, %(source)s"),
        TimerKind.RESPONSE_TARGET: _("Answer expected by %(due)s: %(start)s + %(duration)s, %(source)s"),
    }
    return phrases.get(kind, _("Due %(due)s: %(start)s + %(duration)s, %(source)s"))


def _verify(text: str, timer: Timer) -> str:
    mark = _("to verify")  # outside the f-string: makemessages cannot read inside one
    return f"{text} ({mark})" if timer.to_verify else text


def _reason(timer: Timer, due_at: datetime, start: str) -> str:
    with_time = bool(timer.hours)
    text = _due_phrase(timer.kind) % {
        "due": when(due_at, with_time), "start": start, "duration": duration(timer), "source": timer.source,
    }  # fmt: skip
    return _verify(text, timer)


def _state(kind: str, due_at: datetime, met: bool, now: datetime) -> str:
    if met:
        return MET
    if now < due_at:
        return OPEN
    return EXPIRED if kind == TimerKind.EXPIRY else OVERDUE


def _is_met(timer: Timer, coop_request: CooperationRequest, transitions: list[Transition]) -> bool:
    if timer.kind == TimerKind.EXPIRY:
        return False
    if timer.kind == TimerKind.ACKNOWLEDGEMENT_TARGET:
        return any(t.to_status not in _NOT_ACKNOWLEDGED for t in transitions)
    return any(t.to_status in _OUTCOMES for t in transitions)


def _start(timer: Timer, times: dict[str, datetime]) -> tuple[str, datetime] | None:
    """The event the timer counts from and when; delivery falls back to submission (see module doc)."""
    event = timer.start_event
    if event == StartEvent.DELIVERED and event not in times and StartEvent.SUBMITTED in times:
        event = StartEvent.SUBMITTED
    if event not in times:
        return None
    return event, times[event]


def _extension_start(timer: Timer, follow_ups: list[CooperationRequest]) -> tuple[str, datetime] | None:
    """The latest-ending executed extension of a preservation, as a start phrase and moment."""
    best: tuple[str, datetime] | None = None
    for extension in follow_ups:
        if extension.relation != Relation.EXTENSION:
            continue
        executed = _first_at(list(extension.transitions.all()), _REACHED[StartEvent.EXECUTED])
        if executed is not None and (best is None or executed > best[1]):
            phrase = _("extension %(reference)s executed %(date)s") % {
                "reference": extension.reference, "date": when(executed, bool(timer.hours)),
            }  # fmt: skip
            best = (phrase, executed)
    return best


def _mla_follow_up(coop_request: CooperationRequest, follow_ups: list[CooperationRequest]) -> Any:
    """The follow-up MLA request that keeps a preservation pending, or None."""
    if coop_request.mla_pending_since is None:
        return None
    sent = [
        f for f in follow_ups
        if f.relation == Relation.FOLLOW_UP and f.request_type.code in MLA_TYPES
        and f.status not in (S.DRAFT, S.WITHDRAWN)
    ]  # fmt: skip
    return max(sent, key=lambda f: f.submitted_at or f.created_at, default=None)


def _expiry(
    timer: Timer, coop_request: CooperationRequest, started: tuple[str, datetime], now: datetime
) -> Deadline:
    """A preservation's expiry: moved by executed extensions, suspended pending the MLA decision."""
    follow_ups = list(coop_request.follow_ups.all())
    event, start_at = started
    start = f"{_EVENT_WORDS[event]} {when(start_at, bool(timer.hours))}"
    extension = _extension_start(timer, follow_ups)
    if extension is not None and extension[1] > start_at:
        start, start_at = extension
    due_at = start_at + timedelta(days=timer.days, hours=timer.hours)
    reason, state = _reason(timer, due_at, start), _state(timer.kind, due_at, False, now)
    mla = _mla_follow_up(coop_request, follow_ups)
    if mla is not None:
        decided = _first_at(list(mla.transitions.all()), _MLA_DECIDED)
        phrase = (
            _("Preserved pending the MLA decision: follow-up %(reference)s sent %(date)s, %(source)s")
            if decided is None
            else _(
                "Preservation ended with the MLA decision: follow-up %(reference)s decided %(date)s, "
                "%(source)s"
            )
        )
        moment = decided or mla.submitted_at or mla.created_at
        reason = _verify(
            phrase % {"reference": mla.reference, "date": when(moment, False), "source": timer.source}, timer
        )
        state = PENDING_MLA if decided is None else MET
    return _deadline(coop_request, timer, due_at, start_at, state, reason)


def _deadline(
    coop_request: CooperationRequest,
    timer: Timer,
    due_at: datetime,
    starts_at: datetime,
    state: str,
    reason: str,
) -> Deadline:
    side = REQUESTER if timer.kind == TimerKind.EXPIRY else RECEIVER
    return Deadline(
        coop_request=coop_request, key=timer.key, kind=timer.kind, label=timer.label, due_at=due_at,
        starts_at=starts_at, state=state, reason=reason, source=timer.source, to_verify=timer.to_verify,
        side=side,
    )  # fmt: skip


def _applies(timer: Timer, coop_request: CooperationRequest) -> bool:
    if timer.applies_to and coop_request.urgency not in timer.applies_to:
        return False
    # An extension's own preservation period is shown (and reminded) on the preservation it extends.
    extends = coop_request.relation == Relation.EXTENSION and coop_request.follows_id is not None
    return not (extends and timer.kind == TimerKind.EXPIRY)


def deadlines_of(coop_request: CooperationRequest, now: datetime | None = None) -> list[Deadline]:
    """Every running deadline of a request (none for a draft), nearest first."""
    if coop_request.is_draft:
        return []
    now = now or timezone.now()
    transitions = list(coop_request.transitions.all())
    times = event_times(transitions)
    found = []
    for timer in type_catalogue(coop_request.request_type).timers:
        started = _start(timer, times) if _applies(timer, coop_request) else None
        if started is None:
            continue
        if timer.kind == TimerKind.EXPIRY:
            found.append(_expiry(timer, coop_request, started, now))
            continue
        event, start_at = started
        due_at = start_at + timedelta(days=timer.days, hours=timer.hours)
        reason = _reason(timer, due_at, f"{_EVENT_WORDS[event]} {when(start_at, bool(timer.hours))}")
        state = _state(timer.kind, due_at, _is_met(timer, coop_request, transitions), now)
        found.append(_deadline(coop_request, timer, due_at, start_at, state, reason))
    return sorted(found, key=lambda d: d.due_at)


def next_open(deadlines: list[Deadline]) -> Deadline | None:
    """The nearest deadline someone still has to act on (what lists filter as due soon or overdue)."""
    return min((d for d in deadlines if d.is_open), key=lambda d: d.due_at, default=None)


def deadline_prefetches() -> tuple[Prefetch, ...]:
    """The related rows deadlines_of reads (for prefetch_related or prefetch_related_objects); the
    timers come from the process's catalogue (catalogue_cache).

    Ordered as their Meta orderings within one request, without the joins those add (a Meta
    ordering on a foreign key orders by the related model's own ordering).
    """

    def transitions() -> Prefetch:
        return Prefetch("transitions", queryset=Transition.objects.order_by("coop_request_id", "at", "pk"))

    follow_ups = CooperationRequest.objects.select_related("request_type").prefetch_related(transitions())
    return (
        transitions(),
        Prefetch("follow_ups", queryset=follow_ups),
    )


def with_deadline_data(requests: QuerySet[CooperationRequest]) -> QuerySet[CooperationRequest]:
    """Prefetch what deadlines_of reads, so computing many requests' deadlines costs a few queries."""
    return requests.select_related("request_type", "follows").prefetch_related(*deadline_prefetches())


def deadlines_for_user(*, user: Any, now: datetime | None = None) -> list[Deadline]:
    """The open and overdue deadlines of every request the user may see, nearest first.

    Reads the requests whose kept next deadline (``next_due_at``) is set, so it stays cheap.
    """
    now = now or timezone.now()
    visible = with_deadline_data(requests_visible_to(user=user).filter(next_due_at__isnull=False))
    found = [d for coop_request in visible for d in deadlines_of(coop_request, now) if d.is_open]
    return sorted(found, key=lambda d: (d.due_at, d.coop_request.reference, d.key))


def reminder_day(*, due_at: datetime, now: datetime, days: list[int]) -> int | None:
    """The latest reminder reached before expiry (e.g. 7 when both 14 and 7 days are past), or None."""
    if now >= due_at:
        return None
    reached = [d for d in days if due_at - timedelta(days=d) <= now]
    return min(reached, default=None)
