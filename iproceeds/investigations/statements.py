"""Statements into a case: read with moneytrace, report every problem, then store the transactions."""

from __future__ import annotations

import hashlib
import tempfile
import tomllib
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from moneytrace.importers import ImportReport, import_statements, mapping_from_dict
from moneytrace.ledger import Ledger, LedgerError

from iproceeds.audit.services import record
from iproceeds.investigations.choices import StatementFormat
from iproceeds.investigations.models import CaseTransaction, ImportedStatement, InvestigationCase
from iproceeds.investigations.permissions import can_edit_case
from iproceeds.investigations.services import _require

MAX_STATEMENT_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Preview:
    """What an import would store: the ledger, the validation report, and which ids are new."""

    file_name: str
    sha256: str
    ledger: Ledger
    report: ImportReport
    already_imported: bool
    new_ids: frozenset[str]

    @property
    def can_import(self) -> bool:
        """True when the file is new to the case, has no problem and adds at least one transaction."""
        return self.report.ok and not self.already_imported and bool(self.new_ids)


def parse_mapping(text: str) -> dict[str, Any]:
    """A CSV mapping written as TOML (as moneytrace's mapping files); ValidationError names the fault."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(
            {"mapping": _("The mapping is not valid TOML: %(why)s") % {"why": exc}}
        ) from None
    try:
        mapping_from_dict(data)
    except LedgerError as exc:
        raise ValidationError({"mapping": [str(problem) for problem in exc.problems]}) from None
    return data


def _read(
    data: bytes, file_name: str, fmt: str, mapping: dict[str, Any] | None
) -> tuple[Ledger, ImportReport]:
    """Run moneytrace on the bytes, under the file's own name (ids of CSV rows depend on it)."""
    if fmt not in StatementFormat.values:
        raise ValidationError({"format": _("Choose a statement format from the list.")})
    if fmt == StatementFormat.CSV and mapping is None:
        raise ValidationError({"mapping": _("A CSV export needs a column mapping.")})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / file_name
        path.write_bytes(data)
        parsed = mapping_from_dict(mapping) if mapping is not None else None
        ledger, report = import_statements([path], format=fmt, mapping=parsed)
    return ledger, report


def statement_preview(
    *,
    case: InvestigationCase,
    actor: Any,
    data: bytes,
    file_name: str,
    format: str,
    mapping: dict[str, Any] | None = None,
) -> Preview:
    """Read a statement without storing anything: its report and the transactions it would add."""
    _require(can_edit_case(case, actor))
    if not data:
        raise ValidationError({"file": _("The file is empty.")})
    if len(data) > MAX_STATEMENT_BYTES:
        raise ValidationError({"file": _("The file is larger than 2 MB.")})
    name = get_valid_filename(Path(file_name).name) or "statement"
    ledger, report = _read(data, name, format, mapping)
    sha256 = hashlib.sha256(data).hexdigest()
    known = set(
        case.transactions.filter(tx_id__in=[t.id for t in ledger.transactions]).values_list(
            "tx_id", flat=True
        )
    )
    return Preview(
        file_name=name,
        sha256=sha256,
        ledger=ledger,
        report=report,
        already_imported=case.statements.filter(sha256=sha256).exists(),
        new_ids=frozenset(t.id for t in ledger.transactions if t.id not in known),
    )


def _refusal(preview: Preview) -> ValidationError | None:
    """Why an import is refused, or None when it may go ahead."""
    if preview.already_imported:
        return ValidationError({"file": _("This statement was already imported into the case.")})
    if not preview.report.ok:
        problems = [str(problem) for problem in preview.report.problems]
        return ValidationError({"file": [_("The statement has problems; nothing was stored."), *problems]})
    if not preview.new_ids:
        return ValidationError({"file": _("Every transaction of this statement is already in the case.")})
    return None


def _row(
    case: InvestigationCase, statement: ImportedStatement, tx: Any, details: dict[str, str]
) -> CaseTransaction:
    return CaseTransaction(
        case=case,
        statement=statement,
        tx_id=tx.id,
        timestamp=tx.timestamp,
        from_account=tx.from_account or "",
        to_account=tx.to_account or "",
        amount_minor=tx.amount,
        currency=tx.currency,
        channel=tx.channel or "",
        counterparty_bank=tx.counterparty_bank or "",
        counterparty_country=tx.counterparty_country or "",
        to_amount_minor=tx.to_amount,
        to_currency=tx.to_currency or "",
        source=(tx.source or "")[:300],
        details=details,
    )


def statement_import(
    *,
    case: InvestigationCase,
    actor: Any,
    data: bytes,
    file_name: str,
    format: str,
    mapping: dict[str, Any] | None = None,
) -> ImportedStatement:
    """Store a problem-free statement's new transactions; a refused import stores nothing."""
    preview = statement_preview(
        case=case, actor=actor, data=data, file_name=file_name, format=format, mapping=mapping
    )
    refusal = _refusal(preview)
    if refusal is not None:
        raise refusal
    statement = ImportedStatement(
        case=case,
        file_name=preview.file_name,
        format=format,
        sha256=preview.sha256,
        mapping=mapping,
        opening_balances=preview.ledger.opening_balances,
        library_version=version("moneytrace"),
        transactions_added=len(preview.new_ids),
        imported_by=actor,
    )
    with transaction.atomic():
        statement.full_clean()
        statement.save(force_insert=True)
        rows = [
            _row(case, statement, tx, preview.report.details.get(tx.id, {}))
            for tx in preview.ledger.transactions
            if tx.id in preview.new_ids
        ]
        CaseTransaction.objects.bulk_create(rows)
        after = {
            "sha256": statement.sha256,
            "format": format,
            "transactions_added": statement.transactions_added,
        }
        record(action="investigations.statement.imported", actor=actor, target=statement, after=after)
    return statement
