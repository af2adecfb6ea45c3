"""The auditor's searchable view of the trail and its CSV export."""

import csv
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from iproceeds.audit import catalogue, services
from iproceeds.audit.forms import AuditFilterForm
from iproceeds.audit.permissions import require_audit_reader
from iproceeds.audit.selectors import AuditFilter, audit_events_for_user

CSV_COLUMNS = [
    "seq",
    "occurred_at",
    "action",
    "actor_label",
    "actor_authority_id",
    "ip",
    "request_id",
    "target_type",
    "target_id",
    "target_label",
    "before",
    "after",
    "prev_hash",
    "hash",
]


def _filters(form: AuditFilterForm) -> AuditFilter:
    return AuditFilter(**form.cleaned_data) if form.is_valid() else AuditFilter()


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    """Search the audit trail, newest first."""
    require_audit_reader(request.user)
    form = AuditFilterForm(request.GET or None)
    events = audit_events_for_user(user=request.user, filters=_filters(form))
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    # Reading the trail is itself a view of sensitive records.
    services.record(action="audit.trail.searched", actor=request.user, after={"filters": request.GET.dict()})
    return render(request, "audit/event_list.html", {"form": form, "page": page, "label": catalogue.label})


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
def event_export(request: HttpRequest) -> StreamingHttpResponse:
    """Stream the filtered trail as CSV; the export itself is audited."""
    require_audit_reader(request.user)
    form = AuditFilterForm(request.GET or None)
    filters = _filters(form)
    events = audit_events_for_user(user=request.user, filters=filters)
    # The export lists what existed when it was asked for, not the event that records it.
    events = events.filter(seq__lte=services.last_seq())
    services.record(action="audit.trail.exported", actor=request.user, after={"filters": request.GET.dict()})
    writer = csv.writer(_Echo())
    rows = (writer.writerow([getattr(e, c) for c in CSV_COLUMNS]) for e in events.iterator())
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    response = StreamingHttpResponse(
        _with_header(writer.writerow(CSV_COLUMNS), rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response


def _with_header(header: str, rows: Iterator[str]) -> Iterator[str]:
    yield header
    yield from rows
