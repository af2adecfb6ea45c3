"""The ledger as integer columns for vectorised pattern search."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import polars as pl

from moneytrace.ledger import Ledger
from moneytrace.money import exponent

I64 = npt.NDArray[np.int64]


@dataclass
class Edges:
    """Transactions as arrays: account indices (-1 outside), seconds since the first, minor units."""

    ids: pl.Series  # transaction ids, by edge index
    accounts: npt.NDArray[np.object_]  # account names, by account index
    src: I64
    dst: I64
    ts: I64
    amount: npt.NDArray[np.float64]  # minor units as float: patterns compare, they never add up money
    cur: I64
    currencies: list[str]
    _out: tuple[I64, I64] | None = None

    def out_index(self) -> tuple[I64, I64]:
        """Edges leaving a traced account, sorted by (account, time), with their search keys."""
        if self._out is None:
            out = np.flatnonzero((self.src >= 0) & (self.src != self.dst))
            keys = (self.src[out] << 32) | self.ts[out]
            order = argsort(keys)
            self._out = (out[order].astype(np.int64), keys[order])
        return self._out

    def __len__(self) -> int:
        return int(self.src.size)

    def names(self, idx: npt.ArrayLike) -> list[str]:
        """Account names for indices."""
        return [str(a) for a in self.accounts[np.asarray(idx, dtype=np.int64)]]

    def tx_ids(self, idx: npt.ArrayLike) -> list[str]:
        """Transaction ids for edge indices."""
        return [str(t) for t in self.ids.gather(np.asarray(idx, dtype=np.int64)).to_list()]

    def account_name(self, idx: int) -> str:
        """One account's name."""
        return str(self.accounts[int(idx)])


def argsort(*keys: I64) -> I64:
    """A stable argsort by several integer keys (first key most significant), multi-threaded."""
    frame = pl.DataFrame({f"k{i}": k for i, k in enumerate(keys)})
    order = frame.with_row_index("i").sort([f"k{i}" for i in range(len(keys))], maintain_order=True)["i"]
    return order.to_numpy().astype(np.int64, copy=False)


def ledger_frame(ledger: Ledger) -> pl.DataFrame:
    """The ledger's transactions as a polars frame (id, timestamp, from/to, amount_minor, currency)."""
    txs = ledger.transactions
    return pl.DataFrame(
        {
            "id": [t.id for t in txs],
            "timestamp": [int(t.timestamp.timestamp()) for t in txs],
            "from_account": [t.from_account for t in txs],
            "to_account": [t.to_account for t in txs],
            "amount_minor": [float(t.amount) for t in txs],
            "currency": [t.currency for t in txs],
        },
        schema={
            "id": pl.String,
            "timestamp": pl.Int64,
            "from_account": pl.String,
            "to_account": pl.String,
            "amount_minor": pl.Float64,
            "currency": pl.String,
        },
    )


def edges_from_frame(frame: pl.DataFrame) -> Edges:
    """Columns id, timestamp (datetime or epoch seconds), from_account, to_account, amount_minor, currency."""
    both = pl.concat([frame["from_account"], frame["to_account"]])
    # dense account indices from 64-bit hashes: much cheaper than sorting 10 million strings
    code = both.hash(seed=0).rank("dense").cast(pl.Int64).to_numpy() - 1
    code = np.where(both.is_null().to_numpy(), -1, code)
    n = frame.height
    first = np.full(int(code.max()) + 1 if code.size else 0, -1, dtype=np.int64)
    where = np.flatnonzero(code >= 0)[::-1]
    first[code[where]] = where  # each account's first occurrence (the last assignment wins)
    accounts = both.gather(np.maximum(first, 0)).to_numpy().astype(object, copy=False)
    stamp = frame["timestamp"]
    if stamp.dtype.is_temporal():
        stamp = stamp.dt.epoch("s")
    seconds = stamp.cast(pl.Int64).to_numpy()
    t0 = int(seconds.min()) if seconds.size else 0
    currencies = sorted(frame["currency"].unique().to_list())
    return Edges(
        ids=frame["id"],
        accounts=accounts,
        src=code[:n].astype(np.int64),
        dst=code[n:].astype(np.int64),
        ts=(seconds - t0).astype(np.int64),
        amount=frame["amount_minor"].cast(pl.Float64).to_numpy(),
        cur=_codes(frame["currency"], pl.Enum(currencies)),
        currencies=currencies,
    )


def _codes(column: pl.Series, enum: pl.Enum) -> I64:
    codes = column.cast(enum).to_physical().cast(pl.Int64).fill_null(-1)
    return codes.to_numpy().astype(np.int64, copy=False)


def windowed_successors(
    edges: Edges,
    first: I64,
    node: I64,
    lower: I64,
    upper: I64,
    max_branching: int,
) -> tuple[I64, I64]:
    """For each query k: out-edges of account node[k] with lower[k] <= ts <= upper[k].

    Returns (query index, edge index) pairs. A query with more than `max_branching` matches is a hub
    and yields none: following every payment of a hub is what makes unbounded searches never finish.
    """
    order, keys = edges.out_index()
    valid = node >= 0
    base = np.where(valid, node, 0) << 32
    lo = np.searchsorted(keys, base | np.clip(lower, 0, None), side="left")
    hi = np.searchsorted(keys, base | np.clip(upper, 0, None), side="right")
    count = np.where(valid & (hi > lo) & (hi - lo <= max_branching), hi - lo, 0)
    total = int(count.sum())
    query = np.repeat(np.arange(first.size, dtype=np.int64), count)
    start = np.repeat(lo - (np.cumsum(count) - count), count)
    succ = order[start + np.arange(total, dtype=np.int64)]
    keep = succ != first[query]
    return query[keep], succ[keep]


def read_pattern_frame(path: str | Path) -> pl.DataFrame | None:
    """Pattern columns straight from a Parquet ledger, or None when the file needs the full checks.

    Millions of rows never become Transaction objects; a file this fast path cannot vouch for
    (missing values, naive or unparsed timestamps, non-positive amounts) returns None, and the
    caller reads it with io.read_ledger, which names every bad row."""
    frame = pl.read_parquet(path)
    if "channel" in frame.columns:
        frame = frame.filter(pl.col("channel").fill_null("") != "opening")
    required = ["id", "timestamp", "from_account", "to_account", "currency"]
    if any(c not in frame.columns for c in required) or not {"amount", "amount_minor"} & set(frame.columns):
        return None
    stamp = frame["timestamp"]
    if not (isinstance(stamp.dtype, pl.Datetime) and stamp.dtype.time_zone):
        return None
    try:
        scale = pl.col("currency").replace_strict(
            {c: 10.0 ** exponent(c) for c in frame["currency"].unique().drop_nulls().to_list()},
            return_dtype=pl.Float64,
        )
        amount = (
            pl.col("amount_minor").cast(pl.Float64)
            if "amount_minor" in frame.columns
            else pl.col("amount").cast(pl.Float64) * scale
        )
        out = frame.select(
            "id", "timestamp", "from_account", "to_account", amount.alias("amount_minor"), "currency"
        )
    except (ValueError, pl.exceptions.PolarsError):
        return None
    bad = out.select(
        pl.any_horizontal(pl.col("id", "timestamp", "currency", "amount_minor").is_null()).any()
        | (pl.col("amount_minor") <= 0).any()
        | (pl.col("from_account").is_null() & pl.col("to_account").is_null()).any()
    ).item()
    return None if bad else out
