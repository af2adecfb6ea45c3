"""The reference engine: plain Python, one transaction at a time, checking conservation at every step."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime

from moneytrace.ledger import Ledger, Problem, Transaction
from moneytrace.methods.common import (
    CLEAN,
    check_victims,
    finish,
    is_exchange,
    label_order,
    traced_accounts,
    utc,
)
from moneytrace.methods.rules import RULE_TEXT, Piece, Rule, make_rule
from moneytrace.schedule import Exit, Holding, OverdraftError, Step, TraceResult

Key = tuple[str, str]  # (victim, currency)


class ReferenceTrace:
    """One run of one method over a ledger sorted in time, for every currency at once."""

    def __init__(self, ledger: Ledger, victims: dict[str, str], method: str) -> None:
        check_victims(ledger, victims)
        self.ledger = ledger.sorted()
        self.victims = victims
        self.method = method
        self.traced = traced_accounts(ledger)
        self.rank = {label: i for i, label in enumerate(label_order(self.ledger.transactions, victims))}
        self.rule: Rule = make_rule(method, self.rank)
        self.pools: dict[tuple[str, str], int] = {}  # (account, currency) -> pool id
        self.balance: dict[int, int] = defaultdict(int)
        self.held: dict[Key, int] = defaultdict(int)
        self.left: dict[Key, int] = defaultdict(int)
        self.paid: dict[Key, int] = defaultdict(int)
        self.exits: list[tuple[int, str, str, int]] = []  # (tx index, currency, victim, amount)
        self.steps: list[tuple[str, str, Step]] = []  # (victim, currency, step)

    def pool(self, account: str, currency: str) -> int:
        return self.pools.setdefault((account, currency), len(self.pools))

    def run(self, at: datetime | None, progress: Callable[[int, int], None] | None) -> None:
        for account, balances in sorted(self.ledger.opening_balances.items()):
            for currency, amount in sorted(balances.items()):
                if amount:
                    pool = self.pool(account, currency)
                    self.rule.credit(pool, [(CLEAN, amount)], amount)
                    self.balance[pool] += amount
        txs = [t for t in self.ledger.transactions if at is None or utc(t.timestamp) <= utc(at)]
        for index, tx in enumerate(txs):
            self.apply(index, tx)
            if progress is not None and (index % 1000 == 999 or index == len(txs) - 1):
                progress(index + 1, len(txs))
        self.txs = txs

    def apply(self, index: int, tx: Transaction) -> None:
        """One transaction: debit the paying account by the method, credit the receiving one."""
        src = (
            self.pool(tx.from_account, tx.currency)
            if tx.from_account in self.traced and tx.from_account
            else None
        )
        exchange = is_exchange(tx)
        to_currency = tx.to_currency if exchange and tx.to_currency else tx.currency
        dst = (
            self.pool(tx.to_account, to_currency) if tx.to_account in self.traced and tx.to_account else None
        )
        victim = self.victims.get(tx.id)
        before = {p: self.rule.parts(p) for p in (src, dst) if p is not None}
        if src is not None:
            if tx.amount > self.balance[src]:
                raise OverdraftError(
                    Problem(
                        tx.source,
                        None,
                        "amount",
                        f"transaction {tx.id} would overdraw account {tx.from_account}: it pays "
                        f"{tx.amount} {tx.currency} but the account holds {self.balance[src]}",
                    )
                )
            pieces = self.rule.debit(src, tx.amount)
            self.balance[src] -= tx.amount
            if victim is not None or dst is None or exchange:
                self.record_exit(index, tx.currency, pieces)
        else:
            pieces = [(CLEAN, tx.amount)]
        if victim is not None:
            pieces = [(victim, tx.amount)]
            self.paid[(victim, tx.currency)] += tx.amount
            if dst is None:  # paid straight to an account outside the trace
                self.record_exit(index, tx.currency, pieces)
        if dst is not None:
            credit = tx.to_amount if exchange and tx.to_amount is not None else tx.amount
            if exchange:
                pieces = self.rule.convert(pieces, tx.amount, credit)
                for label, part in pieces:
                    if label != CLEAN:
                        self.paid[(label, to_currency)] += part
            self.rule.credit(dst, pieces, credit)
            self.balance[dst] += credit
        self.account_for(tx, src, dst, before, to_currency)

    def record_exit(self, index: int, currency: str, pieces: list[Piece]) -> None:
        for label, part in pieces:
            if label != CLEAN and part:
                self.exits.append((index, currency, label, part))
                self.left[(label, currency)] += part

    def account_for(
        self,
        tx: Transaction,
        src: int | None,
        dst: int | None,
        before: dict[int, dict[str, int]],
        to_cur: str,
    ) -> None:
        """Write the schedule lines and check conservation for both accounts of the transaction."""
        touched: set[Key] = set()
        victim = self.victims.get(tx.id)
        if victim is not None:
            touched.add((victim, tx.currency))
        for pool, account, currency in ((src, tx.from_account, tx.currency), (dst, tx.to_account, to_cur)):
            if pool is None or account is None:
                continue
            after = self.rule.parts(pool)
            if self.method != "poison" and sum(after.values()) != self.balance[pool]:
                raise AssertionError(f"parts of {account} do not sum to its balance after {tx.id}")
            role = "pays out" if pool == src else "receives"
            for label in sorted(set(before[pool]) | set(after), key=self.rank.__getitem__):
                old, new = before[pool].get(label, 0), after.get(label, 0)
                if label == CLEAN or old == new:
                    continue
                self.held[(label, currency)] += new - old
                touched.add((label, currency))
                rule = f"{RULE_TEXT[self.method]} ({account} {role})"
                self.steps.append(
                    (label, currency, Step(tx.id, tx.timestamp, account, rule, old, new, tx.source))
                )
        for key in touched:
            paid = self.paid[key]
            found = self.held[key] + self.left[key]
            if found < paid or (found != paid and self.method != "poison"):
                raise AssertionError(f"victim {key[0]}: held + left = {found}, paid in {paid}, after {tx.id}")

    def result(self, currency: str, at: datetime | None) -> TraceResult:
        holdings = [
            Holding(account, label, part)
            for (account, cur), pool in self.pools.items()
            if cur == currency
            for label, part in self.rule.parts(pool).items()
            if label != CLEAN and part
        ]
        merged: dict[tuple[int, str], int] = defaultdict(int)
        for index, cur, label, part in self.exits:
            if cur == currency:
                merged[(index, label)] += part
        exits = []
        for (index, label), part in sorted(merged.items()):
            tx = self.txs[index]
            exits.append(
                Exit(
                    tx.id,
                    label,
                    part,
                    tx.to_account,
                    tx.counterparty_country,
                    tx.counterparty_bank,
                    tx.timestamp,
                )
            )
        losses = {v: paid for (v, cur), paid in self.paid.items() if cur == currency and paid}
        result = finish(self.method, currency, at, holdings, exits, losses)
        for victim, cur, step in self.steps:
            if cur == currency:
                result.schedule.setdefault(victim, []).append(step)
        return result


def trace_reference(
    ledger: Ledger,
    victims: dict[str, str],
    *,
    method: str,
    currency: str,
    at: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> TraceResult:
    """Trace with the reference engine (every currency is simulated; `currency` selects the view)."""
    run = ReferenceTrace(ledger, victims, method)
    run.run(at, progress)
    return run.result(currency, at)
