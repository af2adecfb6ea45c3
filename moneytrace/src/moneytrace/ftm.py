"""Export of accounts and payments as FollowTheMoney entities (JSON lines), for investigative tools.

The entities are written in FtM's documented JSON shape (``{"id", "schema", "properties": {name:
[values]}}``) without the `followthemoney` package: that package brings SQLAlchemy, networkx,
rdflib, PyICU and pydantic, and would replace the project's pinned mypy, all for building dicts.

- every IBAN-shaped or bank account -> ``BankAccount`` (iban or accountNumber, country, bic);
  every crypto address or exchange account (seen on a crypto or exchange transaction) ->
  ``CryptoWallet`` (publicKey, currencySymbol);
- each account's holder -> ``LegalEntity`` (FtM's ``Payment.payer`` and ``beneficiary`` are legal
  entities, so the holder is the payer and the account is ``payerAccount``); a bank account is tied
  to its holder by an ``Ownership``, a wallet by its ``holder`` property;
- money from or to outside the traced accounts -> one ``LegalEntity`` named for that;
- each transaction -> ``Payment`` (payer, payerAccount, beneficiary, beneficiaryAccount, amount,
  currency, date, transactionNumber, purpose).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator, Mapping
from datetime import UTC
from typing import Any

from moneytrace.io import atomic_output
from moneytrace.ledger import Ledger, Transaction
from moneytrace.money import format_amount

_IBAN = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{8,30}$")
OUTSIDE = "(outside the traced accounts)"


def _id(kind: str, key: str) -> str:
    return f"mt-{kind}-" + hashlib.sha256(key.encode()).hexdigest()[:20]


def _entity(schema: str, entity_id: str, **properties: str | None) -> dict[str, Any]:
    return {
        "id": entity_id,
        "schema": schema,
        "properties": {k: [v] for k, v in properties.items() if v},
    }


def _crypto_accounts(ledger: Ledger) -> dict[str, str]:
    """Accounts seen on crypto or exchange transactions -> their currency symbol."""
    found: dict[str, str] = {}
    for tx in ledger.transactions:
        if tx.channel in ("crypto", "exchange"):
            for acc in (tx.from_account, tx.to_account):
                if acc is not None and not _IBAN.match(acc):
                    found.setdefault(acc, tx.currency)
    return found


def account_entities(
    account: str, crypto: Mapping[str, str], names: Mapping[str, str]
) -> Iterator[dict[str, Any]]:
    """The account, its holder and (for bank accounts) the ownership that ties them."""
    holder_id = _id("holder", account)
    yield _entity("LegalEntity", holder_id, name=names.get(account) or f"Holder of {account}")
    if account in crypto:
        yield _entity(
            "CryptoWallet",
            _id("account", account),
            publicKey=account,
            currencySymbol=crypto[account],
            holder=holder_id,
        )
        return
    is_iban = bool(_IBAN.match(account))
    yield _entity(
        "BankAccount",
        _id("account", account),
        iban=account if is_iban else None,
        accountNumber=None if is_iban else account,
        country=account[:2].lower() if is_iban else None,
    )
    yield _entity("Ownership", _id("owns", account), owner=holder_id, asset=_id("account", account))


def payment_entity(tx: Transaction, crypto: Mapping[str, str], details: Mapping[str, str]) -> dict[str, Any]:
    """One transaction as a Payment between the holders of its two accounts.

    Money from outside the traced accounts names its payer's account when the import knew it."""

    def side(account: str | None) -> tuple[str, str | None]:
        if account is None:
            return _id("holder", OUTSIDE), None
        return _id("holder", account), None if account in crypto else _id("account", account)

    payer, payer_account = side(tx.from_account or details.get("counterparty_account"))
    beneficiary, beneficiary_account = side(tx.to_account)
    return _entity(
        "Payment",
        _id("payment", tx.id),
        payer=payer,
        payerAccount=payer_account,
        beneficiary=beneficiary,
        beneficiaryAccount=beneficiary_account,
        amount=format_amount(tx.amount, tx.currency),
        currency=tx.currency,
        date=tx.timestamp.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S"),  # FtM dates carry no offset: UTC
        transactionNumber=tx.id,
        purpose=details.get("reference"),
        description=f"{tx.channel or 'payment'}; source {tx.source}" if tx.source else tx.channel,
    )


def ftm_entities(
    ledger: Ledger, details: Mapping[str, Mapping[str, str]] | None = None
) -> Iterator[dict[str, Any]]:
    """Every account, holder and payment of the ledger as FtM entities."""
    details = details or {}
    crypto = _crypto_accounts(ledger)
    names = _holder_names(ledger, details)
    if any(tx.from_account is None or tx.to_account is None for tx in ledger.transactions):
        yield _entity("LegalEntity", _id("holder", OUTSIDE), name=OUTSIDE)
    for account in sorted(ledger.accounts() | _outside_payers(ledger, details)):
        yield from account_entities(account, crypto, names)
    for tx in ledger.transactions:
        yield payment_entity(tx, crypto, details.get(tx.id, {}))


def _outside_payers(ledger: Ledger, details: Mapping[str, Mapping[str, str]]) -> set[str]:
    """Accounts that paid in from outside the traced accounts, as the import recorded them."""
    found: set[str] = set()
    for tx in ledger.transactions:
        account = details.get(tx.id, {}).get("counterparty_account")
        if tx.from_account is None and account:
            found.add(account)
    return found


def _holder_names(ledger: Ledger, details: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """Counterparty names from an import, where they name an account of the ledger."""
    names: dict[str, str] = {}
    for tx in ledger.transactions:
        extra = details.get(tx.id, {})
        account, name = extra.get("counterparty_account"), extra.get("counterparty_name")
        if account and name and (account in (tx.from_account, tx.to_account) or tx.from_account is None):
            names.setdefault(account, name)
    return names


def write_ftm(
    ledger: Ledger, path: str | os.PathLike[str], details: Mapping[str, Mapping[str, str]] | None = None
) -> int:
    """Write the entities as JSON lines, atomically; returns how many were written."""
    count = 0
    with atomic_output(path) as tmp, open(tmp, "w", encoding="utf-8") as handle:
        for entity in ftm_entities(ledger, details):
            handle.write(json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
    return count
