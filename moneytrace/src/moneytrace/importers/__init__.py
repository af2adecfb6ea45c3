"""Importers of bank and exchange statements: each returns (Ledger, ImportReport).

The report lists every problem by file, row and field; nothing is dropped silently. A row with a
problem is left out of the ledger and named in the report: the caller decides (the command line
refuses to write a ledger while the report has any problem).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path

from moneytrace.importers.base import Entry, ImportReport, Statement
from moneytrace.importers.camt053 import parse_camt053
from moneytrace.importers.crypto_csv import parse_crypto_csv
from moneytrace.importers.csv_mapping import CsvMapping, load_mapping, mapping_from_dict, parse_csv
from moneytrace.importers.merge import DEFAULT_TOLERANCE, build_ledger
from moneytrace.importers.mt940 import parse_mt940
from moneytrace.importers.ofx import parse_ofx
from moneytrace.ledger import Ledger, Problem

FORMATS = ("csv", "mt940", "camt053", "ofx", "crypto-csv")
_PARSERS: dict[str, Callable[[str | Path, list[Problem]], list[Statement]]] = {
    "mt940": parse_mt940,
    "camt053": parse_camt053,
    "ofx": parse_ofx,
    "crypto-csv": parse_crypto_csv,
}

__all__ = [
    "FORMATS",
    "CsvMapping",
    "Entry",
    "ImportReport",
    "Statement",
    "import_camt053",
    "import_crypto_csv",
    "import_csv",
    "import_mt940",
    "import_ofx",
    "import_statements",
    "load_mapping",
    "mapping_from_dict",
]


def import_statements(
    paths: Sequence[str | Path],
    *,
    format: str | Sequence[str],
    mapping: CsvMapping | Sequence[CsvMapping] | None = None,
    tolerance: timedelta = DEFAULT_TOLERANCE,
) -> tuple[Ledger, ImportReport]:
    """Read statements and merge them into one ledger, with the validation report.

    `format` is one format for every file, or one per file (statements of different banks merge);
    `mapping` is one mapping for every CSV file, or one per CSV file in order.
    """
    formats = [format] * len(paths) if isinstance(format, str) else list(format)
    if len(formats) != len(paths):
        raise ValueError(
            f"{len(paths)} file(s) but {len(formats)} format(s): give one format, or one per file"
        )
    for fmt in formats:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    csv_count = formats.count("csv")
    report = ImportReport(files=[str(p) for p in paths])
    statements: list[Statement] = []
    csv_index = 0
    for path, fmt in zip(paths, formats, strict=True):
        if fmt == "csv":
            statements.extend(parse_csv(path, _mapping_for(mapping, csv_index, csv_count), report.problems))
            csv_index += 1
        else:
            statements.extend(_PARSERS[fmt](path, report.problems))
    return merge_statements(statements, report, tolerance=tolerance)


def merge_statements(
    statements: list[Statement], report: ImportReport, *, tolerance: timedelta = DEFAULT_TOLERANCE
) -> tuple[Ledger, ImportReport]:
    """Merge parsed statements (of any formats) into one ledger; structural problems join the report."""
    report.statements += len(statements)
    report.entries += sum(len(st.entries) for st in statements)
    ledger = build_ledger(statements, report, tolerance=tolerance)
    report.problems.extend(ledger.validate())
    return ledger, report


def _mapping_for(mapping: CsvMapping | Sequence[CsvMapping] | None, index: int, count: int) -> CsvMapping:
    if mapping is None:
        raise ValueError("the csv format needs a mapping (--mapping)")
    if isinstance(mapping, CsvMapping):
        return mapping
    if len(mapping) != count:
        raise ValueError(f"{count} CSV file(s) but {len(mapping)} mapping(s): give one mapping per file")
    return mapping[index]


def import_csv(
    paths: Sequence[str | Path], mapping: CsvMapping | Sequence[CsvMapping]
) -> tuple[Ledger, ImportReport]:
    """Bank CSV exports through a column mapping."""
    return import_statements(paths, format="csv", mapping=mapping)


def import_mt940(paths: Sequence[str | Path]) -> tuple[Ledger, ImportReport]:
    """SWIFT MT940 statements."""
    return import_statements(paths, format="mt940")


def import_camt053(paths: Sequence[str | Path]) -> tuple[Ledger, ImportReport]:
    """ISO 20022 camt.053 statements."""
    return import_statements(paths, format="camt053")


def import_ofx(paths: Sequence[str | Path]) -> tuple[Ledger, ImportReport]:
    """OFX statements."""
    return import_statements(paths, format="ofx")


def import_crypto_csv(paths: Sequence[str | Path]) -> tuple[Ledger, ImportReport]:
    """Generic crypto-exchange CSV exports."""
    return import_statements(paths, format="crypto-csv")
