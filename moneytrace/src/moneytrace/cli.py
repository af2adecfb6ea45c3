"""The moneytrace command line: import statements, trace victims' money, find patterns, export FtM.

Exit status: 0 on success, 1 when the input has problems (each named by file, row and field on
stderr; no output file is written), 2 for a wrong command line.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from moneytrace.io import (
    atomic_output,
    check_victims,
    read_extra_columns,
    read_ledger,
    read_victims,
    write_ledger,
)
from moneytrace.ledger import Ledger, LedgerError, Problem

METHODS = ("fifo", "lifo", "libr", "prorata", "poison", "dirty-first")
FORMATS = ("csv", "mt940", "camt053", "ofx", "crypto-csv")


class InputError(Exception):
    """Bad input: the problems to print, and the ledger file they concern when they name none."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = list(problems)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(prog="moneytrace", description="Trace victims' money through accounts.")
    sub = parser.add_subparsers(dest="command", required=True)
    tr = sub.add_parser("trace", help="trace every victim's money with one method")
    tr.add_argument("ledger", help="ledger file (.csv or .parquet)")
    tr.add_argument("--victims", required=True, help="CSV with header transaction_id,victim")
    tr.add_argument("--method", required=True, choices=METHODS)
    tr.add_argument("--at", help="holdings at this moment (ISO 8601 with offset); default: the end")
    tr.add_argument("--currency", help="the currency to trace when the ledger has several")
    tr.add_argument("--json", dest="json_out", help="write the result as JSON to this file ('-': stdout)")
    tr.add_argument("--schedule", action="store_true", help="print each victim's step-by-step schedule")
    tr.add_argument("--engine", choices=("fast", "reference"), default=None, help=argparse.SUPPRESS)
    pa = sub.add_parser("patterns", help="find laundering patterns")
    pa.add_argument("ledger")
    pa.add_argument("--json", dest="json_out", help="write the findings as JSON to this file ('-': stdout)")
    pa.add_argument("--top", type=int, default=10, help="findings shown per kind in the summary (default 10)")
    im = sub.add_parser("import", help="import statements into one ledger")
    im.add_argument("files", nargs="+")
    im.add_argument(
        "--format",
        action="append",
        required=True,
        choices=FORMATS,
        help="the files' format: once for all, or once per file in order",
    )
    im.add_argument("--mapping", action="append", default=[], help="column mapping (JSON/TOML) per CSV file")
    im.add_argument(
        "--tolerance-days",
        type=int,
        default=3,
        help="days between a transfer's debit and credit that still make one transaction",
    )
    im.add_argument("--out", required=True, help="ledger file to write (.csv or .parquet)")
    ex = sub.add_parser("export-ftm", help="export accounts and payments as FollowTheMoney JSON lines")
    ex.add_argument("ledger")
    ex.add_argument("--out", required=True)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `moneytrace` command."""
    args = build_parser().parse_args(argv)
    handlers: dict[str, Callable[[argparse.Namespace], int]] = {
        "trace": cmd_trace,
        "patterns": cmd_patterns,
        "import": cmd_import,
        "export-ftm": cmd_export_ftm,
    }
    try:
        return handlers[args.command](args)
    except InputError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 1


@contextmanager
def _input(default_file: str) -> Iterator[None]:
    """Turn LedgerError/ValueError into InputError, naming `default_file` where a problem names none."""
    try:
        yield
    except LedgerError as exc:
        raise InputError([_with_file(p, default_file) for p in exc.problems]) from exc
    except (ValueError, OSError) as exc:
        raise InputError([Problem(default_file, None, None, str(exc))]) from exc


def _with_file(problem: Problem, file: str) -> Problem:
    return problem if problem.file else Problem(file, problem.row, problem.field, problem.message)


# ------------------------------------------------------------------------------------------------ trace


def _parse_at(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        raise InputError([Problem(None, None, "--at", f"not an ISO 8601 time: {text!r}")]) from None
    if at.tzinfo is None:
        raise InputError([Problem(None, None, "--at", f"{text!r} has no time zone offset (add +00:00)")])
    return at


def _ledger_problem(problem: Problem, ledger_file: str, rows: dict[str, int]) -> Problem:
    """Name the ledger row of the transaction a trace problem is about (the source file stays in the text)."""
    if problem.file and problem.row is not None:
        return problem
    match = re.search(r"transaction '?([^\s':,]+)'?", problem.message)
    row = rows.get(match.group(1)) if match else None
    message = problem.message + (f" (source {problem.file})" if problem.file else "")
    return Problem(ledger_file, row, problem.field, message)


def cmd_trace(args: argparse.Namespace) -> int:
    """moneytrace trace: holdings and exits per victim under one method."""
    from moneytrace.trace import trace

    at = _parse_at(args.at)
    with _input(args.ledger):
        ledger = read_ledger(args.ledger)
    with _input(args.victims):
        victims = read_victims(args.victims)
    problems = check_victims(victims, ledger, args.victims)
    if problems:
        raise InputError(problems)
    engine = args.engine or ("reference" if args.schedule else "fast")
    try:
        with _progress("tracing") as progress:
            result = trace(
                ledger,
                victims,
                method=args.method,
                currency=args.currency,
                at=at,
                engine=engine,
                progress=progress,
            )
    except LedgerError as exc:
        rows = {tx.id: row for row, tx in enumerate(ledger.transactions, start=_first_row(ledger))}
        raise InputError([_ledger_problem(p, args.ledger, rows) for p in exc.problems]) from exc
    payload = result.to_json()
    if args.json_out:
        _write_json(payload, args.json_out)
    if args.json_out != "-":
        from moneytrace.report import print_trace_summary

        print_trace_summary(result, ledger, schedule=args.schedule)
    return 0


def _first_row(ledger: Ledger) -> int:
    # opening balances are written as the first rows of a ledger file
    return 1 + sum(len(b) for b in ledger.opening_balances.values())


@contextmanager
def _progress(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on a terminal only (never when output goes to a file or a pipe)."""
    if not (sys.stdout.isatty() and sys.stderr.isatty()):
        yield None
        return
    from tqdm import tqdm

    bar = tqdm(total=0, desc=label, unit="tx", file=sys.stderr, leave=False)

    def update(done: int, total: int) -> None:
        if bar.total != total:
            bar.total = total
        bar.n = done
        bar.refresh()

    try:
        yield update
    finally:
        bar.close()


def _write_json(payload: Any, target: str) -> None:
    text = json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    if target == "-":
        sys.stdout.write(text)
        return
    with atomic_output(target) as tmp:
        tmp.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------------------------- patterns


def cmd_patterns(args: argparse.Namespace) -> int:
    """moneytrace patterns: findings with their evidence."""
    from moneytrace.patterns import KINDS, find_patterns, find_patterns_frame
    from moneytrace.patterns.frame import read_pattern_frame

    with _input(args.ledger):
        frame = read_pattern_frame(args.ledger) if Path(args.ledger).suffix.lower() == ".parquet" else None
        if frame is not None:
            findings = find_patterns_frame(frame)
        else:
            findings = find_patterns(read_ledger(args.ledger))
    if args.json_out:
        _write_json({"findings": [f.to_json() for f in findings]}, args.json_out)
    if args.json_out == "-":
        return 0
    if not findings:
        print("no pattern found")
    for kind in KINDS:
        of_kind = [f for f in findings if f.kind == kind]
        if of_kind:
            print(f"{kind}: {len(of_kind)} finding(s)")
        for finding in of_kind[: args.top]:
            print(f"  [{finding.score:.2f}] {finding.summary}")
            ids = finding.transaction_ids
            more = f" ... ({len(ids) - 10} more)" if len(ids) > 10 else ""
            print(f"         evidence: {', '.join(ids[:10])}{more}")
    return 0


# ----------------------------------------------------------------------------------------------- import


def cmd_import(args: argparse.Namespace) -> int:
    """moneytrace import: statements -> one ledger file, refused while any problem is reported."""
    from moneytrace.importers import import_statements, load_mapping

    formats: list[str] = args.format if len(args.format) > 1 else args.format * len(args.files)
    if len(formats) != len(args.files):
        raise InputError(
            [Problem(None, None, "--format", f"{len(args.files)} files but {len(formats)} formats")]
        )
    mappings = []
    for path in args.mapping:
        with _input(path):
            mappings.append(load_mapping(path))
    if "csv" in formats and not mappings:
        raise InputError([Problem(None, None, "--mapping", "the csv format needs a column mapping")])
    mapping = mappings[0] if len(mappings) == 1 else mappings
    with _input(args.files[0]):
        ledger, report = import_statements(
            args.files, format=formats, mapping=mapping, tolerance=timedelta(days=args.tolerance_days)
        )
    print(report.summary(), file=sys.stderr)
    if report.problems:
        raise InputError([*report.problems, Problem(None, None, None, f"nothing written to {args.out}")])
    with _input(args.out):
        write_ledger(ledger, args.out, extra=report.details)
    print(f"wrote {len(ledger.transactions)} transactions to {args.out}")
    return 0


# ------------------------------------------------------------------------------------------- export-ftm


def cmd_export_ftm(args: argparse.Namespace) -> int:
    """moneytrace export-ftm: accounts and payments as FollowTheMoney entities."""
    from moneytrace.ftm import write_ftm

    with _input(args.ledger):
        ledger = read_ledger(args.ledger)
        details = read_extra_columns(args.ledger, ("counterparty_account", "counterparty_name", "reference"))
    with _input(args.out):
        count = write_ftm(ledger, Path(args.out), details)
    print(f"wrote {count} FollowTheMoney entities to {args.out}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
