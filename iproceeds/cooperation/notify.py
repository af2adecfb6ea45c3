"""Telling the other side of a request what happened: in-app, e-mail (outbox) and webhooks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

from iproceeds.cooperation.choices import RequestStatus, Urgency
from iproceeds.cooperation.models import CooperationRequest
from iproceeds.cooperation.permissions import WRITER_ROLES
from iproceeds.directory.models import Authority
from iproceeds.notifications.services import notify, notify_addresses


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
    addresses: Iterable[str] = (),
    address_language: str = "en",
) -> None:
    """Notify an organisation of an event on a request: its users, plain addresses and its webhooks."""
    from iproceeds.integrations.services import webhook_emit

    kind = f"cooperation.{event}"
    users = officers_of(to_authority) if recipients is None else recipients
    notify(actor=actor, recipients=users, kind=kind, subject=subject, body=body, target=coop_request)
    addresses = [a for a in addresses if a]
    if addresses:
        notify_addresses(actor=actor, addresses=addresses, kind=kind, subject=subject, body=body,
                         target=coop_request, language=address_language)  # fmt: skip
    webhook_emit(authority=to_authority, event=kind, coop_request=coop_request)


def _render(message: Promise, **params: Any) -> str:
    return str(message) % {key: str(value) for key, value in params.items()}


# Rendered only when str() is called, i.e. inside notify()'s per-recipient language override.
lazy_text = lazy(_render, str)


def _type_label(coop_request: CooperationRequest) -> Any:
    return lazy(lambda: coop_request.request_type.label, str)()


def _contact_language(languages: str) -> str:
    """The first of a contact's languages that the platform speaks, else English."""
    ui = {code for code, _name in settings.LANGUAGES}
    codes = [c.strip() for c in (languages or "").split(",")]
    return next((c for c in codes if c in ui), "en")


def _on_duty(coop_request: CooperationRequest) -> tuple[list[str], str]:
    """The receiving authority's on-duty contact address (urgent and emergency requests only)."""
    from iproceeds.directory.duty import duty_status

    authority = coop_request.requested_authority
    if authority is None or coop_request.urgency not in (Urgency.URGENT, Urgency.EMERGENCY):
        return [], "en"
    contact = duty_status(authority=authority).contact
    if contact is None or not contact.email:
        return [], "en"
    return [contact.email], _contact_language(contact.languages)


def request_submitted_event(*, actor: Any, coop_request: CooperationRequest) -> None:
    """Tell the receiving authority (and, when urgent, its on-duty contact) that a request arrived."""
    addresses, language = _on_duty(coop_request)
    params = {
        "reference": coop_request.reference,
        "type": _type_label(coop_request),
        "urgency": Urgency(coop_request.urgency).label,
        "from": coop_request.requesting_authority.name,
    }
    request_event(
        actor=actor, coop_request=coop_request, event="request.submitted",
        to_authority=coop_request.requested_authority,
        subject=lazy_text(_("New %(urgency)s request %(reference)s: %(type)s"), **params),
        body=lazy_text(_("%(from)s sent you the cooperation request %(reference)s (%(type)s, urgency: "
                         "%(urgency)s). Sign in to the platform to read and acknowledge it."), **params),
        addresses=addresses, address_language=language,
    )  # fmt: skip


def request_transition_event(*, actor: Any, coop_request: CooperationRequest, step: Any) -> None:
    """Tell the other side of the request that it moved to a new status."""
    requester_acted = step.side == "requester"
    other = coop_request.requested_authority if requester_acted else coop_request.requesting_authority
    params = {
        "reference": coop_request.reference,
        "type": _type_label(coop_request),
        "status": RequestStatus(step.target).label,
        "by": getattr(actor.authority, "name", ""),
    }
    request_event(
        actor=actor, coop_request=coop_request, event=step.audit.removeprefix("cooperation."),
        to_authority=other,
        subject=lazy_text(_("Request %(reference)s: %(status)s"), **params),
        body=lazy_text(_("%(by)s changed the status of the cooperation request %(reference)s (%(type)s) to "
                         "“%(status)s”. Sign in to the platform to see the details."), **params),
    )  # fmt: skip
