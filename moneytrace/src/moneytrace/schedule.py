"""Result types of a trace: holdings, exits, the per-victim schedule, and their JSON form."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from moneytrace.ledger import LedgerError
from moneytrace.money import format_amount


class OverdraftError(LedgerError):
    """A transaction would take more money out of an account than the account holds."""


@dataclass(frozen=True, slots=True, order=True)
class Holding:
    """Money of one victim (or "clean") still held by one traced account."""

    account: str
    victim: str
    amount: int


@dataclass(frozen=True, slots=True)
class Exit:
    """Money of one victim that left the traced accounts in one transaction."""

    transaction_id: str
    victim: str
    amount: int
    to_account: str | None
    counterparty_country: str | None
    counterparty_bank: str | None
    timestamp: datetime


@dataclass(frozen=True, slots=True)
class Step:
    """One line of a victim's schedule: how one transaction changed the victim's money in one account."""

    transaction_id: str
    timestamp: datetime
    account: str
    rule: str
    before: int
    after: int
    source: str | None = None


@dataclass
class TraceResult:
    """Where every victim's money is (holdings) and where the rest went (exits), under one method."""

    method: str
    currency: str
    at: datetime | None
    holdings: list[Holding]
    exits: list[Exit]
    losses: dict[str, int]
    schedule: dict[str, list[Step]] = field(default_factory=dict)
    capped: dict[str, int] = field(default_factory=dict)  # victim -> units removed by the cap (poison)

    def traced_total(self, victim: str) -> int:
        """Held plus left for one victim: equals the loss (after the cap)."""
        held = sum(h.amount for h in self.holdings if h.victim == victim)
        return held + sum(e.amount for e in self.exits if e.victim == victim)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict with amounts as decimal strings."""
        cur = self.currency
        return {
            "method": self.method,
            "currency": cur,
            "at": self.at.isoformat() if self.at else None,
            "holdings": [
                {"account": h.account, "victim": h.victim, "amount": format_amount(h.amount, cur)}
                for h in self.holdings
            ],
            "exits": [
                {
                    "transaction_id": e.transaction_id,
                    "victim": e.victim,
                    "amount": format_amount(e.amount, cur),
                    "to_account": e.to_account,
                    "counterparty_country": e.counterparty_country,
                    "counterparty_bank": e.counterparty_bank,
                    "timestamp": e.timestamp.isoformat(),
                }
                for e in self.exits
            ],
            "losses": {v: format_amount(a, cur) for v, a in sorted(self.losses.items())},
            "capped": {v: format_amount(a, cur) for v, a in sorted(self.capped.items())},
            "schedule": {
                v: [
                    {
                        "transaction_id": s.transaction_id,
                        "timestamp": s.timestamp.isoformat(),
                        "account": s.account,
                        "rule": s.rule,
                        "before": format_amount(s.before, cur),
                        "after": format_amount(s.after, cur),
                        "source": s.source,
                    }
                    for s in steps
                ]
                for v, steps in sorted(self.schedule.items())
            },
        }
