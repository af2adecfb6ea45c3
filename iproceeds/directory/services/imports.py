"""Importing authorities and contacts from a table: every bad row reported, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from iproceeds.audit import services as audit
from iproceeds.directory.exchange import COLUMNS, REQUIRED
from iproceeds.directory.models import Authority, Contact, Party
from iproceeds.directory.permissions import require_edit
from iproceeds.directory.services.entries import entry_create, entry_update, snapshot

NULLABLE = {"office_opens", "office_closes"}


@dataclass(frozen=True)
class RowError:
    """One problem: the file row (header is row 1), the column, and what is wrong."""

    row: int
    field: str
    message: str


@dataclass
class ImportReport:
    """What an import did, or every reason it did nothing."""

    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the import was applied."""
        return not self.errors


def _values(kind: str, row: dict[str, str]) -> dict[str, Any]:
    skip = {"party", "authority", "name"}
    values: dict[str, Any] = {k: row.get(k, "") for k in COLUMNS[kind] if k not in skip and k in row}
    return {k: (None if k in NULLABLE and v == "" else v) for k, v in values.items()}


def _owner(kind: str, row: dict[str, str]) -> tuple[dict[str, Any], str]:
    """The natural key of the row's entry, or raise naming the column that does not resolve."""
    party = Party.objects.filter(code=row.get("party", "").upper()).first()
    if party is None:
        raise ValidationError({"party": _("Unknown Party code “%(code)s”.") % {"code": row.get("party", "")}})
    if kind == "authorities":
        return {"party": party, "name": row["name"]}, "authority"
    authority = Authority.objects.filter(party=party, name=row.get("authority", "")).first()
    if authority is None:
        raise ValidationError({"authority": _("No authority of this name in this Party.")})
    return {"authority": authority, "name": row["name"]}, "contact"


def _prepare(kind: str, row: dict[str, str], actor: Any) -> tuple[models.Model, bool]:
    """Build (unsaved) the entry the row describes and check it, without touching the database."""
    lookup, _label = _owner(kind, row)
    model: type[models.Model] = Authority if kind == "authorities" else Contact
    existing = model._default_manager.filter(**lookup).first()
    instance = existing or model(**lookup)
    for name, value in _values(kind, row).items():
        setattr(instance, name, value)
    try:
        require_edit(actor, instance)
    except PermissionDenied as exc:
        raise ValidationError({"party": str(exc)}) from exc
    instance.full_clean()
    return instance, existing is not None


def _header_errors(kind: str, rows: list[dict[str, str]]) -> list[RowError]:
    header = set(rows[0]) if rows else set()
    missing = [c for c in REQUIRED[kind] if c not in header]
    unknown = sorted(header - set(COLUMNS[kind]))
    errors = [RowError(1, c, _("Required column is missing.")) for c in missing]
    return errors + [RowError(1, c, _("Unknown column.")) for c in unknown]


def _row_errors(kind: str, row_number: int, exc: ValidationError) -> list[RowError]:
    """The row's problems in the order of the file's columns."""
    if not hasattr(exc, "error_dict"):
        return [RowError(row_number, "", m) for m in exc.messages]
    order = {name: i for i, name in enumerate(COLUMNS[kind])}
    fields = sorted(exc.message_dict, key=lambda f: order.get(f, len(order)))
    return [RowError(row_number, f, m) for f in fields for m in exc.message_dict[f]]


def _check_rows(
    kind: str, rows: list[dict[str, str]], actor: Any
) -> tuple[list[tuple[models.Model, bool]], list[RowError]]:
    prepared: list[tuple[models.Model, bool]] = []
    errors: list[RowError] = []
    seen: dict[tuple[str, ...], int] = {}
    for number, row in enumerate(rows, start=2):
        key = (row.get("party", "").upper(), row.get("authority", ""), row.get("name", ""))
        if key in seen:
            errors.append(RowError(number, "name", _("Same entry as row %(row)s.") % {"row": seen[key]}))
            continue
        seen[key] = number
        try:
            prepared.append(_prepare(kind, row, actor))
        except ValidationError as exc:
            errors += _row_errors(kind, number, exc)
    return prepared, errors


def directory_import(*, actor: Any, kind: str, rows: list[dict[str, str]]) -> ImportReport:
    """Import authorities or contacts: all rows are checked first; one bad row means nothing is saved."""
    report = ImportReport(kind=kind, rows=len(rows))
    report.errors = _header_errors(kind, rows) if rows else [RowError(1, "", _("The file has no data rows."))]
    if report.errors:
        return report
    prepared, report.errors = _check_rows(kind, rows, actor)
    if report.errors:
        return report
    with transaction.atomic():
        for instance, exists in prepared:
            _apply(actor, instance, exists, report)
        audit.record(
            action="directory.import.completed",
            actor=actor,
            target_label=kind,
            after={"kind": kind, "rows": report.rows, "created": report.created, "updated": report.updated},
        )
    return report


def _apply(actor: Any, instance: models.Model, exists: bool, report: ImportReport) -> None:
    if not exists:
        entry_create(actor=actor, instance=instance)
        report.created += 1
        return
    fresh = type(instance)._default_manager.get(pk=instance.pk)
    changes = {k: v for k, v in snapshot(instance).items() if not k.endswith("_id") and k != "id"}
    entry_update(actor=actor, instance=fresh, changes=changes)
    report.updated += 1
