"""Restitution: confiscated money shared among the victims by their losses, exactly to the cent."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from moneytrace.methods.common import largest_remainder
from moneytrace.money import format_amount, parse_amount

from iproceeds.audit.services import record
from iproceeds.investigations.choices import STAGE_RANK, DisposalKind, MeasureStage
from iproceeds.investigations.models import InvestigationCase, Restitution, RestitutionShare, TraceRun
from iproceeds.investigations.permissions import can_edit_case
from iproceeds.investigations.services import _money, _require

CONFISCATED = [s for s, rank in STAGE_RANK.items() if rank >= STAGE_RANK[MeasureStage.CONFISCATED]]


def recovered_available(*, case: InvestigationCase) -> dict[str, int]:
    """Per currency: confiscated, less what went to the state or other Parties, less what was returned."""
    available: dict[str, int] = defaultdict(int)
    for measure in case.measures.filter(stage__in=CONFISCATED):
        available[measure.currency] += measure.confiscated_minor or 0
        if measure.disposal_kind in (DisposalKind.STATE, DisposalKind.SHARED):
            available[measure.currency] -= measure.disposed_minor or 0
    for row in case.restitutions.values("currency").annotate(total=Sum("amount_minor")):
        available[row["currency"]] -= row["total"]
    return dict(available)


def _weights(case: InvestigationCase, currency: str, trace: TraceRun | None) -> list[tuple[Any, int]]:
    """(victim, loss) in victim order: the trace's traced losses, or the declared losses without a trace."""
    victims = list(case.victims.order_by("pk"))
    if trace is None:
        return [(v, v.amount_minor) for v in victims if v.currency == currency]
    if trace.case_id != case.pk or trace.currency != currency:
        raise ValidationError({"trace": _("Choose a trace of this case in the currency distributed.")})
    losses = trace.result.get("losses", {})
    return [(v, parse_amount(losses[v.name], currency)) for v in victims if v.name in losses]


def restitution_distribute(
    *,
    case: InvestigationCase,
    actor: Any,
    amount: Decimal | None,
    currency: str,
    decided_on: date | None,
    trace: TraceRun | None = None,
) -> Restitution:
    """Share recovered money among the victims in proportion to their losses (largest remainder).

    Ties of the remainder go to the victim recorded first, so the same inputs give the same shares.
    """
    _require(can_edit_case(case, actor))
    if not currency:
        raise ValidationError({"currency": _("Give the currency of the amount.")})
    if amount is None:
        raise ValidationError({"amount": _("Give the amount.")})
    if decided_on is None:
        raise ValidationError({"decided_on": _("This field is required.")})
    minor = _money(amount, currency, positive=True)
    with transaction.atomic():
        # One distribution at a time per case, so two cannot both spend what is left.
        InvestigationCase.objects.select_for_update().filter(pk=case.pk).first()
        weights = _checked_weights(case, minor, currency, trace)
        return _store(case, actor, minor, currency, decided_on, trace, weights)


def _checked_weights(
    case: InvestigationCase, minor: int, currency: str, trace: TraceRun | None
) -> list[tuple[Any, int]]:
    """The victims' weights, refusing more than is left or more than the victims lost."""
    available = recovered_available(case=case).get(currency, 0)
    if minor > available:
        message = _("Only %(available)s %(currency)s recovered is left to distribute.")
        params = {"available": format_amount(max(available, 0), currency), "currency": currency}
        raise ValidationError({"amount": message % params})
    weights = [(v, w) for v, w in _weights(case, currency, trace) if w > 0]
    if not weights:
        raise ValidationError({"trace": _("No victim has a loss in this currency to share by.")})
    if minor > sum(w for _v, w in weights):
        raise ValidationError({"amount": _("The amount is more than the victims lost.")})
    return weights


def _store(
    case: InvestigationCase,
    actor: Any,
    minor: int,
    currency: str,
    decided_on: date,
    trace: TraceRun | None,
    weights: list[tuple[Any, int]],
) -> Restitution:
    """Save the restitution and its shares (largest remainder, ties to the earlier victim), audited."""
    parts = largest_remainder([w for _v, w in weights], minor)
    restitution = Restitution(
        case=case,
        amount_minor=minor,
        currency=currency,
        trace=trace,
        basis="trace" if trace else "declared",
        decided_on=decided_on,
        created_by=actor,
    )
    restitution.full_clean()
    with transaction.atomic():
        restitution.save(force_insert=True)
        RestitutionShare.objects.bulk_create(
            RestitutionShare(restitution=restitution, victim=v, weight_minor=w, amount_minor=part)
            for (v, w), part in zip(weights, parts, strict=True)
        )
        after = {
            "amount_minor": minor,
            "currency": currency,
            "basis": restitution.basis,
            "shares": {str(v.pk): part for (v, _w), part in zip(weights, parts, strict=True)},
        }
        record(action="investigations.restitution.distributed", actor=actor, target=restitution, after=after)
    return restitution
