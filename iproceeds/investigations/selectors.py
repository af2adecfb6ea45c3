"""Reads of investigation cases, scoped to the case team."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from moneytrace.money import format_amount

from iproceeds.accounts.choices import Role
from iproceeds.audit.services import record_view
from iproceeds.investigations.choices import OffenceType
from iproceeds.investigations.models import InvestigationCase


def cases_for_user(*, user: Any) -> QuerySet[InvestigationCase]:
    """The cases whose team the user is on."""
    if not getattr(user, "is_authenticated", False):
        return InvestigationCase.objects.none()
    return InvestigationCase.objects.filter(members__user=user).select_related("authority")


def case_of_request(*, user: Any, coop_request: Any) -> InvestigationCase | None:
    """The case a cooperation request was drafted from, when the user is on its team.

    Only the requesting authority's members can be on it: for anyone else nothing is read.
    """
    if getattr(user, "authority_id", None) != coop_request.requesting_authority_id:
        return None
    return cases_for_user(user=user).filter(requests__coop_request=coop_request).first()


def cases_to_staff(*, user: Any) -> QuerySet[InvestigationCase]:
    """The cases of a supervisor's authority, whose teams they assign (names only are shown)."""
    if not (getattr(user, "is_authenticated", False) and user.role == Role.SUPERVISOR and user.authority_id):
        return InvestigationCase.objects.none()
    return InvestigationCase.objects.filter(authority_id=user.authority_id)


def get_case_for_user(*, reference: str, user: Any, audit: bool = True) -> InvestigationCase:
    """A case the user is a member of; the same 404 for an absent case and a non-member.

    Opening a case is recorded as a view of a sensitive record.
    """
    case = cases_for_user(user=user).filter(reference=reference).first()
    if case is None:
        raise Http404
    if audit:
        record_view(actor=user, target=case)
    return case


def get_case_team_for_user(*, reference: str, user: Any) -> InvestigationCase:
    """A case whose team the user sees (a member) or assigns (its authority's supervisor); 404 otherwise."""
    visible = cases_for_user(user=user) | cases_to_staff(user=user)
    case = visible.filter(reference=reference).distinct().first()
    if case is None:
        raise Http404
    return case


def losses_by_currency(*, case: InvestigationCase) -> list[tuple[str, str]]:
    """Total money lost by the victims, one exact total per currency."""
    totals: dict[str, int] = defaultdict(int)
    for currency, minor in case.victims.values_list("currency", "amount_minor"):
        totals[currency] += minor
    return [(currency, format_amount(totals[currency], currency)) for currency in sorted(totals)]


def offence_labels(*, case: InvestigationCase) -> list[str]:
    """The case's offence types as translated labels."""
    labels = dict(OffenceType.choices)
    return [str(labels.get(code, code)) for code in case.offence_types]
