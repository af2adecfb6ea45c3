"""OFX bank statements (versions 1.x SGML and 2.x XML), read with ofxtools.

ofxtools validates the whole document; when it refuses one, the problem carries its message. A
problem about one transaction names the line of that transaction's FITID in the file.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from ofxtools.Parser import OFXTree

from moneytrace.importers.base import Entry, ProblemSink, Statement, check_account
from moneytrace.ledger import Problem
from moneytrace.money import parse_amount

_CASH_TYPES = frozenset({"ATM", "CASH"})


def parse_ofx(path: str | Path, problems: list[Problem]) -> list[Statement]:
    """Every bank statement of an OFX file; every problem is appended to `problems`."""
    name = str(path)
    sink = ProblemSink(name, problems)
    try:
        raw = Path(path).read_bytes()
        tree = OFXTree()
        tree.parse(io.BytesIO(raw))
        ofx: Any = tree.convert()
    except Exception as exc:
        sink.add(None, None, f"not a readable OFX statement: {type(exc).__name__}: {exc}")
        return []
    lines = raw.decode("latin-1").splitlines()
    statements = [_statement(stmt, name, sink, lines) for stmt in getattr(ofx, "statements", [])]
    if not statements:
        sink.add(None, "STMTRS", "no bank statement found in the OFX file")
    return statements


def _line_of(lines: list[str], fitid: str | None) -> int:
    if fitid:
        for number, line in enumerate(lines, start=1):
            if f"<FITID>{fitid}" in line.replace(" ", ""):
                return number
    return 0


def _minor(value: Decimal, currency: str, sink: ProblemSink, row: int, field: str) -> int | None:
    try:
        return parse_amount(str(value), currency)
    except ValueError as exc:
        sink.add(row, field, str(exc))
        return None


def _statement(stmt: Any, name: str, sink: ProblemSink, lines: list[str]) -> Statement:
    acctid = str(stmt.account.acctid)
    account = check_account(acctid, sink, _line_of(lines, None) or None, "ACCTID") or acctid
    currency = str(stmt.curdef)
    st = Statement(account=account, currency=currency, file=name)
    for trn in stmt.banktranlist or []:
        entry = _entry(trn, st, sink, lines)
        if entry is not None:
            st.entries.append(entry)
    ledgerbal = getattr(stmt, "ledgerbal", None)
    if ledgerbal is not None:
        closing = _minor(ledgerbal.balamt, currency, sink, 0, "LEDGERBAL")
        if closing is not None:
            # OFX states only the closing balance: the opening one follows from the entries
            st.closing = closing
            st.opening = closing - sum(e.amount for e in st.entries)
    return st


def _entry(trn: Any, st: Statement, sink: ProblemSink, lines: list[str]) -> Entry | None:
    fitid = str(trn.fitid) if trn.fitid else None
    row = _line_of(lines, fitid)
    amount = _minor(trn.trnamt, st.currency, sink, row, "TRNAMT")
    if amount is None:
        return None
    if amount == 0:
        sink.add(row, "TRNAMT", "amount is zero")
        return None
    posted: datetime = trn.dtposted
    to_account = getattr(trn, "bankacctto", None)
    cp = check_account(str(to_account.acctid), sink, row, "BANKACCTTO") if to_account is not None else None
    return Entry(
        account=st.account,
        currency=st.currency,
        timestamp=posted if posted.tzinfo else posted.replace(tzinfo=UTC),
        amount=amount,
        file=st.file,
        row=row,
        counterparty_account=cp,
        counterparty_name=str(trn.name) if trn.name else None,
        reference=str(trn.memo) if trn.memo else None,
        bank_id=fitid,
        channel="cash" if str(trn.trntype) in _CASH_TYPES else None,
    )
