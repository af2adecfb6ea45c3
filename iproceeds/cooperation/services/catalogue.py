"""Loading the request catalogue from its data file, and changing timer values in the application."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from iproceeds.audit import services as audit
from iproceeds.cooperation.models import Field, RequestType, Section, Timer

CATALOGUE_DIR = Path(__file__).resolve().parent.parent / "catalogue"
SHIPPED_FILE = CATALOGUE_DIR / "requests.json"
_TYPE_COLUMNS = ("instrument", "article", "channel", "urgency_options", "refusal_effects", "labels", "order")
_SECTION_COLUMNS = ("labels", "help")
_FIELD_COLUMNS = ("kind", "required", "required_when", "repeatable", "prefill", "choices", "labels", "help")
_TIMER_COLUMNS = ("kind", "start_event", "applies_to", "confidence", "source", "labels")


@dataclass
class LoadReport:
    """What a catalogue load created or changed."""

    types: int = 0
    created: int = 0
    changed: int = 0
    removed: int = 0


def _upsert[M: models.Model](
    model: type[M], keys: dict[str, Any], values: dict[str, Any], report: LoadReport
) -> M:
    """Create or update one row by its natural key, validating it; count what changed."""
    obj = model._default_manager.filter(**keys).first()
    if obj is None:
        obj = model(**keys, **values)
        # The natural key was just looked up inside this transaction: skip the per-row uniqueness
        # queries, which made loading the catalogue several times slower.
        obj.full_clean(validate_unique=False, validate_constraints=False)
        obj.save()
        report.created += 1
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.full_clean(validate_unique=False, validate_constraints=False)
        obj.save(update_fields=changed)
        report.changed += 1
    return obj


def _defaults(entry: dict[str, Any], columns: tuple[str, ...], model: type[models.Model]) -> dict[str, Any]:
    """The entry's values for the given columns, the model's defaults for the absent ones."""
    values = {}
    for name in columns:
        if name in entry:
            values[name] = entry[name]
        else:
            field = model._meta.get_field(name)
            assert isinstance(field, models.Field)
            values[name] = field.get_default()
    return values


def _expand_sections(data: dict[str, Any], entry: dict[str, Any]) -> list[dict[str, Any]]:
    """A type's sections: shared ones named by key, or written out in the entry itself."""
    shared = data.get("sections", {})
    expanded = []
    for item in entry.get("sections", []):
        if isinstance(item, str):
            if item not in shared:
                raise ValidationError(
                    _("Request type %(code)s names an unknown section “%(key)s”."),
                    params={"code": entry.get("code"), "key": item},
                )
            expanded.append({"key": item, **shared[item]})
        else:
            expanded.append(item)
    return expanded


def _refuse_duplicate(keys: list[str], key: str, where: str) -> None:
    if key in keys:
        raise ValidationError(_("“%(key)s” appears twice in %(where)s."), params={"key": key, "where": where})


def _load_fields(section: Section, fields: list[dict[str, Any]], report: LoadReport) -> None:
    keys: list[str] = []
    for order, entry in enumerate(fields, start=1):
        _refuse_duplicate(keys, entry["key"], f"{section.request_type_id}:{section.key}")
        values = _defaults(entry, _FIELD_COLUMNS, Field) | {"order": order}
        _upsert(Field, {"section": section, "key": entry["key"]}, values, report)
        keys.append(entry["key"])
    report.removed += section.fields.exclude(key__in=keys).delete()[0]


def _load_sections(rtype: RequestType, sections: list[dict[str, Any]], report: LoadReport) -> None:
    keys: list[str] = []
    for order, entry in enumerate(sections, start=1):
        _refuse_duplicate(keys, entry["key"], rtype.code)
        values = _defaults(entry, _SECTION_COLUMNS, Section) | {"order": order}
        section = _upsert(Section, {"request_type": rtype, "key": entry["key"]}, values, report)
        _load_fields(section, entry.get("fields", []), report)
        keys.append(entry["key"])
    report.removed += rtype.sections.exclude(key__in=keys).delete()[0]


def _load_timers(rtype: RequestType, timers: list[dict[str, Any]], report: LoadReport) -> None:
    keys: list[str] = []
    for entry in timers:
        _refuse_duplicate(keys, entry["key"], rtype.code)
        values = _defaults(entry, _TIMER_COLUMNS, Timer)
        existing = Timer.objects.filter(request_type=rtype, key=entry["key"]).first()
        # A value changed in the application (typically a [U] value once verified) survives reloads.
        if existing is None or not existing.overridden:
            values |= {"days": entry.get("days", 0), "hours": entry.get("hours", 0)}
        _upsert(Timer, {"request_type": rtype, "key": entry["key"]}, values, report)
        keys.append(entry["key"])
    report.removed += rtype.timers.exclude(key__in=keys).delete()[0]


def catalogue_touch(*, request_type_id: int) -> None:
    """Give a type a new catalogue version: every process reads its sections and timers again."""
    RequestType.objects.filter(pk=request_type_id).update(catalogue_version=uuid.uuid4())


def catalogue_load(*, data: dict[str, Any], actor: Any, source: str = "") -> LoadReport:
    """Create or update request types from catalogue data; idempotent: a second load changes nothing."""
    report = LoadReport()
    with transaction.atomic():
        for entry in data.get("types", []):
            values = _defaults(entry, _TYPE_COLUMNS, RequestType)
            if "description" in entry:
                values["description"] = entry["description"]
            before = replace(report)
            rtype = _upsert(RequestType, {"code": entry["code"]}, values, report)
            _load_sections(rtype, _expand_sections(data, entry), report)
            _load_timers(rtype, entry.get("timers", []), report)
            if report != before:
                catalogue_touch(request_type_id=rtype.pk)
            report.types += 1
        if report.created or report.changed or report.removed:
            audit.record(
                action="cooperation.catalogue.loaded",
                actor=actor,
                actor_label=None if getattr(actor, "is_authenticated", False) else "system",
                target_label=source[:300],
                after={
                    "types": report.types,
                    "created": report.created,
                    "changed": report.changed,
                    "removed": report.removed,
                },
            )
    return report


def catalogue_load_file(*, path: Path, actor: Any) -> LoadReport:
    """Load a catalogue JSON file."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return catalogue_load(data=data, actor=actor, source=Path(path).name)


def timer_update(*, timer: Timer, actor: Any, days: int, hours: int) -> Timer:
    """Change a timer's value (the network secretariat only); kept across catalogue reloads."""
    if not getattr(actor, "is_secretariat", False):
        raise PermissionDenied(_("Only the network secretariat changes catalogue timers."))
    before = {"days": timer.days, "hours": timer.hours}
    timer.days, timer.hours, timer.overridden = days, hours, True
    with transaction.atomic():
        timer.full_clean()
        timer.save(update_fields=["days", "hours", "overridden"])
        catalogue_touch(request_type_id=timer.request_type_id)
        audit.record(
            action="cooperation.timer.updated",
            actor=actor,
            target=timer,
            before=before,
            after={"days": days, "hours": hours},
        )
    return timer
