"""Showing a request's content: labels in the reader's language, times in both sides' zones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from iproceeds.cooperation.choices import FieldKind
from iproceeds.cooperation.i18n import localised
from iproceeds.cooperation.identifier_fields import value_as_line
from iproceeds.cooperation.models import CooperationRequest, Field
from iproceeds.cooperation.values import catalogue_fields


@dataclass
class ShownField:
    """One answered field: its label and its value lines."""

    label: str
    lines: list[str]


@dataclass
class ShownSection:
    """A section with its answered fields."""

    label: str
    fields: list[ShownField]


def request_zones(coop_request: CooperationRequest) -> list[str]:
    """The requesting side's zone, then the requested side's when it differs."""
    zones = [coop_request.requesting_authority.timezone]
    if coop_request.requested_authority and coop_request.requested_authority.timezone not in zones:
        zones.append(coop_request.requested_authority.timezone)
    return zones


def in_zones(iso: str, zones: list[str]) -> str:
    """A UTC moment written in UTC and in each side's local time."""
    moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    parts = [date_format(moment, "Y-m-d H:i") + " UTC"]
    for zone in zones:
        local = moment.astimezone(ZoneInfo(zone))
        parts.append(f"{date_format(local, 'Y-m-d H:i')} {zone}")
    return " = ".join(parts)


def _one(field: Field, value: Any, zones: list[str]) -> str:
    if field.kind == FieldKind.BOOLEAN:
        return _("Yes") if value else _("No")
    if field.kind == FieldKind.CHOICE:
        return next((localised(o["labels"]) for o in field.choices if o["value"] == value), str(value))
    if field.kind == FieldKind.DATETIME_TZ:
        return in_zones(value, zones)
    if field.kind == FieldKind.IP_ADDRESS:
        address = f"[{value['address']}]" if value["version"] == 6 else value["address"]
        port = f":{value['port']}" if value.get("port") else ""
        return _("%(address)s at %(time)s") % {
            "address": address + port,
            "time": in_zones(value["timestamp"], zones),
        }
    return value_as_line(field.kind, value)


def shown_sections(coop_request: CooperationRequest) -> list[ShownSection]:
    """The answered sections of a request in template order."""
    zones = request_zones(coop_request)
    shown: list[ShownSection] = []
    for section, field in catalogue_fields(coop_request.request_type):
        value = coop_request.values.get(section.key, {}).get(field.key)
        if value in (None, "", []):
            continue
        if not shown or shown[-1].label != section.label:
            shown.append(ShownSection(section.label, []))
        items = value if field.repeatable else [value]
        shown[-1].fields.append(ShownField(field.label, [_one(field, item, zones) for item in items]))
    return shown
