"""The case's ledger: every stored statement file of the case merged by moneytrace into one ledger.

A transfer between two accounts of the case appears in both accounts' statements; moneytrace's merge
counts it once. The ledger is rebuilt from the stored files in the order of their SHA-256 (not of
their import), so the same files give the same ledger, the same ids and the same traces whatever the
order in which they were imported.
"""

from __future__ import annotations

import dataclasses
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from moneytrace.importers import ImportReport, import_statements, mapping_from_dict
from moneytrace.ledger import Ledger

from iproceeds.investigations import sealed
from iproceeds.investigations.models import InvestigationCase


@dataclass(frozen=True)
class StatementFile:
    """One statement file as moneytrace reads it: its name, format, CSV mapping and bytes."""

    file_name: str
    format: str
    mapping: dict[str, Any] | None
    data: bytes
    sha256: str


def stored_files(*, case: InvestigationCase) -> list[StatementFile]:
    """The case's stored statement files, in SHA-256 order; a statement stored without its file is refused."""
    files = []
    for statement in case.statements.order_by("sha256"):
        content = bytes(statement.content)
        if not content:
            message = _("The statement %(name)s was stored without its file: the ledger cannot be rebuilt.")
            raise ValidationError({"file": message % {"name": statement.file_name}})
        aad = sealed.aad_for("statement", case_id=case.pk, sha256=statement.sha256)
        content = sealed.unseal(content, aad=aad, sha256=statement.sha256, file_name=statement.file_name)
        files.append(
            StatementFile(statement.file_name, statement.format, statement.mapping, content, statement.sha256)
        )
    return files


def read_files(files: list[StatementFile]) -> tuple[Ledger, ImportReport]:
    """Merge the files into one ledger with moneytrace; problems name the file by its own name."""
    ordered = sorted(files, key=lambda f: f.sha256)
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for index, item in enumerate(ordered):
            # One folder per file: two statements may share a name, and CSV ids depend on the name.
            path = Path(folder) / str(index) / item.file_name
            path.parent.mkdir()
            path.write_bytes(item.data)
            paths.append(path)
        mappings = [mapping_from_dict(f.mapping) for f in ordered if f.format == "csv" and f.mapping]
        ledger, report = import_statements(
            paths, format=[f.format for f in ordered], mapping=mappings or None
        )
    report.problems[:] = [
        dataclasses.replace(p, file=Path(p.file).name if p.file else p.file) for p in report.problems
    ]
    report.files = [f.file_name for f in ordered]
    return ledger.sorted(), report


def case_ledger(*, case: InvestigationCase) -> Ledger:
    """The case's ledger rebuilt from all its stored statement files (empty when none is stored)."""
    files = stored_files(case=case)
    if not files:
        return Ledger([], {})
    ledger, report = read_files(files)
    if not report.ok:
        raise ValidationError({"file": [str(problem) for problem in report.problems]})
    return ledger
