"""Rules shared by both engines: traced accounts, label order, largest-remainder splits, the cap."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from moneytrace.ledger import Ledger, LedgerError, Problem, Transaction
from moneytrace.schedule import Exit, Holding, TraceResult

METHODS = ("fifo", "lifo", "libr", "prorata", "poison", "dirty-first")
CLEAN = "clean"  # label of money that is no victim's: opening balances and deposits from outside


def largest_remainder(weights: Sequence[int], total: int) -> list[int]:
    """Split `total` in proportion to `weights`, exactly: floors first, then one unit each to the
    largest remainders; ties go to the earlier weight (weights are passed in tie-break order)."""
    whole = sum(weights)
    if whole <= 0:
        raise ValueError("cannot split in proportion to zero")
    parts = [w * total // whole for w in weights]
    remainders = [w * total % whole for w in weights]
    leftover = total - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for i in order[:leftover]:
        parts[i] += 1
    return parts


def traced_accounts(ledger: Ledger) -> set[str]:
    """An account is traced if it has an opening balance, or if it both receives and pays money in
    the ledger (any currency). Pure payers (victims, employers) are sources outside the trace; pure
    receivers (beneficiaries abroad, cash) are destinations outside it: money sent to them is an exit."""
    payers = {t.from_account for t in ledger.transactions if t.from_account is not None}
    receivers = {t.to_account for t in ledger.transactions if t.to_account is not None}
    opened = {acc for acc, bal in ledger.opening_balances.items() if any(bal.values())}
    return opened | (payers & receivers)


def check_victims(ledger: Ledger, victims: dict[str, str]) -> None:
    """Every victim transaction must exist, must not be an exchange, and no victim may be named clean."""
    by_id = {t.id: t for t in ledger.transactions}
    problems = []
    for tx_id, victim in victims.items():
        tx = by_id.get(tx_id)
        if tx is None:
            problems.append(Problem(None, None, "transaction_id", f"victim transaction {tx_id!r} not found"))
        elif tx.to_account is None:
            problems.append(
                Problem(tx.source, None, "to_account", f"victim transaction {tx_id!r} pays nobody")
            )
        elif tx.to_currency is not None and tx.to_currency != tx.currency:
            problems.append(
                Problem(tx.source, None, "channel", f"victim transaction {tx_id!r} is an exchange")
            )
        if victim == CLEAN or not victim:
            problems.append(Problem(None, None, "victim", f"invalid victim name {victim!r}"))
    if problems:
        raise LedgerError(problems)


def label_order(sorted_txs: Sequence[Transaction], victims: dict[str, str]) -> list[str]:
    """Labels in tie-break order: clean first, then victims by their first victim transaction."""
    labels = [CLEAN]
    seen = {CLEAN}
    for tx in sorted_txs:
        victim = victims.get(tx.id)
        if victim is not None and victim not in seen:
            seen.add(victim)
            labels.append(victim)
    return labels


def choose_currency(ledger: Ledger, currency: str | None) -> str:
    """The currency to trace: the one given, or the ledger's only one."""
    found = ledger.currencies()
    if currency is not None:
        if currency.upper() not in found:
            raise LedgerError(Problem(None, None, "currency", f"no transaction in {currency.upper()}"))
        return currency.upper()
    if len(found) == 1:
        return next(iter(found))
    listed = ", ".join(sorted(found)) or "none"
    raise LedgerError(
        Problem(None, None, "currency", f"the ledger has several currencies ({listed}): choose one")
    )


def is_exchange(tx: Transaction) -> bool:
    """A conversion: the credit differs from the debit in currency or amount."""
    return (
        tx.to_currency is not None
        and tx.to_amount is not None
        and (tx.to_currency != tx.currency or tx.to_amount != tx.amount)
    )


def utc(ts: datetime) -> datetime:
    """`ts` in UTC, so that comparisons with the `at` cutoff are exact."""
    return ts.astimezone(UTC)


def apply_cap(
    exits: list[Exit], holdings: list[Holding], losses: dict[str, int]
) -> tuple[list[Exit], list[Holding], dict[str, int]]:
    """Scale each over-counted victim's items down to the loss, pro rata, largest remainder, ties to
    the earlier item (exits in time order, then holdings by account). Returns what was removed."""
    capped: dict[str, int] = {}
    new_exits = list(exits)
    new_holdings = list(holdings)
    for victim, loss in losses.items():
        ex_idx = [i for i, e in enumerate(exits) if e.victim == victim]
        ho_idx = [i for i, h in enumerate(holdings) if h.victim == victim]
        weights = [exits[i].amount for i in ex_idx] + [holdings[i].amount for i in ho_idx]
        total = sum(weights)
        if total <= loss:
            continue
        parts = largest_remainder(weights, loss)
        capped[victim] = total - loss
        for i, part in zip(ex_idx, parts[: len(ex_idx)], strict=True):
            e = exits[i]
            new_exits[i] = Exit(
                e.transaction_id,
                e.victim,
                part,
                e.to_account,
                e.counterparty_country,
                e.counterparty_bank,
                e.timestamp,
            )
        for i, part in zip(ho_idx, parts[len(ex_idx) :], strict=True):
            new_holdings[i] = Holding(holdings[i].account, victim, part)
    return (
        [e for e in new_exits if e.amount],
        [h for h in new_holdings if h.amount],
        capped,
    )


def finish(
    method: str,
    currency: str,
    at: datetime | None,
    holdings: list[Holding],
    exits: list[Exit],
    losses: dict[str, int],
) -> TraceResult:
    """Sort, cap (only poison can over-count) and check that every victim is reconciled exactly."""
    holdings = sorted(h for h in holdings if h.amount)
    exits = [e for e in exits if e.amount]
    exits, holdings, capped = apply_cap(exits, holdings, losses)
    result = TraceResult(method, currency, at, holdings, exits, dict(sorted(losses.items())), capped=capped)
    for victim, loss in losses.items():
        found = result.traced_total(victim)
        if found != loss:
            raise AssertionError(f"conservation broken for {victim}: traced {found}, paid in {loss}")
    return result
