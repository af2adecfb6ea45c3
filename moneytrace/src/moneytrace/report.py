"""The readable summary of a trace for the command line: per victim, loss, where held, where gone."""

from __future__ import annotations

from collections import defaultdict

from moneytrace.ledger import Ledger
from moneytrace.money import format_amount
from moneytrace.schedule import TraceResult

METHOD_NAMES = {
    "fifo": "FIFO, first in first out (Clayton's Case, 1816)",
    "lifo": "LIFO, last in first out",
    "libr": "lowest intermediate balance (Re Hallett's Estate, 1880; Roscoe v Winder, 1915)",
    "prorata": "pro rata, rolling charge (Barlow Clowes v Vaughan, 1992)",
    "poison": "poison, capped at the loss (Möser, Böhme, Breuker, 2014)",
    "dirty-first": "dirty first (US v Banco Cafetero, 1986)",
}


def _where(account: str | None, country: str | None, bank: str | None) -> str:
    place = ", ".join(x for x in (country, bank) if x)
    name = account or "no account"
    return f"{name} ({place})" if place else name


def trace_lines(result: TraceResult, ledger: Ledger, *, schedule: bool = False) -> list[str]:
    """The summary as lines of text."""
    cur = result.currency
    when = f"at {result.at.isoformat()}" if result.at else "at the end of the ledger"
    lines = [f"Method: {METHOD_NAMES.get(result.method, result.method)}; currency {cur}; {when}"]
    held: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for h in result.holdings:
        held[h.victim].append((h.account, h.amount))
    by_id = {tx.id: tx for tx in ledger.transactions}
    for victim in sorted(result.losses):
        lines += ["", f"{victim}: paid in {format_amount(result.losses[victim], cur)} {cur}"]
        rows = [(f"held by {acc}", amount) for acc, amount in held.get(victim, [])]
        for e in (e for e in result.exits if e.victim == victim):
            day = e.timestamp.date().isoformat()
            channel = by_id[e.transaction_id].channel if e.transaction_id in by_id else None
            how = f" by {channel}" if channel else ""
            where = _where(e.to_account, e.counterparty_country, e.counterparty_bank)
            rows.append((f"left {day}{how} to {where} [{e.transaction_id}]", e.amount))
        if result.capped.get(victim):
            rows.append(("removed by the cap at the loss", -result.capped[victim]))
        rows.append(("traced in total", result.traced_total(victim)))
        width = max(len(label) for label, _ in rows)
        lines += [f"  {label.ljust(width)}  {format_amount(amount, cur):>14}" for label, amount in rows]
        if schedule:
            lines += _schedule_lines(result, victim)
    return lines


def _schedule_lines(result: TraceResult, victim: str) -> list[str]:
    steps = result.schedule.get(victim, [])
    if not steps:
        return ["  (no step-by-step schedule: run with --schedule)"]
    cur = result.currency
    out = ["  schedule:"]
    for s in steps:
        before, after = format_amount(s.before, cur), format_amount(s.after, cur)
        source = f"  [{s.source}]" if s.source else ""
        out.append(
            f"    {s.timestamp.date().isoformat()}  {s.transaction_id}  {s.account}  "
            f"{before:>10} -> {after:>10}  {s.rule}{source}"
        )
    return out


def print_trace_summary(result: TraceResult, ledger: Ledger, *, schedule: bool = False) -> None:
    """Print the summary to standard output."""
    print("\n".join(trace_lines(result, ledger, schedule=schedule)))
