"""The rows of a list of requests, rendered in Python: per-row template tags were most of a list's time."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from html import escape  # Django's escape() is this, behind a wrapper for lazy strings (none here)
from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils import dateformat, formats, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from iproceeds.cooperation.choices import RequestStatus, Urgency
from iproceeds.cooperation.models import CooperationRequest

register = template.Library()
_PLACEHOLDER = "__reference__"
# reverse() quotes a path argument keeping RFC 3986 sub-delimiters and "/~:@".
_SAFE = "!$&'()*+,;=/~:@"


@register.simple_tag
def box_rows(rows: Iterable[CooperationRequest], now: datetime) -> SafeString:
    """The table rows of the requests (or the one "No requests." row), HTML-escaped."""
    rows = list(rows)
    if not rows:
        return format_html('\n    <tr><td colspan="8">{}</td></tr>\n  ', _("No requests."))
    link = reverse("cooperation:detail", args=[_PLACEHOLDER])
    statuses = {value: escape(str(label)) for value, label in RequestStatus.choices}
    urgencies = {value: escape(str(label)) for value, label in Urgency.choices}
    type_labels: dict[int, str] = {}
    overdue_label = _("overdue")  # outside the f-string: makemessages cannot read inside one
    overdue = f' <strong class="overdue">{escape(overdue_label)}</strong>'
    zone = timezone.get_current_timezone()
    short = formats.get_format("SHORT_DATETIME_FORMAT")

    def moment(value: datetime) -> str:
        """<time> in the active zone, as the template's |date:'c' and |date:"SHORT_DATETIME_FORMAT"."""
        local = value.astimezone(zone)
        return f'<time datetime="{local.isoformat()}">{escape(dateformat.format(local, short))}</time>'

    def row_html(row: CooperationRequest) -> str:
        if row.request_type_id not in type_labels:
            type_labels[row.request_type_id] = escape(row.request_type.label)
        href = escape(link.replace(_PLACEHOLDER, quote(row.reference, safe=_SAFE)))
        requesting, requested = row.requesting_authority, row.requested_authority or row.requested_party
        due = "–"
        if row.next_due_at:
            due = moment(row.next_due_at) + (overdue if row.next_due_at < now else "")
        status = statuses.get(row.status, escape(row.status))
        urgency = urgencies.get(row.urgency, escape(row.urgency))
        return (
            f'\n    <tr>\n      <td><a href="{href}">{escape(row.reference)}</a></td>\n'
            f"      <td>{type_labels[row.request_type_id]}</td><td>{status}</td><td>{urgency}</td>\n"
            f"      <td>{escape(str(requesting))} ({escape(requesting.party.code)})</td>\n"
            f"      <td>{escape(str(requested))} ({escape(row.requested_party.code)})</td>\n"
            f"      <td>{due}</td>\n      <td>{moment(row.created_at)}</td>\n    </tr>\n  "
        )

    return mark_safe("".join(row_html(row) for row in rows))  # noqa: S308 - every value is escaped above
