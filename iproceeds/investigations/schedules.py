"""The schedule of one victim's money for the court, from a stored trace: XLSX and PDF, downloads audited.

The rows are the reference engine's steps (moneytrace ``schedule.Step``: transaction, time, account,
the rule applied, the victim's money in the account before and after, the source line of the
statement), under a header naming the case, the method relied on, the SHA-256 of the trace's inputs
and the moneytrace version, so a reader can reproduce it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace
from moneytrace.money import exponent, format_amount, parse_amount
from moneytrace.report import METHOD_NAMES
from openpyxl import Workbook
from openpyxl.styles import Font

from iproceeds.audit.services import record
from iproceeds.cooperation.pdf import FAMILY, FONTS
from iproceeds.investigations.models import TraceRun


@dataclass(frozen=True)
class Schedule:
    """Everything printed for one victim: the header, where the money is and went, and the steps."""

    header: list[tuple[str, str]]
    currency: str
    summary: list[tuple[str, int]]  # label, minor units (the last line is the traced total)
    steps: list[dict[str, Any]]  # the stored steps, amounts in minor units


def victims_of(run: TraceRun) -> list[str]:
    """The trace's victims in a fixed order (their schedules are numbered from 1 in it)."""
    return sorted(run.result["losses"])


def build_schedule(run: TraceRun, victim: str) -> Schedule:
    """One victim's schedule from the stored result of a trace."""
    result, currency = run.result, run.result["currency"]
    amount = _minor_reader(currency)
    header = [
        (_("Case"), run.case.reference),
        (_("Victim"), victim),
        (_("Method relied on"), f"{run.method}: {METHOD_NAMES.get(run.method, run.method)}"),
        (_("Currency"), currency),
        (_("SHA-256 of the inputs"), run.inputs_sha256),
        (_("moneytrace version"), run.library_version),
        (_("Run at"), timezone.localtime(run.run_at).strftime("%Y-%m-%d %H:%M %Z")),
        (_("Paid in by the victim"), f"{result['losses'][victim]} {currency}"),
    ]
    summary = [
        (_("held by %(account)s") % {"account": row["account"]}, amount(row["amount"]))
        for row in result["holdings"]
        if row["victim"] == victim
    ]
    summary += [
        (_exit_label(row), amount(row["amount"])) for row in result["exits"] if row["victim"] == victim
    ]
    if result.get("capped", {}).get(victim):
        summary.append((_("removed by the cap at the loss"), -amount(result["capped"][victim])))
    summary.append((_("traced in total"), sum(value for _label, value in summary)))
    steps = [
        step | {"before": amount(step["before"]), "after": amount(step["after"])}
        for step in result.get("schedule", {}).get(victim, [])
    ]
    return Schedule(header, currency, summary, steps)


def _minor_reader(currency: str) -> Any:
    return lambda text: parse_amount(text, currency)


def _exit_label(row: dict[str, Any]) -> str:
    where = row.get("to_account") or _("cash or unknown")
    place = ", ".join(x for x in (row.get("counterparty_country"), row.get("counterparty_bank")) if x)
    day = row["timestamp"][:10]
    text = _("left %(day)s to %(where)s [%(transaction)s]")
    return text % {
        "day": day,
        "where": f"{where} ({place})" if place else where,
        "transaction": row["transaction_id"],
    }


def _decimal(minor: int, currency: str) -> Decimal:
    return Decimal(format_amount(minor, currency))


def _step_cells(step: dict[str, Any], currency: str) -> list[Any]:
    when = datetime.fromisoformat(step["timestamp"])
    return [
        when.strftime("%Y-%m-%d %H:%M %z"),
        step["transaction_id"],
        step["account"],
        _decimal(step["before"], currency),
        _decimal(step["after"], currency),
        _decimal(step["after"] - step["before"], currency),
        step["rule"],
        step.get("source") or "",
    ]


def step_headings() -> list[str]:
    """Column headings of the step-by-step table."""
    return [
        _("Time"),
        _("Transaction"),
        _("Account"),
        _("Before"),
        _("After"),
        _("Change"),
        _("Rule"),
        _("Source"),
    ]


def schedule_xlsx(schedule: Schedule) -> bytes:
    """The schedule as a workbook: the header and summary on one sheet, the steps on another."""
    book = Workbook()
    number = "#,##0" + ("." + "0" * exponent(schedule.currency) if exponent(schedule.currency) else "")
    sheet = book.active
    sheet.title = _("Summary")[:31]
    for label, value in schedule.header:
        sheet.append([label, value])
    sheet.append([])
    sheet.append([_("Where the money is and where it went"), schedule.currency])
    for label, minor in schedule.summary:
        sheet.append([label, _decimal(minor, schedule.currency)])
        sheet.cell(sheet.max_row, 2).number_format = number
    sheet.cell(sheet.max_row, 1).font = sheet.cell(sheet.max_row, 2).font = Font(bold=True)
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 48, 70
    steps = book.create_sheet(_("Steps")[:31])
    steps.append(step_headings())
    for cell in steps[1]:
        cell.font = Font(bold=True)
    for step in schedule.steps:
        steps.append(_step_cells(step, schedule.currency))
        for column in (4, 5, 6):
            steps.cell(steps.max_row, column).number_format = number
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class _Document(FPDF):
    """A4 landscape pages with the inputs' SHA-256 and the page number at the foot."""

    def __init__(self, *, digest: str) -> None:
        super().__init__(orientation="L", format="A4")
        self.digest = digest
        for style, file in (("", "DejaVuSans.ttf"), ("B", "DejaVuSans-Bold.ttf")):
            self.add_font(FAMILY, style, str(FONTS / file))
        self.set_auto_page_break(auto=True, margin=16)
        self.alias_nb_pages()

    def footer(self) -> None:
        """The SHA-256 of the trace's inputs and the page number on every page."""
        self.set_y(-12)
        self.set_font(FAMILY, "", 7)
        self.cell(0, 5, f"SHA-256 {self.digest}", align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, f"{self.page_no()}/{{nb}}", align="R")


def schedule_pdf(schedule: Schedule, *, digest: str) -> bytes:
    """The schedule as a PDF: header, summary with the traced total, then every step."""
    pdf = _Document(digest=digest)
    pdf.set_title(_("Schedule of traced money"))
    pdf.add_page()
    pdf.set_font(FAMILY, "B", 13)
    pdf.cell(0, 8, _("Schedule of traced money"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 8)
    bold = FontFace(emphasis="BOLD")
    with pdf.table(col_widths=(55, 215), first_row_as_headings=False, text_align="LEFT", padding=1) as table:
        for label, value in schedule.header:
            row = table.row()
            row.cell(label, style=bold)
            row.cell(value)
    pdf.ln(3)
    cur = schedule.currency
    with pdf.table(col_widths=(220, 50), text_align=("LEFT", "RIGHT"), padding=1) as table:
        table.row([_("Where the money is and where it went"), cur])
        for label, minor in schedule.summary:
            table.row([label, format_amount(minor, cur)])
    pdf.ln(3)
    widths = (26, 38, 46, 22, 22, 22, 57, 42)
    aligns = ("LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "LEFT", "LEFT")
    with pdf.table(col_widths=widths, text_align=aligns, padding=1, repeat_headings=1) as table:
        table.row(step_headings())
        for step in schedule.steps:
            table.row([str(cell) for cell in _step_cells(step, cur)])
    return bytes(pdf.output())


def schedule_download(*, run: TraceRun, victim: str, kind: str, actor: Any) -> bytes:
    """One victim's schedule as XLSX or PDF; the download is recorded."""
    schedule = build_schedule(run, victim)
    document = schedule_xlsx(schedule) if kind == "xlsx" else schedule_pdf(schedule, digest=run.inputs_sha256)
    after = {"victim": victim, "format": kind, "inputs_sha256": run.inputs_sha256, "method": run.method}
    record(action="investigations.schedule.downloaded", actor=actor, target=run, after=after)
    return document
