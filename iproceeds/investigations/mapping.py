"""Column mapping of an unknown bank CSV, chosen in the page and kept per bank for the organisation.

The form offers exactly the options of moneytrace's CSV mapping (``moneytrace.importers.csv_mapping``);
what it produces is the same dict a mapping file holds, checked by moneytrace before anything is read.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from moneytrace.importers import mapping_from_dict
from moneytrace.ledger import LedgerError

from iproceeds.audit.services import record
from iproceeds.investigations.models import BankMapping

SAMPLE_ROWS = 5
DELIMITERS = [
    (",", _lazy("comma ,")),
    (";", _lazy("semicolon ;")),
    ("\t", _lazy("tab")),
    ("|", _lazy("bar |")),
]
ENCODINGS = [
    ("utf-8-sig", "UTF-8"),
    ("cp1252", "Windows-1252"),
    ("cp1250", "Windows-1250"),
    ("latin-1", "ISO-8859-1"),
]
DATE_FORMATS = [
    "%Y-%m-%d",
    "%d.%m.%Y",
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%d-%m-%Y",
    "%Y-%m-%d %H:%M:%S",
    "%d.%m.%Y %H:%M",
]
# Columns other than date and amount: moneytrace's keys with the label shown in the form.
OPTIONAL_COLUMNS = [
    ("counterparty_account", _lazy("Counterparty account (IBAN)")),
    ("counterparty_name", _lazy("Counterparty name")),
    ("counterparty_bank", _lazy("Counterparty bank (BIC)")),
    ("counterparty_country", _lazy("Counterparty country")),
    ("reference", _lazy("Reference / purpose")),
    ("id", _lazy("Bank's transaction id")),
    ("channel", _lazy("Channel (transfer, cash, card, crypto)")),
    ("currency", _lazy("Currency per row")),
]
# What a statement of the same bank shares; the account and balances belong to one file only.
PER_FILE_KEYS = ("account", "opening_balance", "closing_balance")


@dataclass(frozen=True)
class Sample:
    """The first lines of a CSV as read with a delimiter: the header and a few rows."""

    delimiter: str
    header: list[str]
    rows: list[list[str]]


def csv_sample(data: bytes, *, delimiter: str = "", encoding: str = "utf-8-sig") -> Sample:
    """The header and first rows, guessing the delimiter when none is given; ValidationError if unreadable."""
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise ValidationError({"encoding": _("The file cannot be read with this encoding.")}) from None
    head = "\n".join(text.splitlines()[: SAMPLE_ROWS + 1])
    if not delimiter:
        try:
            delimiter = csv.Sniffer().sniff(head, delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
    lines = list(csv.reader(io.StringIO(head), delimiter=delimiter))
    if not lines or not any(cell.strip() for cell in lines[0]):
        raise ValidationError({"file": _("The file has no header line.")})
    return Sample(delimiter, [cell.strip() for cell in lines[0]], lines[1:])


def bank_names(*, actor: Any) -> list[str]:
    """The banks whose mapping the actor's organisation saved."""
    if not getattr(actor, "authority_id", None):
        return []
    return list(
        BankMapping.objects.filter(authority_id=actor.authority_id).values_list("bank_name", flat=True)
    )


def bank_mapping_for(*, actor: Any, bank_name: str) -> dict[str, Any] | None:
    """The mapping the actor's organisation saved for a bank, None when there is none."""
    if not getattr(actor, "authority_id", None):
        return None
    found = BankMapping.objects.filter(authority_id=actor.authority_id, bank_name=bank_name.strip()).first()
    return dict(found.mapping) if found else None


def bank_mapping_save(*, actor: Any, bank_name: str, mapping: dict[str, Any]) -> BankMapping:
    """Keep a checked mapping for a bank of the actor's organisation (replacing the one saved before)."""
    if not getattr(actor, "authority_id", None):
        raise PermissionDenied(_("Only members of an organisation keep bank mappings."))
    name = bank_name.strip()
    if not name:
        raise ValidationError({"bank": _("Name the bank to keep its mapping.")})
    _check(mapping)
    shared = {k: v for k, v in mapping.items() if k not in PER_FILE_KEYS}
    with transaction.atomic():
        saved, created = BankMapping.objects.select_for_update().get_or_create(
            authority_id=actor.authority_id,
            bank_name=name,
            defaults={"mapping": shared, "updated_by": actor, "updated_at": timezone.now()},
        )
        before = None if created else {"mapping": saved.mapping}
        if not created:
            saved.mapping, saved.updated_by, saved.updated_at = shared, actor, timezone.now()
            saved.full_clean()
            saved.save(update_fields=["mapping", "updated_by", "updated_at"])
        record(
            action="investigations.bank_mapping.saved",
            actor=actor,
            target=saved,
            before=before,
            after={"bank": name, "mapping": shared},
        )
    return saved


def _check(mapping: dict[str, Any]) -> None:
    """moneytrace's own check of a mapping; every problem is put on the key it names."""
    try:
        mapping_from_dict(mapping)
    except LedgerError as exc:
        errors: dict[str, list[str]] = {}
        for problem in exc.problems:
            key = str(problem.field or "mapping").removeprefix("columns.")
            errors.setdefault(key, []).append(str(problem.message))
        raise ValidationError(errors) from None


def _column_choices(header: list[str]) -> list[tuple[str, str]]:
    return [("", "—"), *((name, name) for name in header)]


class MappingForm(forms.Form):
    """How to read one bank's CSV: moneytrace's mapping keys, the columns chosen among the header's."""

    bank = forms.CharField(label=_lazy("Bank"), max_length=200, required=False)
    save_for_bank = forms.BooleanField(label=_lazy("Keep this mapping for the bank"), required=False)
    account = forms.CharField(label=_lazy("The statement's own account (IBAN)"), max_length=64)
    currency = forms.CharField(label=_lazy("Currency of the statement"), max_length=3, initial="EUR")
    delimiter = forms.ChoiceField(label=_lazy("Delimiter"), choices=DELIMITERS)
    encoding = forms.ChoiceField(label=_lazy("Encoding"), choices=ENCODINGS)
    date = forms.ChoiceField(label=_lazy("Date column"))
    date_format = forms.ChoiceField(
        label=_lazy("Date format"), choices=[(f, f) for f in DATE_FORMATS], required=False
    )
    date_format_other = forms.CharField(
        label=_lazy("Other date format (strptime, e.g. %d.%m.%y)"), max_length=40, required=False
    )
    timezone = forms.CharField(label=_lazy("Time zone of the dates"), max_length=60, initial="UTC")
    amount_mode = forms.ChoiceField(
        label=_lazy("Amounts"),
        choices=[("signed", _lazy("One signed amount column")), ("split", _lazy("Debit and credit columns"))],
        widget=forms.RadioSelect,
        initial="signed",
    )
    amount = forms.ChoiceField(label=_lazy("Amount column"), required=False)
    sign = forms.ChoiceField(
        label=_lazy("Sign convention"),
        choices=[
            ("credit-positive", _lazy("Money in is positive")),
            ("debit-positive", _lazy("Money out is positive")),
        ],
    )
    debit = forms.ChoiceField(label=_lazy("Debit column"), required=False)
    credit = forms.ChoiceField(label=_lazy("Credit column"), required=False)
    decimal = forms.ChoiceField(label=_lazy("Decimal separator"), choices=[(".", "."), (",", ",")])
    thousands = forms.ChoiceField(
        label=_lazy("Thousands separator"),
        choices=[("", _lazy("none")), (".", "."), (",", ","), (" ", _lazy("space")), ("'", "'")],
        required=False,
    )
    opening_balance = forms.CharField(label=_lazy("Opening balance (as in the file)"), required=False)
    closing_balance = forms.CharField(label=_lazy("Closing balance (as in the file)"), required=False)
    direction_column = forms.ChoiceField(label=_lazy("Debit/credit marker column"), required=False)
    direction_debit = forms.CharField(label=_lazy("Markers of a debit (comma-separated)"), required=False)
    direction_credit = forms.CharField(label=_lazy("Markers of a credit (comma-separated)"), required=False)

    def __init__(self, *args: Any, header: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = _column_choices(header)
        for name in ("date", "amount", "debit", "credit", "direction_column"):
            self.fields[name].choices = choices  # type: ignore[attr-defined]
        for key, label in OPTIONAL_COLUMNS:
            self.fields[f"col_{key}"] = forms.ChoiceField(label=label, choices=choices, required=False)

    def to_mapping(self) -> dict[str, Any]:
        """The moneytrace mapping dict of the cleaned form."""
        data = self.cleaned_data
        columns = {"date": data["date"]}
        keys = ("amount",) if data["amount_mode"] == "signed" else ("debit", "credit")
        columns |= {key: data[key] for key in keys if data[key]}
        columns |= {key: data[f"col_{key}"] for key, _label in OPTIONAL_COLUMNS if data[f"col_{key}"]}
        mapping: dict[str, Any] = {
            "account": data["account"].strip(),
            "currency": data["currency"].strip().upper(),
            "delimiter": data["delimiter"],
            "encoding": data["encoding"],
            "date_formats": [data["date_format_other"].strip() or data["date_format"] or "%Y-%m-%d"],
            "timezone": data["timezone"].strip(),
            "decimal": data["decimal"],
            "thousands": data["thousands"],
            "sign": data["sign"],
            "columns": columns,
        }
        for key in ("opening_balance", "closing_balance"):
            if data[key].strip():
                mapping[key] = data[key].strip()
        if data["direction_column"]:
            mapping["direction"] = {
                "column": data["direction_column"],
                "debit": _markers(data["direction_debit"]),
                "credit": _markers(data["direction_credit"]),
            }
        return mapping

    def clean(self) -> dict[str, Any]:
        """The mapping must pass moneytrace's check; a fault lands on the field it names."""
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        try:
            _check(self.to_mapping())
        except ValidationError as exc:
            for key, errors in exc.error_dict.items():
                self.add_error(_field_of(key, self), errors)
        if cleaned.get("save_for_bank") and not cleaned.get("bank", "").strip():
            self.add_error("bank", _("Name the bank to keep its mapping."))
        return cleaned


def _markers(text: str) -> list[str]:
    return [m.strip() for m in text.split(",") if m.strip()]


def _field_of(key: str, form: forms.Form) -> str | None:
    """The form field that shows a problem moneytrace found with a mapping key."""
    for name in (key, f"col_{key}"):
        if name in form.fields:
            return name
    return None


def initial_from(mapping: dict[str, Any] | None, *, sample: Sample, bank: str = "") -> dict[str, Any]:
    """Initial form values from a saved (or stored) mapping, else the guessed delimiter only."""
    initial: dict[str, Any] = {"bank": bank, "delimiter": sample.delimiter, "save_for_bank": bool(bank)}
    if not mapping:
        return initial
    columns = dict(mapping.get("columns", {}))
    formats = mapping.get("date_formats") or ["%Y-%m-%d"]
    first = formats[0] if isinstance(formats, list) else str(formats)
    initial |= {
        k: mapping[k] for k in ("account", "currency", "delimiter", "encoding", "timezone") if k in mapping
    }
    initial |= {k: mapping[k] for k in ("decimal", "thousands", "sign") if k in mapping}
    initial |= {k: mapping[k] for k in ("opening_balance", "closing_balance") if k in mapping}
    initial |= {
        "date": columns.get("date", ""),
        "date_format": first if first in DATE_FORMATS else "",
        "date_format_other": "" if first in DATE_FORMATS else first,
        "amount_mode": "signed" if "amount" in columns else "split",
        **{k: columns.get(k, "") for k in ("amount", "debit", "credit")},
        **{f"col_{key}": columns.get(key, "") for key, _label in OPTIONAL_COLUMNS},
    }
    direction = mapping.get("direction") or {}
    if direction:
        initial |= {
            "direction_column": direction.get("column", ""),
            "direction_debit": ", ".join(direction.get("debit", [])),
            "direction_credit": ", ".join(direction.get("credit", [])),
        }
    return initial
