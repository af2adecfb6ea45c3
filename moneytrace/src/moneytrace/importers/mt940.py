"""SWIFT MT940 customer statements.

An own small parser rather than the `mt-940` package: every problem must name the line it is on,
and the package reports a bad field without its line. Supported: several statements per file
(each starting at :20:), :25: account (IBAN, optionally followed by the currency), :60F:/:60M:
opening and :62F:/:62M: closing balances, :61: statement lines (with reversals RC/RD) and :86:
details in either the German ``?20``..``?33`` subfield layout or the ``/IBAN/.../NAME/...`` layout.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from moneytrace.importers.base import Entry, ProblemSink, Statement, check_account, check_bic
from moneytrace.ledger import Problem
from moneytrace.money import parse_amount

_TAG = re.compile(r"^:(?P<tag>[0-9]{2}[A-Z]?):(?P<value>.*)$")
_BALANCE = re.compile(r"^(?P<dc>[DC])(?P<date>[0-9]{6})(?P<cur>[A-Z]{3})(?P<amount>[0-9]+,[0-9]*)$")
_LINE = re.compile(
    r"^(?P<date>[0-9]{6})(?P<entry>[0-9]{4})?(?P<dc>R?[DC])(?P<funds>[A-Z])?(?P<amount>[0-9]+,[0-9]*)"
    r"(?P<type>[A-Z][A-Z0-9]{3})(?P<custref>[^/]{0,16})(?://(?P<bankref>.{0,16}))?$"
)
_CASH = re.compile(r"\b(cash|atm|bargeld|geldautomat)", re.IGNORECASE)
_GERMAN = re.compile(r"\?([0-9]{2})")
_SLASHED_KEYS = ("IBAN", "BIC", "NAME", "REMI", "EREF", "CNTP", "BENM", "ORDP", "ADDR", "CSID", "MARF")


def _tags(text: str) -> list[tuple[int, str, str]]:
    """(line number, tag, value with continuation lines joined by newlines)."""
    tags: list[tuple[int, str, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        match = _TAG.match(line)
        if match:
            tags.append((number, match["tag"], match["value"]))
        elif line in ("-", "") or line.startswith("{") or line.startswith("}"):
            continue
        elif tags:
            n, tag, value = tags[-1]
            tags[-1] = (n, tag, value + "\n" + line)
    return tags


def _date(text: str) -> datetime:
    return datetime(2000 + int(text[:2]), int(text[2:4]), int(text[4:6]), tzinfo=UTC)


def parse_mt940(path: str | Path, problems: list[Problem]) -> list[Statement]:
    """Every statement in an MT940 file; every problem is appended to `problems`."""
    name = str(path)
    sink = ProblemSink(name, problems)
    try:
        text = Path(path).read_text(encoding="utf-8", errors="strict")
    except (OSError, UnicodeDecodeError) as exc:
        sink.add(None, None, f"cannot read the file: {exc}")
        return []
    statements: list[Statement] = []
    current: Statement | None = None
    previous = ""
    for number, tag, value in _tags(text):
        if tag == "20":
            current = Statement(account="", currency="", file=name)
            statements.append(current)
        elif current is None:
            sink.add(number, tag, "field before the first :20: (transaction reference)")
        elif tag == "86" and previous == "61" and current.entries:
            current.entries[-1] = _with_details(current.entries[-1], value, sink, number)
        else:
            _apply(current, number, tag, value, sink)
        previous = tag
    if not statements:
        sink.add(None, None, "no MT940 statement found (no :20: field)")
    for st in statements:
        if not st.account:
            sink.add(None, "25", "a statement has no :25: account identification")
    return statements


def _apply(st: Statement, number: int, tag: str, value: str, sink: ProblemSink) -> None:
    if tag == "25":
        account = value.strip()
        if re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]+[A-Z]{3}", account.replace(" ", "")) and len(account) > 25:
            account = account[:-3]  # "IBAN" followed by the currency code
        st.account = check_account(account, sink, number, "25") or ""
    elif tag in ("60F", "60M", "62F", "62M"):
        _balance(st, number, tag, value, sink)
    elif tag == "61":
        _statement_line(st, number, value, sink)


def _balance(st: Statement, number: int, tag: str, value: str, sink: ProblemSink) -> None:
    match = _BALANCE.match(value.strip())
    if match is None:
        sink.add(number, tag, f"not a balance (C/D, YYMMDD, currency, amount): {value!r}")
        return
    try:
        amount = parse_amount(match["amount"].replace(",", "."), match["cur"])
    except ValueError as exc:
        sink.add(number, tag, str(exc))
        return
    amount = -amount if match["dc"] == "D" else amount
    if st.currency and st.currency != match["cur"]:
        sink.add(number, tag, f"currency {match['cur']} differs from the statement's {st.currency}")
    st.currency = match["cur"]
    if tag.startswith("60") and st.opening is None:
        st.opening = amount
    elif tag.startswith("62"):
        st.closing, st.closing_row = amount, number


def _statement_line(st: Statement, number: int, value: str, sink: ProblemSink) -> None:
    first = value.partition("\n")[0]
    match = _LINE.match(first.strip())
    if match is None:
        sink.add(number, "61", f"not a statement line: {first!r}")
        return
    if not st.currency:
        sink.add(number, "61", "statement line before the opening balance :60F: (no currency known)")
        return
    try:
        stamp = _date(match["date"])
        amount = parse_amount(match["amount"].replace(",", "."), st.currency)
    except ValueError as exc:
        sink.add(number, "61", str(exc))
        return
    debit = match["dc"] in ("D", "RC")  # a reversed credit takes money out
    custref = (match["custref"] or "").strip()
    bank_ref = (match["bankref"] or "").strip() or None
    st.entries.append(
        Entry(
            account=st.account,
            currency=st.currency,
            timestamp=stamp,
            amount=-amount if debit else amount,
            file=st.file,
            row=number,
            reference=None if custref.upper() == "NONREF" or not custref else custref,
            bank_id=bank_ref,
        )
    )
    if amount == 0:
        sink.add(number, "61", "amount is zero")
        st.entries.pop()


def _with_details(entry: Entry, value: str, sink: ProblemSink, number: int) -> Entry:
    fields = _german_fields(value) if "?" in value[:6] else _slashed_fields(value)
    account = check_account(fields.get("account"), sink, number, "86")
    bank = fields.get("bank")
    bic = (
        check_bic(bank, sink, number, "86")
        if bank and re.fullmatch(r"[A-Za-z]{6}\w{2}(\w{3})?", bank)
        else bank
    )
    purpose = fields.get("purpose") or None
    return replace(
        entry,
        counterparty_account=account,
        counterparty_name=fields.get("name") or None,
        counterparty_bank=bic,
        reference=entry.reference or fields.get("eref") or purpose,
        channel=entry.channel or ("cash" if account is None and _CASH.search(purpose or "") else None),
    )


def _german_fields(value: str) -> dict[str, str]:
    """The ?NN subfields of a German :86: (?20-?29 purpose, ?30 bank, ?31 account, ?32/?33 name)."""
    text = value.replace("\n", "")
    parts = _GERMAN.split(text)
    found: dict[str, list[str]] = {}
    for code, content in zip(parts[1::2], parts[2::2], strict=False):
        key = {"30": "bank", "31": "account", "32": "name", "33": "name"}.get(code)
        if key is None and "20" <= code <= "29":
            key = "purpose"
        if key is None and "60" <= code <= "63":
            key = "purpose"
        if key:
            found.setdefault(key, []).append(content.strip())
    return {k: (" " if k != "account" else "").join(v).strip() for k, v in found.items()}


def _slashed_fields(value: str) -> dict[str, str]:
    """/KEY/value pairs (IBAN, BIC, NAME, REMI, EREF, CNTP=iban/bic/name/city)."""
    text = value.replace("\n", "")
    keys = "|".join(_SLASHED_KEYS)
    found: dict[str, str] = {}
    for match in re.finditer(rf"/({keys})/(.*?)(?=/(?:{keys})/|$)", text):
        key, content = match[1], match[2].strip("/ ")
        if key == "CNTP":
            parts = content.split("/")
            found.update(zip(("account", "bank", "name"), (p.strip() for p in parts), strict=False))
        elif key in ("REMI",):
            found["purpose"] = content.replace("USTD//", "").strip("/ ")
        elif key in ("EREF",):
            found["eref"] = "" if content.upper() == "NOTPROVIDED" else content
        else:
            found[{"IBAN": "account", "BIC": "bank", "NAME": "name"}.get(key, key.lower())] = content
    if not found:
        found["purpose"] = text.strip()
    return found
