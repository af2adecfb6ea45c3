"""The columnar ledger: int64 arrays in time order, as the kernels read it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from moneytrace.ledger import Ledger, LedgerError, Problem, Transaction
from moneytrace.methods.common import check_victims, is_exchange, label_order, traced_accounts, utc

I64 = npt.NDArray[np.int64]
LIMIT = 2**62  # amounts must stay below this so that every sum and split fits in int64


@dataclass
class Columns:
    """A ledger as arrays sorted by (timestamp, original index); accounts and currencies as codes."""

    accounts: list[str]
    currencies: list[str]
    labels: list[str]  # label id -> name; 0 is "clean"
    src: I64  # paying pool, -1 when the payer is outside the trace
    dst: I64  # receiving pool, -1 when the payee is outside the trace
    cur: I64  # currency code of the debit
    to_cur: I64  # currency code of the credit
    amount: I64
    credit: I64  # amount credited (differs for exchanges)
    exch: npt.NDArray[np.bool_]
    victim: I64  # label of the victim whose money this transaction carries in, 0 if none
    ts_ns: I64  # UTC nanoseconds, for the `at` cutoff
    opening_pool: I64
    opening_amount: I64
    transactions: Sequence[Transaction] | None = None  # sorted transactions when built from a Ledger
    frame: Any = None  # the sorted polars frame when built from a file (kernels.frame)
    name_rank: I64 | None = None  # account code -> rank of its name, when codes are not in name order

    @property
    def pools(self) -> int:
        return len(self.accounts) * len(self.currencies)

    def upto(self, at: datetime | None) -> int:
        """Number of transactions at or before `at`."""
        if at is None:
            return int(self.src.size)
        return int(np.searchsorted(self.ts_ns, _ns(at), side="right"))

    def pool_account(self, pool: int) -> str:
        return self.accounts[pool // len(self.currencies)]

    def pool_currency(self, pool: int) -> int:
        return pool % len(self.currencies)


def _ns(ts: datetime) -> int:
    moment = utc(ts)
    return int(moment.timestamp()) * 1_000_000_000 + moment.microsecond * 1000


def from_ledger(ledger: Ledger, victims: dict[str, str]) -> Columns:
    """Columns of a ledger (the same traced accounts and label order as the reference engine)."""
    check_victims(ledger, victims)
    txs = ledger.sorted().transactions
    traced = traced_accounts(ledger)
    accounts = sorted(ledger.accounts())
    acc = {name: i for i, name in enumerate(accounts)}
    currencies = sorted(ledger.currencies())
    cc = {name: i for i, name in enumerate(currencies)}
    labels = label_order(txs, victims)
    lab = {name: i for i, name in enumerate(labels)}
    n, ncur = len(txs), len(currencies)
    cols = {k: np.full(n, -1, np.int64) for k in ("src", "dst", "cur", "to_cur", "amount", "credit", "ts")}
    victim = np.zeros(n, np.int64)
    exch = np.zeros(n, np.bool_)
    for i, tx in enumerate(txs):
        ex = is_exchange(tx)
        to_currency = tx.to_currency if ex and tx.to_currency else tx.currency
        credit = tx.to_amount if ex and tx.to_amount is not None else tx.amount
        if max(tx.amount, credit) >= LIMIT:
            raise LedgerError(Problem(tx.source, None, "amount", f"transaction {tx.id}: amount too large"))
        if tx.from_account in traced and tx.from_account:
            cols["src"][i] = acc[tx.from_account] * ncur + cc[tx.currency]
        if tx.to_account in traced and tx.to_account:
            cols["dst"][i] = acc[tx.to_account] * ncur + cc[to_currency]
        cols["cur"][i], cols["to_cur"][i] = cc[tx.currency], cc[to_currency]
        cols["amount"][i], cols["credit"][i] = tx.amount, credit
        cols["ts"][i] = _ns(tx.timestamp)
        exch[i] = ex
        if tx.id in victims:
            victim[i] = lab[victims[tx.id]]
    opening = [
        (acc[a] * ncur + cc[c], amount)
        for a, balances in ledger.opening_balances.items()
        for c, amount in balances.items()
        if amount
    ]
    return Columns(
        accounts,
        currencies,
        labels,
        cols["src"],
        cols["dst"],
        cols["cur"],
        cols["to_cur"],
        cols["amount"],
        cols["credit"],
        exch,
        victim,
        cols["ts"],
        np.array([p for p, _ in opening], np.int64),
        np.array([a for _, a in opening], np.int64),
        txs,
    )
