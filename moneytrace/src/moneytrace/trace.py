"""The trace entry point: one method, one currency, either engine."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from moneytrace.ledger import Ledger, LedgerError, Problem
from moneytrace.methods.common import METHODS, choose_currency
from moneytrace.schedule import Exit, Holding, OverdraftError, Step, TraceResult

__all__ = [
    "METHODS",
    "Exit",
    "Holding",
    "OverdraftError",
    "Step",
    "TraceResult",
    "trace",
]

ENGINES = ("fast", "reference")


def trace(
    ledger: Ledger,
    victims: dict[str, str],
    *,
    method: str,
    currency: str | None = None,
    at: datetime | None = None,
    engine: str = "fast",
    progress: Callable[[int, int], None] | None = None,
) -> TraceResult:
    """Trace every victim's money with `method`; `victims` maps transaction id -> victim name.

    The reference engine also writes the per-victim schedule; the fast engine leaves it empty."""
    if method not in METHODS:
        raise LedgerError(
            Problem(None, None, "method", f"unknown method {method!r}; choose one of {METHODS}")
        )
    if engine not in ENGINES:
        raise LedgerError(
            Problem(None, None, "engine", f"unknown engine {engine!r}; choose one of {ENGINES}")
        )
    if at is not None and at.tzinfo is None:
        raise LedgerError(Problem(None, None, "at", "the cutoff time has no time zone offset"))
    problems = ledger.validate()
    if problems:
        raise LedgerError(problems)
    chosen = choose_currency(ledger, currency)
    if engine == "reference":
        from moneytrace.methods.reference import trace_reference

        return trace_reference(ledger, victims, method=method, currency=chosen, at=at, progress=progress)
    from moneytrace.kernels.run import trace_fast

    return trace_fast(ledger, victims, method=method, currency=chosen, at=at, progress=progress)
