"""What every importer produces: statement entries with provenance, and the validation report."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

from moneytrace.ledger import Problem
from moneytrace.money import format_amount


@dataclass(frozen=True, slots=True)
class Entry:
    """One booked line of a statement, seen from the statement's own account (+ credit, - debit)."""

    account: str
    currency: str
    timestamp: datetime
    amount: int  # signed minor units: positive credits the account, negative debits it
    file: str
    row: int
    counterparty_account: str | None = None
    counterparty_name: str | None = None
    counterparty_bank: str | None = None
    counterparty_country: str | None = None
    reference: str | None = None
    bank_id: str | None = None  # the bank's own reference of the booking, if any
    channel: str | None = None
    to_amount: int | None = None  # exchanges only: amount credited in to_currency
    to_currency: str | None = None

    @property
    def source(self) -> str:
        """Provenance "file:row" for the court schedule."""
        return f"{Path(self.file).name}:{self.row}"


@dataclass
class Statement:
    """The entries of one account in one file, with its balances when the format states them."""

    account: str
    currency: str
    file: str
    entries: list[Entry] = field(default_factory=list)
    opening: int | None = None
    closing: int | None = None
    closing_row: int | None = None


@dataclass
class ImportReport:
    """Everything an import found: every problem by file, row and field, and what was built."""

    files: list[str]
    problems: list[Problem] = field(default_factory=list)
    statements: int = 0
    entries: int = 0
    transactions: int = 0
    merged_transfers: int = 0
    details: dict[str, dict[str, str]] = field(default_factory=dict)  # tx id -> extra ledger columns

    @property
    def ok(self) -> bool:
        """True when the import found no problem at all."""
        return not self.problems

    def summary(self) -> str:
        """One line of counts, for the command line."""
        return (
            f"{len(self.files)} file(s), {self.statements} statement(s), {self.entries} entries -> "
            f"{self.transactions} transactions ({self.merged_transfers} transfers seen in both statements), "
            f"{len(self.problems)} problem(s)"
        )


class ProblemSink:
    """Collects the problems of one file."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file, self.problems = file, problems

    def add(self, row: int | None, field_name: str | None, message: str) -> None:
        self.problems.append(Problem(self.file, row, field_name, message))


_IBAN_SHAPE = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{8,30}$")


def clean_account(text: str | None) -> str | None:
    """Drop spaces from an account identifier (upper-cased when shaped like an IBAN); None for empty."""
    if text is None:
        return None
    compact = re.sub(r"\s+", "", text)
    if _IBAN_SHAPE.match(compact.upper()) and compact[:2].isalpha():
        return compact.upper()
    return compact or None


def check_account(text: str | None, sink: ProblemSink, row: int | None, field_name: str) -> str | None:
    """Normalise an account; anything shaped like an IBAN must pass the IBAN checks."""
    account = clean_account(text)
    if account is None or not _IBAN_SHAPE.match(account):
        return account
    try:
        return str(IBAN(account).compact)
    except SchwiftyException as exc:
        sink.add(row, field_name, f"invalid IBAN {account!r}: {exc}")
        return account


def check_bic(text: str | None, sink: ProblemSink, row: int | None, field_name: str) -> str | None:
    """Normalise and validate a BIC (8 or 11 characters)."""
    cleaned = None if text is None else re.sub(r"\s+", "", text).upper() or None
    if cleaned is None:
        return None
    try:
        return str(BIC(cleaned))
    except SchwiftyException as exc:
        sink.add(row, field_name, f"invalid BIC {cleaned!r}: {exc}")
        return cleaned


def country_of(account: str | None) -> str | None:
    """The country of an IBAN (its first two letters), None for anything else."""
    if account is None or not _IBAN_SHAPE.match(account):
        return None
    return account[:2]


def transaction_id(entry: Entry, *, with_row: bool = False) -> str:
    """Deterministic id: a hash of the bank's reference, else of account, date, amount and row."""
    if entry.bank_id and not with_row:
        basis = f"{entry.account}|ref|{entry.bank_id}"
    else:
        amount = format_amount(entry.amount, entry.currency)
        basis = (
            f"{entry.account}|{entry.timestamp.isoformat()}|{amount}|{entry.currency}|"
            f"{Path(entry.file).name}|{entry.row}"
        )
    return "tx-" + hashlib.sha256(basis.encode()).hexdigest()[:16]
