"""Filters of the request lists (pages and API): type, status, Party, due soon, overdue, order."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iproceeds.cooperation.choices import RequestStatus
from iproceeds.cooperation.models import CooperationRequest, RequestType
from iproceeds.core.widgets import FastCheckbox, FastDivForm, FastSelect
from iproceeds.directory.models import Party

INBOX, OUTBOX = "inbox", "outbox"
DEFAULT_DUE_SOON_HOURS = 72
ORDERINGS = {
    "due": (F("next_due_at").asc(nulls_last=True), "-created_at", "-pk"),
    "-due": (F("next_due_at").desc(nulls_last=True), "-created_at", "-pk"),
    "created": ("created_at", "pk"),
    "-created": ("-created_at", "-pk"),
}


def due_soon_window() -> timedelta:
    """How far ahead "due soon" looks (setting COOPERATION_DUE_SOON_HOURS, 72 hours by default)."""
    return timedelta(hours=getattr(settings, "COOPERATION_DUE_SOON_HOURS", DEFAULT_DUE_SOON_HOURS))


class RequestFilterForm(FastDivForm):
    """The list filters; the same form validates the pages' and the API's query parameters."""

    type = forms.ModelChoiceField(
        label=_("Type"), queryset=RequestType.objects.only("code"), to_field_name="code", required=False,
        empty_label=_("All types"), widget=FastSelect,
    )  # fmt: skip
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *RequestStatus.choices],
        required=False,
        widget=FastSelect,
    )
    party = forms.ModelChoiceField(
        label=_("Party"), queryset=Party.objects.only("code", "name"), to_field_name="code", required=False,
        empty_label=_("All Parties"), help_text=_("The other side of the request."), widget=FastSelect,
    )  # fmt: skip
    due_soon = forms.BooleanField(label=_("Due soon"), required=False, widget=FastCheckbox)
    overdue = forms.BooleanField(label=_("Overdue"), required=False, widget=FastCheckbox)
    ordering = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        widget=FastSelect,
        choices=[
            ("-created", _("Newest first")),
            ("created", _("Oldest first")),
            ("due", _("Next deadline first")),
            ("-due", _("Next deadline last")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["due_soon"].help_text = _("Next deadline within %(hours)d hours.") % {
            "hours": int(due_soon_window().total_seconds() // 3600)
        }


def filter_requests(
    queryset: QuerySet[CooperationRequest],
    *,
    cleaned: dict[str, Any],
    box: str = "",
    now: datetime | None = None,
) -> QuerySet[CooperationRequest]:
    """Apply validated filters to requests already scoped to the user; "party" is the other side."""
    now = now or timezone.now()
    if cleaned.get("type"):
        queryset = queryset.filter(request_type=cleaned["type"])
    if cleaned.get("status"):
        queryset = queryset.filter(status=cleaned["status"])
    if party := cleaned.get("party"):
        sent, received = Q(requested_party=party), Q(requesting_authority__party=party)
        queryset = queryset.filter(sent if box == OUTBOX else received if box == INBOX else sent | received)
    if cleaned.get("due_soon"):
        queryset = queryset.filter(next_due_at__gte=now, next_due_at__lt=now + due_soon_window())
    if cleaned.get("overdue"):
        queryset = queryset.filter(next_due_at__lt=now)
    ordered = queryset.order_by(*ORDERINGS[cleaned.get("ordering") or "-created"])
    return ordered.select_related("requested_authority__party")
