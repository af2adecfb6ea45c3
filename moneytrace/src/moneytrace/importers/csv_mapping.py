"""Bank CSV exports, read through a declarative column mapping (a JSON or TOML file).

Every bank's export differs, so the mapping says how to read it. Keys (TOML shown, JSON alike)::

    account = "DE02120300000000202051"   # the statement's own account (IBAN checked)
    currency = "EUR"                     # the statement's currency (or columns.currency per row)
    delimiter = ";"                      # default ","
    encoding = "utf-8"                   # default utf-8 (a BOM is ignored)
    date_formats = ["%d.%m.%Y"]          # tried in order (strptime); default ["%Y-%m-%d"]
    timezone = "Europe/Berlin"           # for dates without an offset; default "UTC"
    decimal = ","                        # decimal separator; default "."
    thousands = "."                      # thousands separator; default none
    sign = "credit-positive"             # or "debit-positive": which sign a single amount column uses
    opening_balance = "1000,00"          # optional, in the file's own number format
    closing_balance = "1250,00"          # optional, checked against opening + entries

    [columns]
    date = "Buchungstag"
    amount = "Betrag"                    # either amount ...
    debit = "Soll"                       # ... or debit and credit (given positive or negative)
    credit = "Haben"
    counterparty_account = "IBAN"
    counterparty_name = "Name"
    counterparty_bank = "BIC"
    counterparty_country = "Land"
    reference = "Verwendungszweck"
    id = "Buchungsreferenz"
    channel = "Art"                      # values transfer|cash|card|crypto (others: problem)
    currency = "Währung"

    [direction]                          # optional: a column saying debit or credit
    column = "S/H"
    debit = ["S"]
    credit = ["H"]
"""

from __future__ import annotations

import csv
import json
import re
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from moneytrace.importers.base import Entry, ProblemSink, Statement, check_account, check_bic
from moneytrace.ledger import LedgerError, Problem
from moneytrace.money import parse_amount

COLUMN_KEYS = frozenset(
    {
        "date",
        "amount",
        "debit",
        "credit",
        "counterparty_account",
        "counterparty_name",
        "counterparty_bank",
        "counterparty_country",
        "reference",
        "id",
        "channel",
        "currency",
    }
)
CHANNELS = frozenset({"transfer", "cash", "card", "crypto"})


@dataclass(frozen=True)
class CsvMapping:
    """How to read one bank's CSV export."""

    account: str
    currency: str
    columns: dict[str, str]
    date_formats: tuple[str, ...] = ("%Y-%m-%d",)
    timezone: str = "UTC"
    decimal: str = "."
    thousands: str = ""
    sign: str = "credit-positive"
    delimiter: str = ","
    encoding: str = "utf-8-sig"
    opening_balance: str | None = None
    closing_balance: str | None = None
    direction: dict[str, Any] = field(default_factory=dict)

    def to_number(self, text: str) -> str:
        """The file's number format -> a plain decimal string ("1.234,50" -> "1234.50")."""
        cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
        if self.thousands:
            cleaned = cleaned.replace(self.thousands, "")
        if self.decimal != ".":
            cleaned = cleaned.replace(self.decimal, ".")
        if cleaned.endswith("-"):  # "100,00-": a trailing minus
            cleaned = "-" + cleaned[:-1]
        return cleaned.lstrip("+")


def load_mapping(path: str | Path) -> CsvMapping:
    """Read and check a mapping file (JSON or TOML by suffix); LedgerError names every bad key."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
        data = tomllib.loads(raw.decode()) if name.endswith(".toml") else json.loads(raw)
    except (OSError, ValueError) as exc:
        raise LedgerError(Problem(name, None, None, f"cannot read the mapping: {exc}")) from exc
    if not isinstance(data, dict):
        raise LedgerError(Problem(name, None, None, "the mapping must be an object / table"))
    return mapping_from_dict(data, name)


def mapping_from_dict(data: dict[str, Any], name: str = "mapping") -> CsvMapping:
    """Check a mapping given as a dict; LedgerError names every bad key."""
    problems: list[Problem] = []

    def bad(key: str, message: str) -> None:
        problems.append(Problem(name, None, key, message))

    columns = data.get("columns")
    if not isinstance(columns, dict) or not all(isinstance(v, str) for v in columns.values()):
        bad("columns", "a table of column names is required")
        columns = {}
    for key in set(columns) - COLUMN_KEYS:
        bad(f"columns.{key}", f"unknown column key (known: {', '.join(sorted(COLUMN_KEYS))})")
    if "date" not in columns:
        bad("columns.date", "the date column is required")
    has_amount, has_split = "amount" in columns, "debit" in columns and "credit" in columns
    if has_amount == has_split:
        bad("columns.amount", "give either amount or both debit and credit")
    for key in ("account", "currency"):
        if not isinstance(data.get(key), str) or not data.get(key):
            bad(key, "required")
    if data.get("sign", "credit-positive") not in ("credit-positive", "debit-positive"):
        bad("sign", "must be credit-positive or debit-positive")
    try:
        ZoneInfo(str(data.get("timezone", "UTC")))
    except (ZoneInfoNotFoundError, ValueError):
        bad("timezone", f"unknown time zone {data.get('timezone')!r}")
    formats = data.get("date_formats", ["%Y-%m-%d"])
    if isinstance(formats, str):
        formats = [formats]
    if problems:
        raise LedgerError(problems)
    return CsvMapping(
        account=data["account"],
        currency=str(data["currency"]).upper(),
        columns=dict(columns),
        date_formats=tuple(formats),
        timezone=str(data.get("timezone", "UTC")),
        decimal=str(data.get("decimal", ".")),
        thousands=str(data.get("thousands", "")),
        sign=str(data.get("sign", "credit-positive")),
        delimiter=str(data.get("delimiter", ",")),
        encoding=str(data.get("encoding", "utf-8-sig")),
        opening_balance=data.get("opening_balance"),
        closing_balance=data.get("closing_balance"),
        direction=dict(data.get("direction", {})),
    )


def parse_csv(path: str | Path, mapping: CsvMapping, problems: list[Problem]) -> list[Statement]:
    """One statement from a bank CSV; every problem is appended to `problems`."""
    name = str(path)
    sink = ProblemSink(name, problems)
    account = check_account(mapping.account, ProblemSink("mapping", problems), None, "account") or ""
    statement = Statement(account=account, currency=mapping.currency, file=name)
    statement.opening = _balance(mapping.opening_balance, mapping, sink, "opening_balance")
    statement.closing = _balance(mapping.closing_balance, mapping, sink, "closing_balance")
    try:
        with open(path, newline="", encoding=mapping.encoding) as handle:
            reader = csv.DictReader(handle, delimiter=mapping.delimiter)
            header = [h.strip() for h in reader.fieldnames or []]
            reader.fieldnames = header
            missing = [(k, c) for k, c in mapping.columns.items() if c not in header]
            for key, col in missing:
                sink.add(0, col, f"column {col!r} (mapped as {key}) is not in the header")
            if missing:
                return [statement]
            for row, record in enumerate(reader, start=1):
                entry = _entry(record, row, mapping, statement, sink)
                if entry is not None:
                    statement.entries.append(entry)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        sink.add(None, None, f"cannot read the file: {exc}")
    return [statement]


def _balance(text: str | None, mapping: CsvMapping, sink: ProblemSink, key: str) -> int | None:
    if text is None:
        return None
    try:
        return parse_amount(mapping.to_number(str(text)), mapping.currency)
    except ValueError as exc:
        sink.add(None, key, str(exc))
        return None


def _cell(record: dict[str, str | None], mapping: CsvMapping, key: str) -> str | None:
    column = mapping.columns.get(key)
    value = (record.get(column) or "").strip() if column else ""
    return value or None


def _entry(
    record: dict[str, str | None], row: int, mapping: CsvMapping, st: Statement, sink: ProblemSink
) -> Entry | None:
    before = len(sink.problems)
    currency = (_cell(record, mapping, "currency") or mapping.currency).upper()
    if currency != mapping.currency:
        sink.add(
            row,
            mapping.columns["currency"],
            f"currency {currency} differs from the statement's {mapping.currency}",
        )
    stamp = _date(record, row, mapping, sink)
    amount = _signed_amount(record, row, mapping, sink)
    cp_col = mapping.columns.get("counterparty_account", "counterparty_account")
    cp = check_account(_cell(record, mapping, "counterparty_account"), sink, row, cp_col)
    bank = check_bic(
        _cell(record, mapping, "counterparty_bank"), sink, row, mapping.columns.get("counterparty_bank", "")
    )
    channel = _cell(record, mapping, "channel")
    if channel is not None and channel.lower() not in CHANNELS:
        sink.add(row, mapping.columns["channel"], f"unknown channel {channel!r}")
    if len(sink.problems) > before or stamp is None or amount is None:
        return None
    country = _cell(record, mapping, "counterparty_country")
    return Entry(
        account=st.account,
        currency=currency,
        timestamp=stamp,
        amount=amount,
        file=st.file,
        row=row,
        counterparty_account=cp,
        counterparty_name=_cell(record, mapping, "counterparty_name"),
        counterparty_bank=bank,
        counterparty_country=country.upper() if country else None,
        reference=_cell(record, mapping, "reference"),
        bank_id=_cell(record, mapping, "id"),
        channel=channel.lower() if channel else None,
    )


def _date(record: dict[str, str | None], row: int, mapping: CsvMapping, sink: ProblemSink) -> datetime | None:
    column = mapping.columns["date"]
    text = _cell(record, mapping, "date")
    if text is None:
        sink.add(row, column, "date is empty")
        return None
    for fmt in mapping.date_formats:
        try:
            stamp = datetime.strptime(text, fmt)  # noqa: DTZ007 - the zone is attached just below
        except ValueError:
            continue
        return stamp if stamp.tzinfo else stamp.replace(tzinfo=ZoneInfo(mapping.timezone))
    sink.add(row, column, f"cannot parse date {text!r} with {' or '.join(mapping.date_formats)}")
    return None


def _signed_amount(
    record: dict[str, str | None], row: int, mapping: CsvMapping, sink: ProblemSink
) -> int | None:
    if "amount" in mapping.columns:
        column = mapping.columns["amount"]
        value = _number(_cell(record, mapping, "amount"), row, column, mapping, sink)
        if value is None:
            return None
        value = -value if mapping.sign == "debit-positive" else value
        return _directed(record, row, mapping, sink, value)
    before = len(sink.problems)
    debit = _number(
        _cell(record, mapping, "debit"), row, mapping.columns["debit"], mapping, sink, optional=True
    )
    credit = _number(
        _cell(record, mapping, "credit"), row, mapping.columns["credit"], mapping, sink, optional=True
    )
    if len(sink.problems) > before:
        return None
    if debit and credit:
        sink.add(row, mapping.columns["debit"], "both debit and credit are filled")
        return None
    if not debit and not credit:
        sink.add(row, mapping.columns["debit"], "neither debit nor credit is filled")
        return None
    return -abs(debit) if debit else abs(credit or 0)


def _directed(
    record: dict[str, str | None], row: int, mapping: CsvMapping, sink: ProblemSink, value: int
) -> int | None:
    if not mapping.direction:
        if value == 0:
            sink.add(row, mapping.columns["amount"], "amount is zero")
            return None
        return value
    column = str(mapping.direction.get("column", ""))
    marker = (record.get(column) or "").strip()
    if marker in mapping.direction.get("debit", []):
        return -abs(value)
    if marker in mapping.direction.get("credit", []):
        return abs(value)
    sink.add(row, column, f"direction {marker!r} is neither debit nor credit")
    return None


def _number(
    text: str | None, row: int, column: str, mapping: CsvMapping, sink: ProblemSink, *, optional: bool = False
) -> int | None:
    if text is None:
        if not optional:
            sink.add(row, column, "amount is empty")
        return None
    cleaned = mapping.to_number(text)
    if not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", cleaned):
        sink.add(row, column, f"not an amount: {text!r}")
        return None
    try:
        return parse_amount(cleaned, mapping.currency)
    except ValueError as exc:
        sink.add(row, column, str(exc))
        return None
