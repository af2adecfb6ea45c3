"""A vectorised reader for large Parquet ledgers: checks whole columns, then builds the transactions.

It vouches only for files it can check column by column (timestamps a time-zone-aware datetime
column, amounts integer minor units or plain decimal strings, no exchanges); for anything else, or
at the first sign of a problem, it returns None and io.read_ledger reads the file row by row, naming
every bad row.
"""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl

from moneytrace.ledger import Ledger, Transaction
from moneytrace.money import exponent

CHANNELS = ("transfer", "cash", "card", "crypto", "exchange")
_OPTIONAL = ("channel", "counterparty_bank", "counterparty_country", "source")


def read_parquet_fast(path: str | os.PathLike[str]) -> tuple[Ledger, pl.DataFrame] | None:
    """(the ledger without opening balances, the opening-balance rows) or None for the row-by-row path."""
    frame = pl.read_parquet(Path(path))
    cols = set(frame.columns)
    needed = {"id", "timestamp", "from_account", "to_account", "currency"}
    if not needed <= cols or not {"amount", "amount_minor"} & cols:
        return None
    stamp_type = frame.schema["timestamp"]
    if not (isinstance(stamp_type, pl.Datetime) and stamp_type.time_zone):
        return None
    if any(c in cols and frame[c].drop_nulls().len() for c in ("to_amount", "to_currency")):
        return None
    channel = pl.col("channel").fill_null("") if "channel" in cols else pl.lit("")
    opening = frame.filter(channel == "opening")
    main = frame.filter(channel != "opening")
    amounts = _minor_units(main)
    if amounts is None or not _columns_ok(main, amounts):
        return None
    optional = {c: (main[c].to_list() if c in cols else [None] * main.height) for c in _OPTIONAL}
    transactions = [
        Transaction(tx_id, ts, src, dst, amount, cur, chan or None, bank, country, None, None, source)
        for tx_id, ts, src, dst, amount, cur, chan, bank, country, source in zip(
            main["id"].to_list(),
            main["timestamp"].to_list(),
            main["from_account"].to_list(),
            main["to_account"].to_list(),
            amounts.to_list(),
            main["currency"].to_list(),
            optional["channel"],
            optional["counterparty_bank"],
            optional["counterparty_country"],
            optional["source"],
            strict=True,
        )
    ]
    return Ledger(transactions), opening


def _minor_units(frame: pl.DataFrame) -> pl.Series | None:
    """Amounts as integer minor units, exactly, or None when a value needs the row-by-row checks."""
    if "amount_minor" in frame.columns and frame.schema["amount_minor"].is_integer():
        return frame["amount_minor"].cast(pl.Int64)
    if "amount" not in frame.columns or frame.schema["amount"] != pl.String:
        return None
    currencies = frame["currency"].unique().drop_nulls().to_list()
    try:
        exps = {c: exponent(c) for c in currencies}
    except ValueError:
        return None
    if any(e > 12 for e in exps.values()):  # 18-decimal assets overflow 64-bit integers
        return None
    exp = pl.col("currency").replace_strict(exps, return_dtype=pl.Int64)
    parts = frame.select(
        ok=pl.col("amount").str.contains(r"^[0-9]+(\.[0-9]+)?$"),
        whole=pl.col("amount").str.extract(r"^([0-9]+)", 1),
        frac=pl.col("amount").str.extract(r"\.([0-9]+)$", 1).fill_null(""),
        exp=exp,
    )
    if parts.select((~pl.col("ok")).any() | (pl.col("frac").str.len_chars() > pl.col("exp")).any()).item():
        return None
    values = parts.select(
        pl.col("whole").cast(pl.Int64) * pl.lit(10, pl.Int64).pow(pl.col("exp"))
        + pl.when(pl.col("exp") > 0)
        .then(pl.col("frac").str.pad_end(16, "0").str.slice(0, pl.col("exp")).cast(pl.Int64, strict=False))
        .otherwise(0)
        .fill_null(0)
    ).to_series()
    return values


def _columns_ok(frame: pl.DataFrame, amounts: pl.Series) -> bool:
    """True when no row has a problem that the row-by-row reader would report."""
    checks = frame.select(
        pl.col("id", "timestamp", "currency").is_null().any(),
        (pl.col("from_account").is_null() & pl.col("to_account").is_null()).any().alias("no_account"),
        pl.col("id").is_duplicated().any().alias("dup"),
    ).row(0)
    if any(checks) or amounts.is_null().any() or (amounts <= 0).any():
        return False
    if "channel" in frame.columns and not frame["channel"].drop_nulls().is_in(CHANNELS).all():
        return False
    if "counterparty_country" in frame.columns:
        countries = frame["counterparty_country"].drop_nulls()
        if not countries.str.contains(r"^[A-Z]{2}$").all():
            return False
    try:
        for currency in frame["currency"].unique().to_list():
            exponent(currency)
    except ValueError:
        return False
    return frame["currency"].str.contains(r"^[A-Z]+$").all()
