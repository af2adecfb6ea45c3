"""Thresholds of the pattern search and the shape of a finding."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class PatternParams:
    """Every threshold of every pattern, with defaults from common AML practice."""

    # fan-in / fan-out: at least `fan_min_parties` distinct senders (receivers) within `fan_window`
    fan_window: timedelta = timedelta(days=3)
    fan_min_parties: int = 5
    # scatter-gather: one source pays `scatter_min_paths` distinct intermediaries that each pass money
    # on to the same destination, every hop within `scatter_window` of the previous one
    scatter_window: timedelta = timedelta(days=7)
    scatter_min_paths: int = 3
    scatter_amount_tolerance: float = 0.2  # each intermediary passes on its receipt within this share
    # gather-scatter: a fan-in followed, within `fan_window`, by a fan-out of the same account
    # cycles: money returns to its first account through at most `cycle_max_length` transfers, each not
    # earlier than the one before, all within `cycle_window`; each hop carries `1 - cycle_amount_tolerance`
    # to `1 + cycle_amount_tolerance` of the previous hop's amount (None: amounts are not compared)
    cycle_max_length: int = 5
    cycle_window: timedelta = timedelta(days=7)
    cycle_amount_tolerance: float | None = 0.2
    # pass-through: money out of an account within `passthrough_window` of coming in, the amount
    # within `passthrough_tolerance` of what came in; reported as chains of at least
    # `passthrough_min_hops` such accounts in a row (a mule chain), at most `passthrough_max_hops` long
    passthrough_window: timedelta = timedelta(hours=48)
    passthrough_tolerance: float = 0.1
    passthrough_min_hops: int = 2
    passthrough_max_hops: int = 8
    # structuring: at least `structuring_min_count` payments into one account within
    # `structuring_window`, each at least `1 - structuring_margin` of the threshold and below it
    structuring_threshold: Decimal = Decimal(10000)  # in major units of each currency
    structuring_thresholds: dict[str, Decimal] = field(default_factory=dict)  # per-currency overrides
    structuring_margin: float = 0.1
    structuring_min_count: int = 3
    structuring_window: timedelta = timedelta(days=7)
    # bounds that keep the search finite on real graphs: an account with more than `max_branching`
    # transfers out within a window is a hub (a merchant, a payroll), not a mule, and is not followed;
    # at most `max_paths` partial paths are kept per search step, at most `max_findings` per kind
    # (those with the best scores)
    max_branching: int = 64
    max_paths: int = 2_000_000
    max_findings: int = 1_000

    def threshold_for(self, currency: str) -> Decimal:
        """The structuring threshold in major units of `currency`."""
        return self.structuring_thresholds.get(currency, self.structuring_threshold)


@dataclass(frozen=True)
class Finding:
    """One suspected pattern, with its transactions as evidence and a score in 0..1."""

    kind: str  # fan-in | fan-out | scatter-gather | gather-scatter | cycle | pass-through | structuring
    accounts: tuple[str, ...]
    transaction_ids: tuple[str, ...]
    score: float
    summary: str
    details: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "kind": self.kind,
            "accounts": list(self.accounts),
            "transaction_ids": list(self.transaction_ids),
            "score": round(self.score, 4),
            "summary": self.summary,
            "details": self.details,
        }
