"""Driver of the fast engine: run a kernel over the columns in chunks and assemble the result."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from moneytrace.kernels import dense as kd
from moneytrace.kernels import numba_kernels as nk
from moneytrace.kernels import poison as kp
from moneytrace.kernels.columns import I64, Columns, from_ledger
from moneytrace.ledger import Ledger, Problem
from moneytrace.methods.common import finish
from moneytrace.schedule import Exit, Holding, OverdraftError, TraceResult

CHUNK = 1 << 20  # transactions per kernel call: progress is reported between chunks
DENSE_LABELS = 16  # the share methods keep a dense pools x labels matrix up to this many labels
DENSE_CELLS = 1 << 26


@dataclass
class Raw:
    """What a kernel run leaves: victim rows of exits/converted entries, and final victim holdings."""

    upto: int
    row_tx: I64
    row_label: I64
    row_amount: I64
    row_kind: I64  # 0 exit (in the debit currency), 1 converted entry (in the credit currency)
    hold_pool: I64
    hold_label: I64
    hold_amount: I64


def _grown(a: I64, size: int, fill: int = 0) -> I64:
    if size <= a.size:
        return a
    b = np.full(max(size, 2 * a.size), fill, a.dtype)
    b[: a.size] = a
    return b


def run_kernel(
    cols: Columns, method: str, upto: int, progress: Callable[[int, int], None] | None = None
) -> Raw:
    """Run one method's kernel over the first `upto` transactions."""
    pools = cols.pools
    bal = np.zeros(pools, np.int64)
    out = [np.empty(max(1024, upto // 4), np.int64) for _ in range(4)]
    n_out = 0
    np.add.at(bal, cols.opening_pool, cols.opening_amount)
    args = (cols.src, cols.dst, cols.amount, cols.credit, cols.exch, cols.victim)
    dense = (
        method in ("prorata", "libr", "dirty-first")
        and len(cols.labels) <= DENSE_LABELS
        and pools * len(cols.labels) <= DENSE_CELLS
    )
    single = dense and len(cols.labels) == 2
    if method == "poison":
        bits = np.zeros((pools, len(cols.labels) // 64 + 1), np.uint64)
        ntaint = np.zeros(pools, np.int64)
    elif single:
        code = nk.METHOD_CODES[method]
        st = np.zeros((pools, 2), np.int64)
        st[:, 0] = bal
    elif dense:
        code = nk.METHOD_CODES[method]
        parts = np.zeros((pools, len(cols.labels)), np.int64)
        np.add.at(parts[:, 0], cols.opening_pool, cols.opening_amount)
        pieces = [np.empty(len(cols.labels) + 1, np.int64) for _ in range(4)]
    else:
        code = nk.METHOD_CODES[method]
        head = np.full(pools, -1, np.int64)
        tail = np.full(pools, -1, np.int64)
        cnt = np.zeros(pools, np.int64)
        # opening balances are clean money: they stay in bal, without nodes (see run_nodes)
        size = max(1024, upto // 64)
        nxt, lab, amt = np.full(size, -1, np.int64), np.zeros(size, np.int64), np.zeros(size, np.int64)
        free = np.array([-1, 0, 0], np.int64)
        pieces = [np.empty(64, np.int64) for _ in range(4)]
    start = 0
    while start < upto:
        end = min(upto, start + CHUNK)
        if method == "poison":
            status, pos, n_out, need = kp.run_poison(  # type: ignore[call-arg]
                start, end, *args, bal, bits, ntaint, *out, n_out
            )
        elif single:
            status, pos, n_out, need = kd.run_single(  # type: ignore[call-arg]
                code, start, end, *args, st, *out, n_out
            )
            bal = st[:, 0]
        elif dense:
            status, pos, n_out, need = kd.run_dense(  # type: ignore[call-arg]
                code, start, end, *args, bal, parts, *pieces, *out, n_out
            )
        else:
            status, pos, n_out, need = nk.run_nodes(  # type: ignore[call-arg]
                code, start, end, *args, head, tail, bal, cnt, nxt, lab, amt, free, *pieces, *out, n_out
            )
        if status == 1:
            raise _overdraft(cols, int(pos), int(bal[cols.src[pos]]))
        if status == 2:  # a buffer is too small for transaction `pos`: grow it and resume there
            out = [_grown(o, n_out + need) for o in out]
            if method != "poison" and not dense:
                pieces = [_grown(p, need) for p in pieces]
                nxt, lab, amt = (
                    _grown(nxt, free[1] + need, -1),
                    _grown(lab, free[1] + need),
                    _grown(amt, free[1] + need),
                )
        elif progress is not None:
            progress(end, upto)
        start = int(pos)
    if method == "poison":
        hold = kp.poison_holdings(bal, bits)
    elif single:
        hold = kd.single_holdings(st)
    elif dense:
        hold = kd.dense_holdings(parts)
    else:
        hold = nk.node_holdings(head, (nxt, lab, amt))
    # copies, not views: the buffers may be twice the rows, and a Raw kept for later would pin them
    return Raw(upto, *(o[:n_out].copy() for o in out), *hold)


def _overdraft(cols: Columns, pos: int, balance: int) -> OverdraftError:
    tx = cols.transactions[pos] if cols.transactions is not None else None
    if tx is None:
        account = cols.pool_account(int(cols.src[pos]))
        currency = cols.currencies[int(cols.cur[pos])]
        return OverdraftError(
            Problem(
                None,
                pos + 1,
                "amount",
                f"transaction #{pos + 1} would overdraw account {account}: it pays "
                f"{int(cols.amount[pos])} {currency} but the account holds {balance}",
            )
        )
    return OverdraftError(
        Problem(
            tx.source,
            None,
            "amount",
            f"transaction {tx.id} would overdraw account {tx.from_account}: it pays "
            f"{tx.amount} {tx.currency} but the account holds {balance}",
        )
    )


def aggregate(a: I64, b: I64, amount: I64) -> tuple[I64, I64, I64]:
    """Sum `amount` per (a, b) pair, sorted by a then b."""
    if a.size == 0:
        return a, b, amount
    step_a, step_b = a[1:] - a[:-1], b[1:] - b[:-1]
    if not bool(np.all((step_a > 0) | ((step_a == 0) & (step_b >= 0)))):  # kernels mostly emit in order
        order = np.lexsort((b, a))
        a, b, amount = a[order], b[order], amount[order]
    starts = np.flatnonzero(np.r_[True, (a[1:] != a[:-1]) | (b[1:] != b[:-1])])
    return a[starts], b[starts], np.add.reduceat(amount, starts)


def view(
    cols: Columns, raw: Raw, currency: str
) -> tuple[tuple[I64, I64, I64], tuple[I64, I64, I64], dict[int, int]]:
    """(exit rows), (holding rows), losses by label, for one currency."""
    c = cols.currencies.index(currency)
    exits = (raw.row_kind == 0) & (cols.cur[raw.row_tx] == c)
    entries = (raw.row_kind == 1) & (cols.to_cur[raw.row_tx] == c)
    held = (raw.hold_pool % len(cols.currencies)) == c
    paid_direct = (cols.victim[: raw.upto] > 0) & (cols.cur[: raw.upto] == c)
    losses: dict[int, int] = {}
    for label, amount in zip(
        cols.victim[: raw.upto][paid_direct], cols.amount[: raw.upto][paid_direct], strict=True
    ):
        losses[int(label)] = losses.get(int(label), 0) + int(amount)
    for label, amount in zip(raw.row_label[entries], raw.row_amount[entries], strict=True):
        losses[int(label)] = losses.get(int(label), 0) + int(amount)
    return (
        aggregate(raw.row_tx[exits], raw.row_label[exits], raw.row_amount[exits]),
        aggregate(raw.hold_pool[held], raw.hold_label[held], raw.hold_amount[held]),
        losses,
    )


def trace_fast(
    ledger: Ledger,
    victims: dict[str, str],
    *,
    method: str,
    currency: str,
    at: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> TraceResult:
    """Trace with the numba kernels; the same figures as the reference engine, without a schedule."""
    cols = from_ledger(ledger, victims)
    raw = run_kernel(cols, method, cols.upto(at), progress)
    (ex_tx, ex_label, ex_amount), (h_pool, h_label, h_amount), losses = view(cols, raw, currency)
    txs = cols.transactions
    assert txs is not None
    exits = []
    for i, label, amount in sorted(
        zip(ex_tx.tolist(), ex_label.tolist(), ex_amount.tolist(), strict=True),
        key=lambda r: (r[0], cols.labels[r[1]]),
    ):
        tx = txs[i]
        exits.append(
            Exit(
                tx.id,
                cols.labels[label],
                amount,
                tx.to_account,
                tx.counterparty_country,
                tx.counterparty_bank,
                tx.timestamp,
            )
        )
    holdings = [
        Holding(cols.pool_account(p), cols.labels[label], amount)
        for p, label, amount in zip(h_pool.tolist(), h_label.tolist(), h_amount.tolist(), strict=True)
    ]
    named = {cols.labels[label]: amount for label, amount in losses.items() if amount}
    return finish(method, currency, at, holdings, exits, named)
