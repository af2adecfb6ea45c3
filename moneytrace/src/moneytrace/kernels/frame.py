"""The fast engine on big files: columns straight from a polars frame, results straight to Parquet.

Millions of transactions never become Python objects: accounts become codes (codes.py: busiest
first, with their rank in name order so that every tie-break is the reference engine's), victims a
label column, and the results are written as
Parquet tables of (account, victim, amount_minor) and (transaction_id, victim, amount_minor, to_account).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import polars as pl

from moneytrace.kernels import numba_kernels as nk
from moneytrace.kernels.codes import account_codes
from moneytrace.kernels.columns import I64, LIMIT, Columns
from moneytrace.kernels.run import Raw, view
from moneytrace.ledger import LedgerError, Problem
from moneytrace.money import exponent


def _minor(frame: pl.DataFrame, column: str, minor_column: str, currency: str) -> I64:
    if minor_column in frame.columns:
        return np.asarray(frame[minor_column].cast(pl.Int64).fill_null(0).to_numpy(), np.int64)
    exp = exponent(currency)
    scaled = frame[column].cast(pl.Decimal(38, exp)) * (10**exp)
    return np.asarray(scaled.cast(pl.Int64).fill_null(0).to_numpy(), np.int64)


def columns_from_frame(frame: pl.DataFrame, victims: pl.DataFrame) -> Columns:
    """Columns of a ledger frame (one currency; exchanges are for the object API) and a victims frame
    with columns transaction_id, victim."""
    currencies = frame["currency"].unique().sort().to_list()
    if len(currencies) != 1:
        raise LedgerError(Problem(None, None, "currency", "the fast file path traces one currency"))
    ts = frame["timestamp"]
    if not isinstance(ts.dtype, pl.Datetime) or ts.dtype.time_zone is None:
        raise LedgerError(Problem(None, None, "timestamp", "timestamps need a time zone"))
    ts_ns = ts.dt.cast_time_unit("ns").to_physical().to_numpy()
    if ts_ns.size and bool(np.any(ts_ns[1:] < ts_ns[:-1])):  # most exports are in time order already
        order = np.argsort(ts_ns, kind="stable")
        frame, ts_ns = frame[order], ts_ns[order]
    frm, to, names, name_rank = account_codes(frame["from_account"], frame["to_account"])
    amount = _minor(frame, "amount", "amount_minor", currencies[0])
    if amount.size and (amount.min() <= 0 or amount.max() >= LIMIT):
        raise LedgerError(Problem(None, None, "amount", "amounts must be positive and below 2**62"))
    n_acc = names.len()
    payer = np.zeros(n_acc, np.bool_)
    receiver = np.zeros(n_acc, np.bool_)
    payer[frm[frm >= 0]] = True
    receiver[to[to >= 0]] = True
    traced = payer & receiver
    src = np.where((frm >= 0) & traced[np.maximum(frm, 0)], frm, -1)
    dst = np.where((to >= 0) & traced[np.maximum(to, 0)], to, -1)
    victims = victims.select(pl.col("transaction_id").cast(pl.String), pl.col("victim").cast(pl.String))
    rows = np.flatnonzero(frame["id"].is_in(victims["transaction_id"].implode()).to_numpy())
    position = pl.DataFrame({"id": frame["id"].gather(rows), "position": rows.astype(np.int64)})
    marked = victims.join(position, left_on="transaction_id", right_on="id", how="left")
    missing = marked.filter(pl.col("position").is_null())
    if missing.height:
        raise LedgerError(
            [
                Problem(None, None, "transaction_id", f"victim transaction {t!r} not found")
                for t in missing["transaction_id"].head(20)
            ]
        )
    first = marked.group_by("victim").agg(pl.col("position").min()).sort("position")
    labels = ["clean", *first["victim"].to_list()]
    label_of = pl.DataFrame(
        {"victim": labels[1:], "label": np.arange(1, len(labels), dtype=np.int64)},
        schema={"victim": pl.String, "label": pl.Int64},
    )
    marked = marked.join(label_of, on="victim")
    victim = np.zeros(frame.height, np.int64)
    victim[marked["position"].to_numpy()] = marked["label"].to_numpy()
    zeros = np.zeros(frame.height, np.int64)
    return Columns(
        names.to_list(),
        currencies,
        labels,
        src,
        dst,
        zeros,
        zeros,
        amount,
        amount,
        np.zeros(frame.height, np.bool_),
        victim,
        ts_ns,
        np.zeros(0, np.int64),
        np.zeros(0, np.int64),
        frame=frame.select("id", "to_account"),  # all the results need: the rest can be freed
        name_rank=name_rank,
    )


def capped_rows(
    cols: Columns, raw: Raw, currency: str
) -> tuple[tuple[I64, I64, I64], tuple[I64, I64, I64], dict[int, int]]:
    """The per-currency view with the cap applied (the object API's rule, vectorised)."""
    (e_tx, e_lab, e_amt), (h_pool, h_lab, h_amt), losses = view(cols, raw, currency)
    if cols.name_rank is not None:  # holdings in account-name order, the cap's tie-break order
        order = np.lexsort((h_lab, cols.name_rank[h_pool // len(cols.currencies)]))
        h_pool, h_lab, h_amt = h_pool[order], h_lab[order], h_amt[order]
    e_amt, h_amt = e_amt.copy(), h_amt.copy()
    e_order = np.argsort(e_lab, kind="stable")  # each victim's exits stay in time order
    h_order = np.argsort(h_lab, kind="stable")  # and holdings in account order
    e_sorted, h_sorted = e_lab[e_order], h_lab[h_order]
    for label, loss in losses.items():
        em = e_order[np.searchsorted(e_sorted, label) : np.searchsorted(e_sorted, label, side="right")]
        hm = h_order[np.searchsorted(h_sorted, label) : np.searchsorted(h_sorted, label, side="right")]
        total = int(e_amt[em].sum()) + int(h_amt[hm].sum())
        if total > loss:
            parts = nk.cap_parts(np.concatenate([e_amt[em], h_amt[hm]]), loss)
            e_amt[em] = parts[: em.size]
            h_amt[hm] = parts[em.size :]
    return (e_tx, e_lab, e_amt), (h_pool, h_lab, h_amt), losses


def write_results(cols: Columns, raw: Raw, currency: str, out_dir: Path, method: str) -> None:
    """holdings-METHOD.parquet and exits-METHOD.parquet, each written atomically."""
    (e_tx, e_lab, e_amt), (h_pool, h_lab, h_amt), _ = capped_rows(cols, raw, currency)
    frame: pl.DataFrame = cols.frame
    labels = pl.Series(cols.labels)
    accounts = pl.Series(cols.accounts)
    keep = e_amt > 0
    exits = pl.DataFrame(
        {
            "transaction_id": frame["id"].gather(e_tx[keep]),
            "victim": labels.gather(e_lab[keep]),
            "amount_minor": e_amt[keep],
            "to_account": frame["to_account"].gather(e_tx[keep]),
        }
    )
    keep = h_amt > 0
    holdings = pl.DataFrame(
        {
            "account": accounts.gather(h_pool[keep] // len(cols.currencies)),
            "victim": labels.gather(h_lab[keep]),
            "amount_minor": h_amt[keep],
        }
    )
    for name, table in (("holdings", holdings), ("exits", exits)):
        final = out_dir / f"{name}-{method}.parquet"
        temp = final.with_suffix(".parquet.tmp")
        table.write_parquet(temp)
        os.replace(temp, final)
