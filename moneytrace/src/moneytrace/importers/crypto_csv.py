"""A generic crypto-exchange export: deposits, withdrawals and trades of exchange accounts.

Header (comma-separated)::

    timestamp,type,account,asset,amount,fee,fee_asset,tx_hash,address,to_asset,to_amount

- ``timestamp``: ISO 8601 with an offset; ``type``: deposit | withdrawal | trade;
- ``account``: the customer account at the exchange (e.g. ``exchange:UID123``);
- ``asset``/``amount``: what came in (deposit), went out (withdrawal) or was sold (trade), positive;
- ``fee``/``fee_asset``: optional fee charged to the account (``fee_asset`` defaults to ``asset``),
  recorded as its own transaction leaving the account;
- ``tx_hash``: the on-chain hash (deposits, withdrawals); it makes the transaction id;
- ``address``: the other side's address (sender of a deposit, recipient of a withdrawal);
- ``to_asset``/``to_amount``: for a trade, what was bought (an exchange inside the account).
"""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from moneytrace.importers.base import Entry, ProblemSink, Statement
from moneytrace.ledger import Problem
from moneytrace.money import parse_amount

REQUIRED = ("timestamp", "type", "account", "asset", "amount")
TYPES = frozenset({"deposit", "withdrawal", "trade"})


def parse_crypto_csv(path: str | Path, problems: list[Problem]) -> list[Statement]:
    """One statement per exchange account in the file; every problem is appended to `problems`."""
    name = str(path)
    sink = ProblemSink(name, problems)
    statements: dict[str, Statement] = {}
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = [h.strip() for h in reader.fieldnames or []]
            reader.fieldnames = header
            missing = [col for col in REQUIRED if col not in header]
            for col in missing:
                sink.add(0, col, "required column is missing")
            if missing:
                return []
            for row, record in enumerate(reader, start=1):
                _row(name, row, {k: (v or "").strip() for k, v in record.items() if k}, statements, sink)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        sink.add(None, None, f"cannot read the file: {exc}")
    return list(statements.values())


def _amount(
    text: str, asset: str, row: int, field: str, sink: ProblemSink, *, optional: bool = False
) -> int | None:
    if not text:
        if not optional:
            sink.add(row, field, "amount is empty")
        return None
    try:
        value = parse_amount(text, asset)
    except ValueError as exc:
        sink.add(row, field, str(exc))
        return None
    if value < 0 or (value == 0 and not optional):
        sink.add(row, field, f"amount must be positive, got {text}")
        return None
    return value


def _row(
    name: str, row: int, rec: dict[str, str], statements: dict[str, Statement], sink: ProblemSink
) -> None:
    before = len(sink.problems)
    kind = rec.get("type", "").lower()
    if kind not in TYPES:
        sink.add(row, "type", f"unknown type {rec.get('type')!r} (deposit, withdrawal or trade)")
    stamp = _timestamp(rec.get("timestamp", ""), row, sink)
    account = rec.get("account") or None
    if account is None:
        sink.add(row, "account", "account is empty")
    asset = rec.get("asset", "").upper()
    amount = _amount(rec.get("amount", ""), asset, row, "amount", sink)
    fee_asset = (rec.get("fee_asset") or asset).upper()
    fee = _amount(rec.get("fee", ""), fee_asset, row, "fee", sink, optional=True)
    to_asset = (rec.get("to_asset") or "").upper() or None
    to_amount = (
        _amount(rec.get("to_amount", ""), to_asset, row, "to_amount", sink)
        if kind == "trade" and to_asset
        else None
    )
    if kind == "trade" and to_asset is None:
        sink.add(row, "to_asset", "a trade needs to_asset and to_amount")
    tx_hash = rec.get("tx_hash") or None
    if kind in ("deposit", "withdrawal") and not rec.get("address"):
        sink.add(row, "address", f"a {kind} needs the other side's address")
    if len(sink.problems) > before or stamp is None or account is None or amount is None:
        return
    st = statements.setdefault(account, Statement(account=account, currency="", file=name))
    common = {"account": account, "timestamp": stamp, "file": name, "row": row, "channel": "crypto"}
    signed = amount if kind == "deposit" else -amount
    st.entries.append(
        Entry(
            currency=asset,
            amount=signed,
            counterparty_account=rec.get("address") or None,
            reference=tx_hash,
            bank_id=f"{kind}:{asset}:{tx_hash}" if tx_hash else None,
            to_amount=to_amount,
            to_currency=to_asset if kind == "trade" else None,
            **common,  # type: ignore[arg-type]
        )
    )
    if kind == "trade":
        st.entries[-1] = replace(st.entries[-1], channel="exchange")
    if fee:
        st.entries.append(
            Entry(
                currency=fee_asset,
                amount=-fee,
                reference=tx_hash,
                bank_id=f"fee:{fee_asset}:{tx_hash or row}",
                **common,  # type: ignore[arg-type]
            )
        )


def _timestamp(text: str, row: int, sink: ProblemSink) -> datetime | None:
    try:
        stamp = datetime.fromisoformat(text)
    except ValueError:
        sink.add(row, "timestamp", f"not an ISO 8601 timestamp: {text!r}")
        return None
    if stamp.tzinfo is None:
        sink.add(row, "timestamp", f"timestamp {text!r} has no time zone offset")
        return None
    return stamp
