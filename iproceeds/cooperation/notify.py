"""Telling the other side of a request what happened: in-app, e-mail (outbox) and webhooks."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from iproceeds.cooperation.models import CooperationRequest
from iproceeds.cooperation.permissions import WRITER_ROLES
from iproceeds.directory.models import Authority
from iproceeds.notifications.services import notify


def officers_of(authority: Authority | None) -> QuerySet[Any]:
    """The active officers and supervisors who act for an authority."""
    if authority is None:
        return get_user_model().objects.none()
    return get_user_model().objects.filter(authority=authority, role__in=WRITER_ROLES, is_active=True)


def request_event(
    *,
    actor: Any,
    coop_request: CooperationRequest,
    event: str,
    to_authority: Authority | None,
    subject: Any,
    body: Any,
    recipients: Any = None,
) -> None:
    """Notify an organisation of an event on a request, in the caller's transaction."""
    users = officers_of(to_authority) if recipients is None else recipients
    notify(
        actor=actor,
        recipients=users,
        kind=f"cooperation.{event}",
        subject=subject,
        body=body,
        target=coop_request,
    )
