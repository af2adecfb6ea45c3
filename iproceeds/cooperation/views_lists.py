"""Lists of requests (all, inbox, outbox), the "what is due" dashboard, the secretariat's statistics."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.decorators import otp_required

from iproceeds.cooperation import selectors, statistics
from iproceeds.cooperation.filters import INBOX, OUTBOX, RequestFilterForm, filter_requests
from iproceeds.cooperation.models import CooperationRequest
from iproceeds.cooperation.permissions import can_draft, can_read_requests

PAGE_SIZE = 25
BOXES = {
    "": (_("Cooperation requests"), selectors.requests_visible_to),
    INBOX: (_("Inbox: requests received"), selectors.requests_received),
    OUTBOX: (_("Outbox: requests sent"), selectors.requests_sent),
}
BUCKETS = [
    ("overdue", _("Overdue")),
    ("due_24h", _("Due within 24 hours")),
    ("due_7d", _("Due within 7 days (after the next 24 hours)")),
    ("awaiting_acknowledgement", _("Received, awaiting our acknowledgement")),
    ("completion_requested", _("Completion requested of us")),
    ("drafts", _("Our drafts")),
]
DASHBOARD_ROWS = 10
# What a row of the list shows (box_rows): the rest, the content JSON above all, is left unread.
ROW_FIELDS = (
    "reference", "status", "urgency", "next_due_at", "created_at", "request_type__labels",
    "requesting_authority__name", "requesting_authority__party__code", "requested_party__code",
    "requested_party__name", "requested_authority__name", "requested_authority__party__code",
)  # fmt: skip


def _box_page(request: HttpRequest, box: str) -> HttpResponse:
    """One list of requests with its filters, sorted and paginated."""
    title, scoped = BOXES[box]
    form = RequestFilterForm(request.GET or None)
    requests = scoped(user=request.user)
    if form.is_bound and not form.is_valid():
        requests = requests.none()
    else:
        cleaned = form.cleaned_data if form.is_bound else {}
        requests = filter_requests(requests, cleaned=cleaned, box=box).only(*ROW_FIELDS)
    context = {
        "title": title, "box": box, "form": form, "now": timezone.now(),
        "page": Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page")),
        "can_draft": can_draft(request.user),
    }  # fmt: skip
    return render(request, "cooperation/inbox.html", context)


@otp_required
def request_list(request: HttpRequest) -> HttpResponse:
    """Every request sent by or to the user's organisation (keeps the name "cooperation:list")."""
    return _box_page(request, "")


@otp_required
def inbox(request: HttpRequest) -> HttpResponse:
    """Requests received by the user's organisation."""
    return _box_page(request, INBOX)


@otp_required
def outbox(request: HttpRequest) -> HttpResponse:
    """Requests sent by the user's organisation, drafts included."""
    return _box_page(request, OUTBOX)


@otp_required
def due(request: HttpRequest) -> HttpResponse:
    """What is due for the user's organisation: overdue, due within 24 h and 7 days, waiting on us."""
    buckets: list[tuple[str, object, int, list[CooperationRequest]]] = []
    if can_read_requests(request.user):
        queries = selectors.requests_due(user=request.user, now=timezone.now())
        for key, label in BUCKETS:
            buckets.append((key, label, queries[key].count(), list(queries[key][:DASHBOARD_ROWS])))
    context = {
        "buckets": buckets, "now": timezone.now(), "can_read": can_read_requests(request.user),
        "can_see_statistics": statistics.can_read_statistics(request.user),
    }  # fmt: skip
    return render(request, "cooperation/due.html", context)


@otp_required
def statistics_page(request: HttpRequest) -> HttpResponse:
    """The network secretariat's figures: counts and timings per type, Party pair and month."""
    rows = statistics.request_statistics(user=request.user, now=timezone.now())
    return render(request, "cooperation/statistics.html", {"rows": rows})
