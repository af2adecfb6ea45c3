"""Ledger files: read and write the ledger (CSV or Parquet) and the victims file, atomically.

The ledger CSV has the header ``id,timestamp,from_account,to_account,amount,currency`` and may carry
the optional columns ``channel,counterparty_bank,counterparty_country,to_amount,to_currency,source``
(any other column is ignored on reading). Amounts are decimal strings in the currency's own precision;
an empty account cell is None; timestamps are ISO 8601 with an offset (naive ones are refused).

Opening balances travel in the same file as rows whose ``channel`` is ``opening``: ``to_account`` is
the account, ``amount`` the balance, ``from_account`` empty. They are not transactions and never
reach ``Ledger.transactions``.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from moneytrace.io_write import (
    CHANNELS,
    OPENING,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    _is_parquet,
    atomic_output,
    ledger_records,
    write_csv,
    write_ledger,
)
from moneytrace.ledger import Ledger, LedgerError, Problem, Transaction
from moneytrace.money import format_amount, parse_amount

__all__ = [
    "CHANNELS",
    "OPENING",
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "atomic_output",
    "check_victims",
    "ledger_records",
    "read_extra_columns",
    "read_ledger",
    "read_victims",
    "write_csv",
    "write_ledger",
]

# ---------------------------------------------------------------------------------------------- reading


def read_ledger(path: str | os.PathLike[str]) -> Ledger:
    """Read a ledger from CSV or Parquet (by suffix); LedgerError lists every bad row."""
    name = str(path)
    if _is_parquet(path):
        fast = _read_parquet_fast(name)
        if fast is not None:
            return fast
    try:
        rows = _parquet_rows(path) if _is_parquet(path) else _csv_rows(path)
        header, records = rows
    except (OSError, UnicodeDecodeError, csv.Error, ValueError) as exc:
        raise LedgerError(Problem(name, None, None, f"cannot read the file: {exc}")) from exc
    missing = [col for col in REQUIRED_COLUMNS if col not in header]
    if missing:
        raise LedgerError([Problem(name, 0, col, "required column is missing") for col in missing])
    return _build_ledger(name, records)


def _read_parquet_fast(name: str) -> Ledger | None:
    """The vectorised reader when it can vouch for the file; opening rows go through the row checks."""
    from moneytrace.io_fast import read_parquet_fast

    try:
        fast = read_parquet_fast(name)
    except (OSError, ValueError):
        return None  # the row-by-row reader reports what is wrong
    if fast is None:
        return None
    ledger, opening_rows = fast
    problems: list[Problem] = []
    for row, record in enumerate(opening_rows.iter_rows(named=True), start=1):
        parser = _RowParser(name, row, record)
        parser.opening_into(ledger.opening_balances)
        problems.extend(parser.problems)
    return None if problems else ledger


def _csv_rows(path: str | os.PathLike[str]) -> tuple[list[str], Iterator[dict[str, Any]]]:
    handle = open(path, newline="", encoding="utf-8-sig")  # noqa: SIM115 - closed by the generator
    reader = csv.DictReader(handle)
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header

    def records() -> Iterator[dict[str, Any]]:
        with handle:
            yield from reader

    return header, records()


def _parquet_rows(path: str | os.PathLike[str]) -> tuple[list[str], Iterator[dict[str, Any]]]:
    import polars as pl

    frame = pl.read_parquet(Path(path))
    header = list(frame.columns)
    if "amount_minor" in header and "amount" not in header:
        header.append("amount")
    return header, frame.iter_rows(named=True)


def _build_ledger(name: str, records: Iterator[dict[str, Any]]) -> Ledger:
    problems: list[Problem] = []
    transactions: list[Transaction] = []
    opening: dict[str, dict[str, int]] = {}
    seen: set[str] = set()
    for row, record in enumerate(records, start=1):
        parser = _RowParser(name, row, record)
        if parser.text("channel") == OPENING:
            parser.opening_into(opening)
        else:
            tx = parser.transaction()
            if tx is not None and tx.id in seen:
                parser.problem("id", f"duplicate transaction id {tx.id!r}")
            elif tx is not None:
                seen.add(tx.id)
                transactions.append(tx)
        problems.extend(parser.problems)
    if problems:
        raise LedgerError(problems)
    return Ledger(transactions, opening)


class _RowParser:
    """Parse one ledger row, collecting a Problem for every bad field."""

    def __init__(self, file: str, row: int, record: Mapping[str, Any]) -> None:
        self.file, self.row, self.record = file, row, record
        self.problems: list[Problem] = []

    def problem(self, field: str, message: str) -> None:
        self.problems.append(Problem(self.file, self.row, field, message))

    def text(self, field: str) -> str | None:
        value = self.record.get(field)
        if value is None:
            return None
        value = str(value).strip()
        return value or None

    def currency(self, field: str) -> str | None:
        code = self.text(field)
        if code is None:
            self.problem(field, "currency is empty")
            return None
        try:
            format_amount(0, code)
        except ValueError as exc:
            self.problem(field, str(exc))
            return None
        return code.upper()

    def amount(self, field: str, currency: str | None, *, minor_field: str | None = None) -> int | None:
        minor = self.record.get(minor_field) if minor_field else None
        if minor is not None and self.record.get(field) in (None, ""):
            value = int(minor)
        else:
            text = self.text(field)
            if text is None:
                self.problem(field, "amount is empty")
                return None
            if currency is None:
                return None
            try:
                value = parse_amount(text, currency)
            except ValueError as exc:
                self.problem(field, str(exc))
                return None
        if value <= 0:
            self.problem(field, f"amount must be positive, got {self.record.get(field) or value}")
            return None
        return value

    def timestamp(self) -> datetime | None:
        raw = self.record.get("timestamp")
        if isinstance(raw, datetime):
            stamp = raw
        else:
            text = self.text("timestamp")
            if text is None:
                self.problem("timestamp", "timestamp is empty")
                return None
            try:
                stamp = datetime.fromisoformat(text)
            except ValueError:
                self.problem("timestamp", f"not an ISO 8601 timestamp: {text!r}")
                return None
        if stamp.tzinfo is None or stamp.utcoffset() is None:
            self.problem("timestamp", f"timestamp {str(raw)!r} has no time zone offset")
            return None
        return stamp

    def transaction(self) -> Transaction | None:
        tx_id = self.text("id")
        if tx_id is None:
            self.problem("id", "id is empty")
        stamp = self.timestamp()
        currency = self.currency("currency")
        amount = self.amount("amount", currency, minor_field="amount_minor")
        from_account, to_account = self.text("from_account"), self.text("to_account")
        if from_account is None and to_account is None:
            self.problem("from_account", "both from_account and to_account are empty")
        channel = self.text("channel")
        if channel is not None and channel not in CHANNELS:
            self.problem("channel", f"unknown channel {channel!r} (one of {', '.join(sorted(CHANNELS))})")
        country = self.text("counterparty_country")
        if country is not None and not (len(country) == 2 and country.isalpha()):
            self.problem("counterparty_country", f"not an ISO 3166 alpha-2 code: {country!r}")
        to_currency, to_amount = self._exchange(channel)
        if self.problems or tx_id is None or stamp is None or currency is None or amount is None:
            return None
        return Transaction(
            id=tx_id,
            timestamp=stamp,
            from_account=from_account,
            to_account=to_account,
            amount=amount,
            currency=currency,
            channel=channel,
            counterparty_bank=self.text("counterparty_bank"),
            counterparty_country=country.upper() if country else None,
            to_amount=to_amount,
            to_currency=to_currency,
            source=self.text("source"),
        )

    def _exchange(self, channel: str | None) -> tuple[str | None, int | None]:
        has_target = self.text("to_currency") is not None or self.text("to_amount") is not None
        if channel != "exchange" and not has_target:
            return None, None
        if channel != "exchange":
            self.problem("channel", "to_amount/to_currency are only allowed on an exchange")
            return None, None
        to_currency = self.currency("to_currency")
        return to_currency, self.amount("to_amount", to_currency)

    def opening_into(self, opening: dict[str, dict[str, int]]) -> None:
        account = self.text("to_account")
        if account is None:
            self.problem("to_account", "an opening balance row needs to_account")
        currency = self.currency("currency")
        text = self.text("amount")
        if text is None or currency is None or account is None:
            if text is None:
                self.problem("amount", "amount is empty")
            return
        try:
            value = parse_amount(text, currency)
        except ValueError as exc:
            self.problem("amount", str(exc))
            return
        balances = opening.setdefault(account, {})
        if currency in balances:
            self.problem("to_account", f"second opening balance for {account} in {currency}")
        balances[currency] = value


def read_victims(path: str | os.PathLike[str]) -> dict[str, str]:
    """Read ``transaction_id,victim`` rows into {transaction_id: victim}; LedgerError on bad rows."""
    name = str(path)
    problems: list[Problem] = []
    victims: dict[str, str] = {}
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = [h.strip() for h in (reader.fieldnames or [])]
            reader.fieldnames = header
            for col in ("transaction_id", "victim"):
                if col not in header:
                    problems.append(Problem(name, 0, col, "required column is missing"))
            if problems:
                raise LedgerError(problems)
            for row, record in enumerate(reader, start=1):
                _victim_row(name, row, record, victims, problems)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise LedgerError(Problem(name, None, None, f"cannot read the file: {exc}")) from exc
    if problems:
        raise LedgerError(problems)
    return victims


def _victim_row(
    name: str, row: int, record: Mapping[str, str | None], victims: dict[str, str], problems: list[Problem]
) -> None:
    tx_id = (record.get("transaction_id") or "").strip()
    victim = (record.get("victim") or "").strip()
    if not tx_id:
        problems.append(Problem(name, row, "transaction_id", "transaction_id is empty"))
    if not victim:
        problems.append(Problem(name, row, "victim", "victim is empty"))
    if tx_id in victims and victims[tx_id] != victim:
        problems.append(Problem(name, row, "transaction_id", f"{tx_id!r} is already given to another victim"))
    if tx_id and victim:
        victims[tx_id] = victim


def _victim_rows(path: str) -> dict[str, int]:
    """transaction_id -> the row it is first named on, for messages (empty when unreadable)."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            reader.fieldnames = [h.strip() for h in reader.fieldnames or []]
            found: dict[str, int] = {}
            for row, record in enumerate(reader, start=1):
                found.setdefault((record.get("transaction_id") or "").strip(), row)
            return found
    except (OSError, UnicodeDecodeError, csv.Error):
        return {}


def check_victims(victims: Mapping[str, str], ledger: Ledger, victims_file: str) -> list[Problem]:
    """A Problem for each victim transaction that is not in the ledger or does not enter an account."""
    by_id = {tx.id: tx for tx in ledger.transactions}
    rows = _victim_rows(victims_file)
    problems: list[Problem] = []
    for position, tx_id in enumerate(victims, start=1):
        row = rows.get(tx_id, position)
        tx = by_id.get(tx_id)
        if tx is None:
            problems.append(
                Problem(victims_file, row, "transaction_id", f"no transaction {tx_id!r} in the ledger")
            )
        elif tx.to_account is None:
            problems.append(
                Problem(victims_file, row, "transaction_id", f"transaction {tx_id!r} pays into no account")
            )
    return problems


def read_extra_columns(path: str | os.PathLike[str], columns: Sequence[str]) -> dict[str, dict[str, str]]:
    """Optional columns of a ledger file per transaction id (e.g. counterparty names from an import)."""
    if _is_parquet(path):
        import polars as pl

        frame = pl.read_parquet(Path(path))
        wanted = [c for c in columns if c in frame.columns]
        records: Iterator[dict[str, Any]] = frame.select(["id", *wanted]).iter_rows(named=True)
    else:
        _, records = _csv_rows(path)
    extra: dict[str, dict[str, str]] = {}
    for record in records:
        values = {c: str(record[c]) for c in columns if record.get(c)}
        if values and record.get("id"):
            extra[str(record["id"])] = values
    return extra
