"""Statements into a case: read with moneytrace, report every problem, then store the transactions."""

from __future__ import annotations

import hashlib
import logging
import tomllib
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from moneytrace.importers import ImportReport, mapping_from_dict
from moneytrace.ledger import Ledger, LedgerError

from iproceeds.audit.services import record
from iproceeds.investigations import sealed
from iproceeds.investigations.choices import StatementFormat
from iproceeds.investigations.ledger import StatementFile, read_files, stored_files
from iproceeds.investigations.mapping import bank_mapping_save
from iproceeds.investigations.models import (
    CaseTransaction,
    ImportedStatement,
    ImportJob,
    InvestigationCase,
)
from iproceeds.investigations.permissions import can_edit_case
from iproceeds.investigations.services import _require

MAX_STATEMENT_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Preview:
    """What an import would store: the merged case ledger, the validation report, which ids are new."""

    file_name: str
    sha256: str
    ledger: Ledger
    report: ImportReport
    already_imported: bool
    new_ids: frozenset[str]
    own: Ledger  # the file read alone (its opening balances are kept with the statement)

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


def _check_format(fmt: str, mapping: dict[str, Any] | None) -> None:
    if fmt not in StatementFormat.values:
        raise ValidationError({"format": _("Choose a statement format from the list.")})
    if fmt == StatementFormat.CSV and mapping is None:
        raise ValidationError({"mapping": _("A CSV export needs a column mapping.")})


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
    _check_format(format, mapping)
    sha256 = hashlib.sha256(data).hexdigest()
    new = StatementFile(name, format, mapping, data, sha256)
    already = case.statements.filter(sha256=sha256).exists()
    own, own_report = read_files([new])
    others = [f for f in stored_files(case=case) if f.sha256 != sha256]
    # The new file is merged with every stored one: a transfer seen in two statements counts once.
    ledger, report = read_files([*others, new]) if own_report.ok else (own, own_report)
    known = set(case.transactions.values_list("tx_id", flat=True))
    return Preview(
        file_name=name,
        sha256=sha256,
        ledger=ledger,
        report=report,
        already_imported=already,
        new_ids=frozenset(t.id for t in ledger.transactions if t.id not in known),
        own=own,
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
    with transaction.atomic():
        # One import at a time per case: each rebuilds the case's rows from every stored file.
        InvestigationCase.objects.select_for_update().filter(pk=case.pk).first()
        return _import_locked(case, actor, data, file_name, format, mapping)


def _import_locked(
    case: InvestigationCase,
    actor: Any,
    data: bytes,
    file_name: str,
    format: str,
    mapping: dict[str, Any] | None,
) -> ImportedStatement:
    """The import itself, under the case's lock."""
    preview = statement_preview(
        case=case, actor=actor, data=data, file_name=file_name, format=format, mapping=mapping
    )
    refusal = _refusal(preview)
    if refusal is not None:
        raise refusal
    before = dict(case.transactions.values_list("tx_id", "statement_id"))
    statement = ImportedStatement(
        case=case,
        file_name=preview.file_name,
        format=format,
        sha256=preview.sha256,
        mapping=mapping,
        content=sealed.seal(data, aad=sealed.aad_for("statement", case_id=case.pk, sha256=preview.sha256)),
        opening_balances=preview.own.opening_balances,
        library_version=version("moneytrace"),
        transactions_added=max(len(preview.ledger.transactions) - len(before), 0),
        imported_by=actor,
    )
    with transaction.atomic():
        statement.full_clean()
        statement.save(force_insert=True)
        _store_ledger(case, preview, before, statement)
        after = {
            "sha256": statement.sha256,
            "format": format,
            "transactions_added": statement.transactions_added,
            "transactions_in_case": len(preview.ledger.transactions),
        }
        record(action="investigations.statement.imported", actor=actor, target=statement, after=after)
    return statement


def _store_ledger(
    case: InvestigationCase, preview: Preview, before: dict[str, int], statement: ImportedStatement
) -> None:
    """Replace the case's transactions by the merged ledger; a known id keeps the statement it came from."""
    case.transactions.all().delete()
    rows = []
    for tx in preview.ledger.transactions:
        row = _row(case, statement, tx, preview.report.details.get(tx.id, {}))
        row.statement_id = before.get(tx.id, statement.pk)
        rows.append(row)
    CaseTransaction.objects.bulk_create(rows)


# Background imports: the officer confirms a checked statement, the task worker stores it.
IMPORT_STEPS = 2  # 1: the file read and merged with the case's statements, 2: the transactions stored
ACTIVE = (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING)
logger = logging.getLogger(__name__)


def import_job_create(
    *,
    case: InvestigationCase,
    actor: Any,
    data: bytes,
    file_name: str,
    format: str,
    mapping: dict[str, Any] | None = None,
    bank_name: str = "",
    save_mapping: bool = False,
) -> ImportJob:
    """Queue a problem-free statement for import in the background; a refused one queues nothing."""
    preview = statement_preview(
        case=case, actor=actor, data=data, file_name=file_name, format=format, mapping=mapping
    )
    refusal = _refusal(preview)
    if refusal is not None:
        raise refusal
    if ImportJob.objects.filter(case=case, sha256=preview.sha256, status__in=ACTIVE).exists():
        raise ValidationError({"file": _("This statement is already being imported.")})
    job = ImportJob(
        case=case,
        file_name=preview.file_name,
        format=format,
        content=sealed.seal(data, aad=sealed.aad_for("importjob", case_id=case.pk, sha256=preview.sha256)),
        sha256=preview.sha256,
        mapping=mapping,
        options={"bank": bank_name.strip()} if bank_name.strip() else {},
        total=IMPORT_STEPS,
        created_by=actor,
        created_at=timezone.now(),
    )
    with transaction.atomic():
        if save_mapping and mapping is not None:
            bank_mapping_save(actor=actor, bank_name=bank_name, mapping=mapping)
        job.full_clean()
        job.save(force_insert=True)
        after = {"file_name": job.file_name, "sha256": job.sha256, "format": format}
        record(action="investigations.import.queued", actor=actor, target=job, after=after)
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from iproceeds.investigations.tasks import run_import_job

    run_import_job.enqueue(job_id=job_id)


def import_job_run(*, job_id: int) -> ImportJob | None:
    """Run a queued import (a no-op for a job another worker claimed or finished); None if it is gone."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING, done=0
    )
    job = ImportJob.objects.select_related("case", "created_by").filter(pk=job_id).first()
    if not claimed or job is None:
        return job
    try:
        _run(job)
    except (ValidationError, PermissionDenied) as exc:
        _fail(job, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
    except Exception:  # the worker keeps going; the officer sees that nothing was stored
        logger.exception("statement import job %s failed", job.pk)
        _fail(job, _("An unexpected error stopped the import; nothing was stored."))
    return job


def _run(job: ImportJob) -> None:
    """Check the file against the case again (step 1), then store it and finish the job (step 2)."""
    aad = sealed.aad_for("importjob", case_id=job.case_id, sha256=job.sha256)
    data = sealed.unseal(bytes(job.content), aad=aad, sha256=job.sha256, file_name=job.file_name)
    mapping = job.mapping
    arguments = {"file_name": job.file_name, "format": job.format}
    preview = statement_preview(case=job.case, actor=job.created_by, data=data, mapping=mapping, **arguments)
    refusal = _refusal(preview)
    if refusal is not None:
        raise refusal
    ImportJob.objects.filter(pk=job.pk).update(done=1)  # seen by the page polling the progress
    with transaction.atomic():
        statement = statement_import(
            case=job.case, actor=job.created_by, data=data, mapping=mapping, **arguments
        )
        _finish(job, statement)


def _finish(job: ImportJob, statement: ImportedStatement) -> None:
    job.status, job.done, job.statement = ImportJob.Status.DONE, job.total, statement
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "done", "statement", "finished_at"])
    after = {"statement": statement.pk, "transactions_added": statement.transactions_added}
    record(action="investigations.import.finished", actor=job.created_by, target=job, after=after)


def _fail(job: ImportJob, error: str) -> None:
    job.status, job.error, job.finished_at = ImportJob.Status.FAILED, error, timezone.now()
    with transaction.atomic():
        job.save(update_fields=["status", "error", "finished_at"])
        record(
            action="investigations.import.failed", actor=job.created_by, target=job, after={"error": error}
        )
