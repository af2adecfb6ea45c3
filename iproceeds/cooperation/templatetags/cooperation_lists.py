"""The rows of a list of requests, rendered in Python: per-row template tags were most of a list's time."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from iproceeds.cooperation.choices import RequestStatus, Urgency
from iproceeds.cooperation.models import CooperationRequest

register = template.Library()
_PLACEHOLDER = "__reference__"
# reverse() quotes a path argument keeping RFC 3986 sub-delimiters and "/~:@".
_SAFE = "!$&'()*+,;=/~:@"
_ROW = (
    '\n    <tr>\n      <td><a href="{}">{}</a></td>\n      <td>{}</td><td>{}</td><td>{}</td>\n'
    "      <td>{} ({})</td>\n      <td>{} ({})</td>\n      <td>{}</td>\n      <td>{}</td>\n    </tr>\n  "
)


def _time(value: datetime) -> SafeString:
    """<time> of a moment in the active zone, as the template's date filters wrote it."""
    local = timezone.localtime(value)
    return format_html(
        '<time datetime="{}">{}</time>',
        formats.date_format(local, "c"),
        formats.date_format(local, "SHORT_DATETIME_FORMAT"),
    )


def _next_due(row: CooperationRequest, now: datetime, overdue: str) -> SafeString | str:
    if not row.next_due_at:
        return "–"
    if row.next_due_at < now:
        return format_html('{} <strong class="overdue">{}</strong>', _time(row.next_due_at), overdue)
    return _time(row.next_due_at)


@register.simple_tag
def box_rows(rows: Iterable[CooperationRequest], now: datetime) -> SafeString:
    """The table rows of the requests (or the one "No requests." row), HTML-escaped."""
    rows = list(rows)
    if not rows:
        return format_html('\n    <tr><td colspan="8">{}</td></tr>\n  ', _("No requests."))
    link = reverse("cooperation:detail", args=[_PLACEHOLDER])
    statuses: dict[str, str] = {value: str(label) for value, label in RequestStatus.choices}
    urgencies: dict[str, str] = {value: str(label) for value, label in Urgency.choices}
    type_labels: dict[int, str] = {}
    overdue = _("overdue")

    def cells(row: CooperationRequest) -> tuple[Any, ...]:
        type_id = row.request_type_id
        if type_id not in type_labels:
            type_labels[type_id] = row.request_type.label
        requesting = row.requesting_authority
        return (
            link.replace(_PLACEHOLDER, quote(row.reference, safe=_SAFE)), row.reference,
            type_labels[type_id], statuses.get(row.status, row.status),
            urgencies.get(row.urgency, row.urgency),
            requesting, requesting.party.code, row.requested_authority or row.requested_party,
            row.requested_party.code, _next_due(row, now, overdue), _time(row.created_at),
        )  # fmt: skip

    return format_html_join("", _ROW, (cells(row) for row in rows))
