"""The file path of the fast engine (polars frame in, Parquet out) gives the object API's figures."""

import polars as pl
import pytest
from hypothesis import given, settings
from moneytrace.kernels.frame import capped_rows, columns_from_frame, write_results
from moneytrace.kernels.run import run_kernel
from moneytrace.methods.common import METHODS
from moneytrace.trace import trace

from .test_engines_agree import ledgers


def frame_of(ledger, victims):
    frame = pl.DataFrame(
        {
            "id": [t.id for t in ledger.transactions],
            "timestamp": [t.timestamp for t in ledger.transactions],
            "from_account": [t.from_account for t in ledger.transactions],
            "to_account": [t.to_account for t in ledger.transactions],
            "amount_minor": [t.amount for t in ledger.transactions],
            "currency": [t.currency for t in ledger.transactions],
        },
        schema_overrides={
            "timestamp": pl.Datetime("us", "UTC"),
            "from_account": pl.String,
            "to_account": pl.String,
        },
    )
    table = pl.DataFrame(
        {"transaction_id": list(victims), "victim": list(victims.values())},
        schema={"transaction_id": pl.String, "victim": pl.String},
    )
    return frame, table


@pytest.mark.parametrize("method", METHODS)
@settings(max_examples=25, deadline=None)
@given(data=ledgers(openings=False))
def test_frame_path_matches_reference(method, data):
    ledger, victims = data
    frame, table = frame_of(ledger, victims)
    # when
    cols = columns_from_frame(frame, table)
    (e_tx, e_lab, e_amt), (h_pool, h_lab, h_amt), _ = capped_rows(
        cols, run_kernel(cols, method, cols.src.size), "EUR"
    )
    ref = trace(ledger, victims, method=method, engine="reference")
    # then
    ids = cols.frame["id"]
    exits = sorted(
        (ids[int(t)], cols.labels[lab], int(a)) for t, lab, a in zip(e_tx, e_lab, e_amt, strict=True) if a
    )
    holdings = sorted(
        (cols.accounts[int(p)], cols.labels[lab], int(a))
        for p, lab, a in zip(h_pool, h_lab, h_amt, strict=True)
        if a
    )
    assert exits == sorted((e.transaction_id, e.victim, e.amount) for e in ref.exits)
    assert sorted(holdings) == [(h.account, h.victim, h.amount) for h in ref.holdings]


def test_results_are_written_as_parquet(tmp_path):
    # given
    from .test_methods_hand import MIXED, VICTIMS

    ledger = type(MIXED)(MIXED.transactions)  # the frame path has no opening balances
    frame, table = frame_of(ledger, VICTIMS)
    cols = columns_from_frame(frame, table)
    # when
    write_results(cols, run_kernel(cols, "fifo", cols.src.size), "EUR", tmp_path, "fifo")
    # then
    holdings = pl.read_parquet(tmp_path / "holdings-fifo.parquet")
    exits = pl.read_parquet(tmp_path / "exits-fifo.parquet")
    ref = trace(ledger, VICTIMS, method="fifo", engine="reference")
    assert holdings.rows() == [(h.account, h.victim, h.amount) for h in ref.holdings]
    assert sorted(exits.rows()) == sorted(
        (e.transaction_id, e.victim, e.amount, e.to_account) for e in ref.exits
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exits-fifo.parquet", "holdings-fifo.parquet"]
