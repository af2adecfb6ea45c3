"""A request's content checked against its catalogue type: the one validation path for forms and API."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from iproceeds.cooperation import identifiers as ids
from iproceeds.cooperation.catalogue_cache import type_catalogue
from iproceeds.cooperation.choices import FieldKind
from iproceeds.cooperation.identifier_fields import SIMPLE
from iproceeds.cooperation.models import Field, RequestType, Section

# Composite kinds, re-checked from their stored (JSON) form.
_COMPOSITE_CHECKS: dict[str, Any] = {
    FieldKind.IP_ADDRESS: lambda v: ids.normalise_ip_identifier(v["address"], v.get("port"), v["timestamp"]),
    FieldKind.ACCOUNT: lambda v: ids.normalise_account(v["username"], v["service"]),
    FieldKind.AMOUNT: lambda v: ids.normalise_amount(v["amount"], v["currency"]),
    FieldKind.DATETIME_TZ: lambda v: ids.iso_utc(ids.normalise_timestamp(v)),
    FieldKind.DATE: lambda v: _iso_date(v),
}


def _iso_date(value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except (TypeError, ValueError):
        raise ValidationError(_("Give a date such as 2026-11-23."), code="invalid_date") from None


def field_name(section: Section, field: Field) -> str:
    """The form and error key of a field: <section>__<field>."""
    return f"{section.key}__{field.key}"


def catalogue_fields(
    request_type: RequestType, section: str | None = None
) -> Iterator[tuple[Section, Field]]:
    """Every (section, field) of a type in template order, of one section only when its key is
    given; read once per process and catalogue version (catalogue_cache)."""
    for found, fields in type_catalogue(request_type).sections:
        if section is None or found.key == section:
            for field in fields:
                yield found, field


def is_empty(value: Any) -> bool:
    """True for the values that mean “not answered”."""
    return value in (None, "", [], {}, False)


def _check_one(field: Field, value: Any) -> Any:
    if field.kind in SIMPLE:
        if not isinstance(value, str):
            raise ValidationError(_("Give this value as text."), code="invalid")
        return SIMPLE[field.kind](value)
    if field.kind in _COMPOSITE_CHECKS:
        try:
            return _COMPOSITE_CHECKS[field.kind](value)
        except (KeyError, TypeError):
            raise ValidationError(_("This value is incomplete."), code="invalid") from None
    if field.kind == FieldKind.CHOICE:
        if value not in {option["value"] for option in field.choices}:
            raise ValidationError(_("Choose one of the options."), code="invalid_choice")
        return value
    if field.kind == FieldKind.BOOLEAN:
        if not isinstance(value, bool):
            raise ValidationError(_("Answer yes or no."), code="invalid")
        return value
    if not isinstance(value, str):
        raise ValidationError(_("Give this value as text."), code="invalid")
    return value.strip()


def _check_value(field: Field, value: Any) -> Any:
    if not field.repeatable:
        return _check_one(field, value)
    if not isinstance(value, list):
        raise ValidationError(_("Give a list of values."), code="invalid")
    return [_check_one(field, item) for item in value]


def _lookup(values: dict[str, Any], urgency: str, path: str) -> Any:
    if path == "urgency":
        return urgency
    section, _dot, key = path.partition(".")
    return values.get(section, {}).get(key)


def is_required(field: Field, values: dict[str, Any], urgency: str) -> bool:
    """A field is required always, or only for the answers its condition lists."""
    condition = field.required_when
    if condition:
        return _lookup(values, urgency, condition["field"]) in condition["values"]
    return field.required


def values_clean(
    *, request_type: RequestType, values: dict[str, Any], urgency: str, complete: bool
) -> dict[str, dict[str, Any]]:
    """Normalised content, or a ValidationError keyed by <section>__<field> naming every problem.

    A draft (complete=False) may leave fields empty but every given value must be valid; a request
    to submit (complete=True) needs every required field.
    """
    if not isinstance(values, dict) or not all(isinstance(v, dict) for v in values.values()):
        raise ValidationError(_("The content must be an object of sections, each an object of fields."))
    cleaned: dict[str, dict[str, Any]] = {}
    errors: dict[str, list[str]] = {}
    known: set[tuple[str, str]] = set()
    for section, field in catalogue_fields(request_type):
        known.add((section.key, field.key))
        raw = values.get(section.key, {}).get(field.key)
        if is_empty(raw):
            if complete and is_required(field, values, urgency):
                errors[field_name(section, field)] = [_("This field is required.")]
            continue
        try:
            cleaned.setdefault(section.key, {})[field.key] = _check_value(field, raw)
        except ValidationError as exc:
            errors[field_name(section, field)] = exc.messages
    unknown = sorted(f"{s}__{k}" for s, fields in values.items() for k in fields if (s, k) not in known)
    for name in unknown:
        errors[name] = [_("This type of request has no such field.")]
    if errors:
        raise ValidationError(errors)
    return cleaned
