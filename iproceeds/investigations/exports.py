"""The case exported for investigative tools: FollowTheMoney entities (JSON lines) and an XLSX workbook.

FtM: moneytrace.ftm writes the ledger's accounts, holders and payments; the case adds its persons and
companies (Person / Company), its victims (Person / Company with the loss in their description) and
its bank accounts and wallets, tied to their holders by Ownership (BankAccount) or holder (CryptoWallet),
all in FtM's JSON shape (id, schema, properties with lists of values). Ids of accounts are moneytrace's
own, so a case account and the same account in the ledger are one entity.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from moneytrace.ftm import account_entities, ftm_entities
from moneytrace.money import exponent, parse_amount
from openpyxl import Workbook

from iproceeds.audit.services import record
from iproceeds.investigations.ledger import case_ledger
from iproceeds.investigations.models import InvestigationCase, PatternFinding

_SCHEMA = {"person": "Person", "company": "Company"}


def _id(kind: str, key: str) -> str:
    """A stable entity id of the case's own entities (moneytrace's ids start with mt-)."""
    return f"case-{kind}-" + hashlib.sha256(key.encode()).hexdigest()[:20]


def _entity(schema: str, entity_id: str, **properties: Any) -> dict[str, Any]:
    return {"id": entity_id, "schema": schema, "properties": {k: [v] for k, v in properties.items() if v}}


def _account_id(account: str) -> str:
    """moneytrace's id of an account, so case accounts and ledger accounts are one entity."""
    return next(e["id"] for e in account_entities(account, {}, {}) if e["schema"] == "BankAccount")


def _wallet_id(address: str, symbol: str) -> str:
    """moneytrace's id of a crypto account, so a case wallet seen in the ledger is one entity."""
    return next(
        e["id"] for e in account_entities(address, {address: symbol}, {}) if e["schema"] == "CryptoWallet"
    )


def _people(case: InvestigationCase) -> Iterator[dict[str, Any]]:
    """Subjects and victims as Person or Company (LegalEntity when the kind is unknown)."""
    for s in case.subjects.all():
        yield _entity(
            _SCHEMA.get(s.kind, "LegalEntity"),
            _id("subject", f"{case.pk}:{s.pk}"),
            name=s.name,
            idNumber=s.identifier,
            country=s.country.lower(),
            description=s.get_role_display(),
            notes=s.notes,
        )
    for v in case.victims.all():
        loss = f"victim in {case.reference}; loss {v.amount_display} {v.currency}"
        yield _entity(
            _SCHEMA.get(v.kind, "LegalEntity"),
            _id("victim", f"{case.pk}:{v.pk}"),
            name=v.name,
            description=loss,
            notes=v.notes,
        )


def _holdings(case: InvestigationCase, seen: set[str]) -> Iterator[dict[str, Any]]:
    """The case's bank accounts and wallets, tied to their holders."""
    for a in case.bank_accounts.all():
        if a.iban not in seen:
            yield _entity(
                "BankAccount",
                _account_id(a.iban),
                iban=a.iban,
                bic=a.bic,
                bankName=a.bank_name,
                country=a.country.lower(),
                currency=a.currency,
            )
        if a.holder_id:
            owner = _id("subject", f"{case.pk}:{a.holder_id}")
            yield _entity(
                "Ownership", _id("owns", f"{case.pk}:{a.iban}"), owner=owner, asset=_account_id(a.iban)
            )
    for w in case.wallets.all():
        if w.address in seen:
            continue  # already a CryptoWallet of the ledger (moneytrace's entity, under the same id)
        holder = _id("subject", f"{case.pk}:{w.holder_id}") if w.holder_id else None
        yield _entity(
            "CryptoWallet",
            _wallet_id(w.address, w.get_chain_display()),
            publicKey=w.address,
            currencySymbol=w.get_chain_display(),
            holder=holder,
            description=w.service,
        )


def ftm_lines(*, case: InvestigationCase) -> Iterator[str]:
    """Every entity of the case as one JSON line: the ledger (moneytrace), then the case's own."""
    ledger = case_ledger(case=case)
    details = dict(case.transactions.values_list("tx_id", "details"))
    seen: set[str] = set()
    for entity in ftm_entities(ledger, details):
        if entity["schema"] in ("BankAccount", "CryptoWallet"):
            seen.update(entity["properties"].get("iban", []) + entity["properties"].get("publicKey", []))
        yield json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n"
    for entity in [*_people(case), *_holdings(case, seen)]:
        yield json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n"


def _major(minor: int | None, currency: str) -> Decimal | None:
    """Minor units as an exact Decimal in major units (a number in the workbook)."""
    return None if minor is None else Decimal(minor).scaleb(-exponent(currency))


def _money_rows(rows: Any, *fields: str) -> list[list[Any]]:
    return [[getattr(r, f) for f in fields] + [_major(r.amount_minor, r.currency), r.currency] for r in rows]


def _utc(value: datetime | None) -> datetime | None:
    """Excel has no time zones: UTC, without its offset (the header says UTC)."""
    return value.astimezone(UTC).replace(tzinfo=None) if value else None


def _transactions(case: InvestigationCase) -> list[list[Any]]:
    return [
        [
            t.tx_id,
            _utc(t.timestamp),
            t.from_account,
            t.to_account,
            _major(t.amount_minor, t.currency),
            t.currency,
            t.channel,
            t.counterparty_bank,
            t.counterparty_country,
            t.details.get("counterparty_name", ""),
            t.details.get("reference", ""),
            t.source,
        ]
        for t in case.transactions.all()
    ]


def _traces(case: InvestigationCase) -> list[list[Any]]:
    """Holdings and exits of the latest trace, amounts as numbers."""
    run = case.traces.first()
    if run is None:
        return []
    cur = run.currency
    rows: list[list[Any]] = [
        [
            run.pk,
            run.method,
            "holding",
            h["victim"],
            h["account"],
            "",
            "",
            _major(parse_amount(h["amount"], cur), cur),
            cur,
        ]
        for h in run.result.get("holdings", [])
    ]
    rows += [
        [
            run.pk,
            run.method,
            "exit",
            e["victim"],
            e.get("to_account") or "",
            e.get("counterparty_country") or "",
            e["transaction_id"],
            _major(parse_amount(e["amount"], cur), cur),
            cur,
        ]
        for e in run.result.get("exits", [])
    ]
    return rows


def _measures(case: InvestigationCase) -> list[list[Any]]:
    return [
        [
            m.pk,
            str(m.target),
            m.get_stage_display(),
            _major(m.identified_minor, m.currency),
            _major(m.restrained_minor, m.currency),
            _major(m.confiscated_minor, m.currency),
            _major(m.disposed_minor, m.currency),
            m.currency,
            _major(m.eur_minor, "EUR"),
            m.legal_basis,
            m.order_reference,
            m.restrained_on,
            m.expires_on,
            m.confiscation_order,
            m.enforceable_on,
        ]
        for m in case.measures.all()
    ]


def _restitutions(case: InvestigationCase) -> list[list[Any]]:
    return [
        [r.pk, r.decided_on, s.victim.name, _major(s.amount_minor, r.currency), r.currency, r.basis]
        for r in case.restitutions.all()
        for s in r.shares.select_related("victim")
    ]


def _sheets(case: InvestigationCase) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """Each sheet's header and rows; amounts are numbers next to their currency."""
    amount = ["amount", "currency"]
    return {
        "case": (
            [
                "reference",
                "title",
                "authority",
                "criminal case numbers",
                "offence types",
                "parallel cybercrime",
            ],
            [
                [
                    case.reference,
                    case.title,
                    str(case.authority),
                    "; ".join(case.criminal_case_numbers),
                    "; ".join(case.offence_types),
                    case.parallel_cybercrime,
                ]
            ],
        ),
        "victims": (
            ["name", "kind", "account", *amount],
            _money_rows(case.victims.all(), "name", "kind", "account_identifier"),
        ),
        "subjects": (
            ["name", "kind", "role", "identifier", "country"],
            [[s.name, s.kind, s.role, s.identifier, s.country] for s in case.subjects.all()],
        ),
        "accounts": (
            ["iban", "bic", "bank", "holder", "currency"],
            [
                [a.iban, a.bic, a.bank_name, str(a.holder or ""), a.currency]
                for a in case.bank_accounts.select_related("holder")
            ],
        ),
        "wallets": (
            ["chain", "address", "holder", "service"],
            [
                [w.chain, w.address, str(w.holder or ""), w.service]
                for w in case.wallets.select_related("holder")
            ],
        ),
        "assets": (["kind", "description", *amount], _money_rows(case.assets.all(), "kind", "description")),
        "transactions": (
            [
                "id",
                "time (UTC)",
                "from account",
                "to account",
                *amount,
                "channel",
                "counterparty bank",
                "counterparty country",
                "counterparty",
                "reference",
                "source",
            ],
            _transactions(case),
        ),
        "traces": (
            ["trace", "method", "row", "victim", "account", "country", "transaction", *amount],
            _traces(case),
        ),
        "measures": (
            [
                "measure",
                "target",
                "stage",
                "identified",
                "frozen or seized",
                "confiscated",
                "disposed of",
                "currency",
                "EUR value",
                "legal basis",
                "order",
                "restrained on",
                "expires on",
                "confiscation order",
                "enforceable on",
            ],
            _measures(case),
        ),
        "restitutions": (["restitution", "decided on", "victim", *amount, "basis"], _restitutions(case)),
        "findings": (
            ["kind", "score", "decision", "reason", "evidence", "summary"],
            [
                [f.kind, f.score, f.decision, f.reason, " ".join(f.evidence), f.details.get("summary", "")]
                for f in PatternFinding.objects.filter(case=case)
            ],
        ),
    }


def workbook_bytes(*, case: InvestigationCase) -> bytes:
    """The case as an XLSX workbook, one sheet per part of the case."""
    book = Workbook()
    book.remove(book.active)
    for title, (header, rows) in _sheets(case).items():
        sheet = book.create_sheet(title)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def case_export(*, case: InvestigationCase, actor: Any, fmt: str) -> bytes:
    """The export in the asked format ("ftm" or "xlsx"), its download audited."""
    data = "".join(ftm_lines(case=case)).encode() if fmt == "ftm" else workbook_bytes(case=case)
    with transaction.atomic():
        after = {"format": fmt, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
        record(action="investigations.case.exported", actor=actor, target=case, after=after)
    return data
