"""Tables in and out: the CSV/XLSX columns of authorities and contacts, file reading, vCard."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from iproceeds.directory.models import Authority, Contact

AUTHORITY_COLUMNS = [
    "party", "name", "name_local", "authority_type", "timezone", "phone_247", "email", "languages",
    "office_days", "office_opens", "office_closes",
]  # fmt: skip
CONTACT_COLUMNS = [
    "party", "authority", "name", "name_local", "function", "phone", "mobile", "email", "languages",
]  # fmt: skip
COLUMNS = {"authorities": AUTHORITY_COLUMNS, "contacts": CONTACT_COLUMNS}
REQUIRED = {
    "authorities": ["party", "name", "authority_type", "timezone"],
    "contacts": ["party", "authority", "name"],
}
MAX_ROWS = 5000


class FileProblem(ValueError):
    """The file cannot be read as a table at all."""


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime") and not hasattr(value, "year"):
        return value.strftime("%H:%M")
    return str(value).strip()


def read_table(data: bytes, filename: str) -> list[dict[str, str]]:
    """Read a CSV or XLSX file into rows keyed by the header row (header names lower-cased)."""
    if filename.lower().endswith(".xlsx"):
        rows = _read_xlsx(data)
    elif filename.lower().endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise FileProblem(_("The CSV file is not UTF-8 encoded.")) from exc
        rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]
    else:
        raise FileProblem(_("Upload a .csv or .xlsx file."))
    if not rows:
        raise FileProblem(_("The file is empty."))
    if len(rows) > MAX_ROWS + 1:
        raise FileProblem(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
    header = [h.strip().lower() for h in rows[0]]
    return [
        dict(zip(header, row + [""] * (len(header) - len(row)), strict=False)) for row in rows[1:] if any(row)
    ]


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise FileProblem(_("The file is not a readable Excel workbook.")) from exc
    sheet = workbook.worksheets[0]
    return [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def authority_row(authority: Authority) -> list[str]:
    """One authority in the import/export columns."""
    hours = [f"{t:%H:%M}" if t else "" for t in (authority.office_opens, authority.office_closes)]
    return [
        authority.party.code, authority.name, authority.name_local, authority.authority_type,
        authority.timezone, authority.phone_247, authority.email, authority.languages,
        authority.office_days, *hours,
    ]  # fmt: skip


def contact_row(contact: Contact) -> list[str]:
    """One contact in the import/export columns."""
    return [
        contact.authority.party.code, contact.authority.name, contact.name, contact.name_local,
        contact.function, contact.phone, contact.mobile, contact.email, contact.languages,
    ]  # fmt: skip


def to_csv(header: list[str], rows: Iterable[list[str]]) -> bytes:
    """A UTF-8 CSV with a byte-order mark, so spreadsheet programs show Cyrillic correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(header: list[str], rows: Iterable[list[str]], title: str) -> bytes:
    """An Excel workbook with one sheet."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def to_vcard(contacts: Iterable[Contact]) -> str:
    """vCard 3.0 cards for contacts (RFC 2426), CRLF line ends."""
    lines: list[str] = []
    for contact in contacts:
        lines += [
            "BEGIN:VCARD",
            "VERSION:3.0",
            f"FN:{_escape(contact.name)}",
            f"N:{_escape(contact.name)};;;;",
        ]
        lines.append(f"ORG:{_escape(contact.authority.name)}")
        lines += [f"TITLE:{_escape(contact.function)}"] if contact.function else []
        lines += [f"TEL;TYPE=WORK,VOICE:{contact.phone}"] if contact.phone else []
        lines += [f"TEL;TYPE=CELL:{contact.mobile}"] if contact.mobile else []
        lines += [f"EMAIL;TYPE=INTERNET:{contact.email}"] if contact.email else []
        lines += [f"TZ:{contact.authority.timezone}"]
        note = _("Languages: %(languages)s") % {"languages": contact.languages}  # not in an f-string:
        lines += [f"NOTE:{_escape(note)}"]  # makemessages cannot read inside one
        lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"
