"""The case overview's figures: money lost, traced, frozen, seized, confiscated, returned."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from moneytrace.money import exponent, format_amount, parse_amount

from iproceeds.investigations.choices import MeasureStage
from iproceeds.investigations.models import ExchangeRate, InvestigationCase

CHART_WIDTH = 100  # the bars are drawn in percent of the largest figure


@dataclass
class Figure:
    """One figure: exact totals per currency and their EUR value (None when a rate is missing)."""

    key: str
    label: Promise
    per_currency: dict[str, int] = field(default_factory=dict)
    eur_minor: int | None = 0
    bar: int = 0

    @property
    def amounts(self) -> list[tuple[str, str]]:
        """(currency, amount) in currency order, for people."""
        return [(c, format_amount(m, c)) for c, m in sorted(self.per_currency.items()) if m]

    @property
    def eur_display(self) -> str:
        """The EUR value, or an empty text when a rate is missing."""
        return "" if self.eur_minor is None else format_amount(self.eur_minor, "EUR")


def _latest_eur(minor: int, currency: str) -> int | None:
    """EUR cents at the latest rate loaded (an indication; confiscations keep their own legal value)."""
    if currency == "EUR":
        return minor
    rate = ExchangeRate.objects.filter(currency=currency).order_by("-date").first()
    if rate is None:
        return None
    value = Decimal(minor).scaleb(-exponent(currency)) / rate.rate_per_eur
    return int(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN).scaleb(2))


def _figure(key: str, label: Promise, per_currency: dict[str, int]) -> Figure:
    figure = Figure(key, label, dict(per_currency))
    values = [_latest_eur(m, c) for c, m in per_currency.items()]
    figure.eur_minor = None if None in values else sum(v for v in values if v is not None)
    return figure


def _traced(case: InvestigationCase) -> dict[str, int]:
    """The victims' money followed by the latest trace in each currency."""
    totals: dict[str, int] = defaultdict(int)
    seen: set[str] = set()
    for run in case.traces.order_by("-run_at", "-id"):
        if run.currency in seen:
            continue
        seen.add(run.currency)
        for amount in run.result.get("losses", {}).values():
            totals[run.currency] += parse_amount(amount, run.currency)
    return totals


def case_figures(*, case: InvestigationCase) -> list[Figure]:
    """The six figures of the overview, each step counting what ever reached it (a funnel)."""
    lost: dict[str, int] = defaultdict(int)
    for currency, minor in case.victims.values_list("currency", "amount_minor"):
        lost[currency] += minor
    restrained: dict[str, dict[str, int]] = {
        MeasureStage.FROZEN: defaultdict(int),
        MeasureStage.SEIZED: defaultdict(int),
    }
    confiscated: dict[str, int] = defaultdict(int)
    confiscated_eur = 0
    for measure in case.measures.all():
        if measure.restraint_kind in restrained and measure.restrained_minor:
            restrained[measure.restraint_kind][measure.currency] += measure.restrained_minor
        if measure.confiscated_minor:
            confiscated[measure.currency] += measure.confiscated_minor
            confiscated_eur += measure.eur_minor or 0
    returned: dict[str, int] = defaultdict(int)
    for restitution in case.restitutions.all():
        returned[restitution.currency] += restitution.amount_minor
    figures = [
        _figure("lost", _("Money lost"), lost),
        _figure("traced", _("Traced"), _traced(case)),
        _figure("frozen", _("Frozen"), restrained[MeasureStage.FROZEN]),
        _figure("seized", _("Seized"), restrained[MeasureStage.SEIZED]),
        Figure("confiscated", _("Confiscated"), dict(confiscated), confiscated_eur),
        _figure("returned", _("Returned to victims"), returned),
    ]
    largest = max((f.eur_minor or 0 for f in figures), default=0)
    for figure in figures:
        figure.bar = round(CHART_WIDTH * (figure.eur_minor or 0) / largest) if largest else 0
    return figures
