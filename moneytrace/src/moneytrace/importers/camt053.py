"""ISO 20022 camt.053 bank-to-customer statements (any version: namespaces are ignored).

Parsed with defusedxml, which refuses entity expansion and external references (XML bombs). A
problem names the line of the element it concerns. Booked entries only (``Sts`` BOOK, or no status);
a batch entry with several ``TxDtls`` that carry their own amounts becomes one entry per detail.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import defusedxml.ElementTree as DET
from defusedxml import DefusedXmlException

from moneytrace.importers.base import Entry, ProblemSink, Statement, check_account, check_bic
from moneytrace.ledger import Problem
from moneytrace.money import parse_amount


class _LineBuilder(ET.TreeBuilder):
    """A tree builder that remembers the line where each element starts."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[int, int] = {}
        self.expat: object | None = None

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        element = super().start(_local(tag), attrs)
        self.lines[id(element)] = int(getattr(self.expat, "CurrentLineNumber", 0))
        return element


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


@dataclass
class _Ctx:
    sink: ProblemSink
    lines: dict[int, int]

    def line(self, element: ET.Element | None) -> int | None:
        return None if element is None else self.lines.get(id(element))


def _text(element: ET.Element | None, path: str) -> str | None:
    if element is None:
        return None
    found = element.find(path)
    return found.text.strip() if found is not None and found.text and found.text.strip() else None


def parse_camt053(path: str | Path, problems: list[Problem]) -> list[Statement]:
    """Every statement (``Stmt``) of a camt.053 file; every problem is appended to `problems`."""
    name = str(path)
    sink = ProblemSink(name, problems)
    builder = _LineBuilder()
    parser = DET.DefusedXMLParser(target=builder, forbid_dtd=True)
    builder.expat = parser.parser
    try:
        parser.feed(Path(path).read_bytes())
        root = parser.close()
    except (OSError, ET.ParseError, DefusedXmlException) as exc:
        sink.add(getattr(exc, "position", (None,))[0], None, f"not a readable XML statement: {exc}")
        return []
    ctx = _Ctx(sink, builder.lines)
    statements = [_statement(stmt, name, ctx) for stmt in root.iter("Stmt")]
    if not statements:
        sink.add(None, "Stmt", "no camt.053 statement (Stmt) found")
    return statements


def _statement(stmt: ET.Element, name: str, ctx: _Ctx) -> Statement:
    acct = stmt.find("Acct")
    iban = _text(acct, "Id/IBAN") or _text(acct, "Id/Othr/Id")
    if iban is None:
        ctx.sink.add(ctx.line(acct if acct is not None else stmt), "Acct/Id/IBAN", "statement has no account")
    account = check_account(iban, ctx.sink, ctx.line(acct), "Acct/Id/IBAN") or ""
    currency = _text(acct, "Ccy") or ""
    st = Statement(account=account, currency=currency, file=name)
    for bal in stmt.findall("Bal"):
        _balance(st, bal, ctx)
    for ntry in stmt.findall("Ntry"):
        st.entries.extend(_entries(st, ntry, ctx))
    return st


def _amount(element: ET.Element | None, st: Statement, ctx: _Ctx, field: str) -> int | None:
    if element is None:
        return None
    currency = element.get("Ccy") or st.currency
    if not st.currency:
        st.currency = currency
    if currency != st.currency:
        ctx.sink.add(
            ctx.line(element), field, f"currency {currency} differs from the statement's {st.currency}"
        )
        return None
    try:
        return parse_amount((element.text or "").strip(), currency)
    except ValueError as exc:
        ctx.sink.add(ctx.line(element), field, str(exc))
        return None


def _balance(st: Statement, bal: ET.Element, ctx: _Ctx) -> None:
    code = _text(bal, "Tp/CdOrPrtry/Cd")
    amount = _amount(bal.find("Amt"), st, ctx, "Bal/Amt")
    if amount is None:
        return
    amount = -amount if _text(bal, "CdtDbtInd") == "DBIT" else amount
    if code in ("OPBD", "PRCD") and st.opening is None:
        st.opening = amount
    elif code == "CLBD":
        st.closing, st.closing_row = amount, ctx.line(bal)


def _booking_time(ntry: ET.Element, ctx: _Ctx) -> datetime | None:
    text = _text(ntry, "BookgDt/DtTm") or _text(ntry, "BookgDt/Dt") or _text(ntry, "ValDt/Dt")
    if text is None:
        ctx.sink.add(ctx.line(ntry), "BookgDt", "entry has no booking date")
        return None
    try:
        stamp = datetime.fromisoformat(text)
    except ValueError:
        ctx.sink.add(ctx.line(ntry.find("BookgDt")), "BookgDt", f"cannot parse date {text!r}")
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def _entries(st: Statement, ntry: ET.Element, ctx: _Ctx) -> list[Entry]:
    status = _text(ntry, "Sts/Cd") or _text(ntry, "Sts")
    if status not in (None, "BOOK"):
        return []
    stamp = _booking_time(ntry, ctx)
    indicator = _text(ntry, "CdtDbtInd")
    if indicator not in ("CRDT", "DBIT"):
        ctx.sink.add(ctx.line(ntry), "CdtDbtInd", f"must be CRDT or DBIT, got {indicator!r}")
        return []
    reversal = _text(ntry, "RvslInd") == "true"
    debit = (indicator == "DBIT") != reversal
    details = ntry.findall("NtryDtls/TxDtls")
    split = len(details) > 1 and all(d.find("AmtDtls/TxAmt/Amt") is not None for d in details)
    parts = (
        [(d, d.find("AmtDtls/TxAmt/Amt")) for d in details]
        if split
        else [(details[0] if details else None, ntry.find("Amt"))]
    )
    entries: list[Entry] = []
    for number, (tx, amt_el) in enumerate(parts):
        amount = _amount(amt_el, st, ctx, "Amt")
        if amt_el is None:
            ctx.sink.add(ctx.line(ntry), "Amt", "entry has no amount")
        if amount is None or stamp is None:
            continue
        entries.append(_entry(st, ntry, tx, -amount if debit else amount, stamp, debit, ctx, number))
    return entries


def _entry(
    st: Statement,
    ntry: ET.Element,
    tx: ET.Element | None,
    amount: int,
    stamp: datetime,
    debit: bool,
    ctx: _Ctx,
    n: int,
) -> Entry:
    side, agent = ("Cdtr", "CdtrAgt") if debit else ("Dbtr", "DbtrAgt")
    line = ctx.line(tx if tx is not None else ntry) or 0
    account = _text(tx, f"RltdPties/{side}Acct/Id/IBAN") or _text(tx, f"RltdPties/{side}Acct/Id/Othr/Id")
    bic = _text(tx, f"RltdAgts/{agent}/FinInstnId/BICFI") or _text(tx, f"RltdAgts/{agent}/FinInstnId/BIC")
    name = _text(tx, f"RltdPties/{side}/Nm") or _text(tx, f"RltdPties/{side}/Pty/Nm")
    e2e = _text(tx, "Refs/EndToEndId")
    svcr = _text(tx, "Refs/AcctSvcrRef") or _text(ntry, "AcctSvcrRef")
    return Entry(
        account=st.account,
        currency=st.currency,
        timestamp=stamp,
        amount=amount,
        file=st.file,
        row=line,
        counterparty_account=check_account(account, ctx.sink, line, f"RltdPties/{side}Acct"),
        counterparty_name=name,
        counterparty_bank=check_bic(bic, ctx.sink, line, f"RltdAgts/{agent}"),
        reference=(None if e2e in (None, "NOTPROVIDED") else e2e) or _text(tx, "RmtInf/Ustrd"),
        bank_id=f"{svcr}/{n}" if svcr and n else svcr,
    )
