"""Writing ledger files atomically (temp file + rename): CSV, or Parquet by suffix.

The column layout is described in moneytrace.io; io re-exports everything here.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from moneytrace.ledger import Ledger, Transaction
from moneytrace.money import format_amount

REQUIRED_COLUMNS = ("id", "timestamp", "from_account", "to_account", "amount", "currency")
OPTIONAL_COLUMNS = (
    "channel",
    "counterparty_bank",
    "counterparty_country",
    "to_amount",
    "to_currency",
    "source",
)
CHANNELS = frozenset({"transfer", "cash", "card", "crypto", "exchange"})
OPENING = "opening"


@contextmanager
def atomic_output(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside `path`; rename it over `path` only if the block succeeds."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _is_parquet(path: str | os.PathLike[str]) -> bool:
    return Path(path).suffix.lower() in {".parquet", ".pq"}


def ledger_records(
    ledger: Ledger, extra: Mapping[str, Mapping[str, str]] | None = None
) -> tuple[list[str], list[dict[str, str]]]:
    """The ledger as CSV-ready rows (opening balances first), with extra columns per transaction id."""
    extra = extra or {}
    extra_cols = sorted(
        {col for cols in extra.values() for col in cols} - set(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)
    )
    header = [*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS, *extra_cols]
    first = min((tx.timestamp for tx in ledger.transactions), default=datetime(1970, 1, 1, tzinfo=UTC))
    rows = [
        _opening_record(acc, cur, amount, first)
        for acc, bal in ledger.opening_balances.items()
        for cur, amount in bal.items()
    ]
    for tx in ledger.transactions:
        record = _tx_record(tx)
        record.update({k: v for k, v in extra.get(tx.id, {}).items() if k in extra_cols})
        rows.append(record)
    return header, rows


def _opening_record(account: str, currency: str, amount: int, when: datetime) -> dict[str, str]:
    return {
        "id": f"opening:{account}:{currency}",
        "timestamp": when.isoformat(),
        "from_account": "",
        "to_account": account,
        "amount": format_amount(amount, currency),
        "currency": currency,
        "channel": OPENING,
    }


def _tx_record(tx: Transaction) -> dict[str, str]:
    return {
        "id": tx.id,
        "timestamp": tx.timestamp.isoformat(),
        "from_account": tx.from_account or "",
        "to_account": tx.to_account or "",
        "amount": format_amount(tx.amount, tx.currency),
        "currency": tx.currency,
        "channel": tx.channel or "",
        "counterparty_bank": tx.counterparty_bank or "",
        "counterparty_country": tx.counterparty_country or "",
        "to_amount": format_amount(tx.to_amount, tx.to_currency)
        if tx.to_amount is not None and tx.to_currency
        else "",
        "to_currency": tx.to_currency or "",
        "source": tx.source or "",
    }


def write_ledger(
    ledger: Ledger,
    path: str | os.PathLike[str],
    *,
    extra: Mapping[str, Mapping[str, str]] | None = None,
) -> None:
    """Write the ledger as CSV or Parquet (by suffix), atomically: no partial file on error."""
    header, rows = ledger_records(ledger, extra)
    with atomic_output(path) as tmp:
        if _is_parquet(path):
            _write_parquet(tmp, header, rows, [datetime.fromisoformat(r["timestamp"]) for r in rows])
        else:
            write_csv(tmp, header, rows)


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Mapping[str, str]]) -> None:
    """Write rows under `header` to `path` as UTF-8 CSV (missing cells empty)."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(header), restval="", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def _write_parquet(
    path: Path, header: Sequence[str], rows: Sequence[Mapping[str, str]], stamps: Sequence[datetime]
) -> None:
    """Strings for every column (amounts stay exact decimal strings) but a UTC datetime timestamp."""
    import polars as pl

    columns = {col: [row.get(col) or None for row in rows] for col in header if col != "timestamp"}
    frame = pl.DataFrame(columns, schema={c: pl.String for c in header if c != "timestamp"})
    stamp = pl.Series("timestamp", [s.astimezone(UTC) for s in stamps], dtype=pl.Datetime("us", "UTC"))
    frame.insert_column(1, stamp).write_parquet(path)
