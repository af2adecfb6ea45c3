"""Loading the shipped reference data (Parties and their facts) and the invented demo directory."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, time
from pathlib import Path
from typing import Any

from django.db import models, transaction

from iproceeds.directory.choices import Confidence, Instrument, TreatyStatus
from iproceeds.directory.models import (
    Authority,
    Competence,
    Contact,
    InstrumentStatus,
    Party,
    PartySetting,
    ProviderIdentifier,
    ProviderRetention,
    ServiceProvider,
)
from iproceeds.directory.permissions import SYSTEM
from iproceeds.directory.services import (
    entry_confirm,
    entry_create,
    entry_update,
    refresh_search_key,
    shift_create,
)

DATA_DIR = Path(__file__).resolve().parent / "data"


def _read(name: str) -> dict[str, Any]:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def _upsert[M: models.Model](
    model: type[M], lookup: dict[str, Any], values: dict[str, Any], tally: Counter[str]
) -> M:
    """Create the entry, or bring an existing one up to date; unchanged entries are left alone."""
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        tally["created"] += 1
        return entry_create(actor=SYSTEM, instance=model(**lookup, **values))
    tally["checked"] += 1
    return entry_update(actor=SYSTEM, instance=instance, changes=values)


def _party_values(row: dict[str, Any], footnote: str) -> dict[str, Any]:
    return {
        "name": row["name"],
        "name_local": row["name_local"],
        "aliases": row["aliases"],
        "is_iproceeds": row["is_iproceeds"],
        "footnote": footnote if row.get("footnote") else "",
        "is_demo": False,
    }


def _instrument_values(fact: dict[str, Any] | None, as_of: date, unknown_source: str) -> dict[str, Any]:
    if fact is None:
        # The legal reference says nothing about this treaty for this Party: record that honestly.
        unknown = {
            "status": TreatyStatus.UNKNOWN,
            "confidence": Confidence.UNCONFIRMED,
            "source": unknown_source,
        }
        return unknown | {"as_of": as_of, "signed_on": None, "ratified_on": None, "in_force_on": None}
    dates = {
        k: date.fromisoformat(fact[k]) if fact.get(k) else None
        for k in ("signed_on", "ratified_on", "in_force_on")
    }
    return {
        "status": fact["status"],
        "confidence": fact["confidence"],
        "source": fact["source"],
        "as_of": as_of,
        **dates,
    }


# The source seed_demo gives the treaty statuses it assumes for its demo Parties (cooperation.demo).
DEMO_BINDING_SOURCE = "Demo assumption made by seed_demo (not a sourced fact): verify before relying on it"


def _demo_assumption(party: Party, instrument: str) -> bool:
    """True when the demo assumed this status where the reference knows nothing: reloading the
    reference would only undo it, and the next seed_demo redo it (two audit events each time)."""
    return InstrumentStatus.objects.filter(
        party=party, instrument=instrument, source=DEMO_BINDING_SOURCE
    ).exists()


def _load_party(row: dict[str, Any], data: dict[str, Any], tally: Counter[str]) -> Party:
    as_of = date.fromisoformat(data["as_of"])
    party = _upsert(Party, {"code": row["code"]}, _party_values(row, data["kosovo_footnote"]), tally)
    for instrument in Instrument.values:
        fact = row["instruments"].get(instrument)
        if fact is None and _demo_assumption(party, instrument):
            tally["checked"] += 1  # the demo's stand-in for an unknown stays until a sourced fact comes
            continue
        values = _instrument_values(fact, as_of, data["unknown_instrument_source"])
        _upsert(InstrumentStatus, {"party": party, "instrument": instrument}, values, tally)
    if row["is_iproceeds"]:
        for key, fact in data["settings"].items():
            values = {
                "value": fact["value"],
                "confidence": fact["confidence"],
                "source": fact["source"],
                "as_of": as_of,
            }
            _upsert(PartySetting, {"party": party, "key": key}, values, tally)
    return party


def load_reference(tally: Counter[str] | None = None) -> Counter[str]:
    """Load the Parties and the facts the legal reference states (idempotent)."""
    tally = tally if tally is not None else Counter()
    data = _read("reference.json")
    with transaction.atomic():
        for row in data["parties"]:
            _load_party(row, data, tally)
    return tally


def _without(row: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != key}


def _hhmm(value: str) -> time:
    return time.fromisoformat(value)


def _load_authority(row: dict[str, Any], tally: Counter[str]) -> None:
    party = Party.objects.get(code=row["party"])
    values = {
        k: row[k] for k in ("name_local", "authority_type", "timezone", "phone_247", "email", "languages")
    }
    values |= {"office_days": row["office_days"], "is_demo": True}
    values |= {"office_opens": _hhmm(row["office_opens"]), "office_closes": _hhmm(row["office_closes"])}
    authority = _upsert(Authority, {"party": party, "name": row["name"]}, values, tally)
    for comp in row["competences"]:
        _upsert(Competence, {"authority": authority, **comp}, {}, tally)
    contacts = [
        _upsert(
            Contact,
            {"authority": authority, "name": c["name"]},
            _without(c, "name") | {"is_demo": True},
            tally,
        )
        for c in row["contacts"]
    ]
    if row["roster"] and not authority.shifts.exists():
        for weekday in range(7):
            for starts, ends, index in row["roster"]:
                shift_create(
                    actor=SYSTEM,
                    contact=contacts[index],
                    weekday=weekday,
                    starts=_hhmm(starts),
                    ends=_hhmm(ends),
                )
                tally["created"] += 1
    if row["confirmed"]:
        for entry in [authority, *contacts]:
            if entry.last_confirmed_at is None:
                entry_confirm(actor=SYSTEM, instance=entry)


def _load_provider(row: dict[str, Any], as_of: date, source: str, tally: Counter[str]) -> None:
    keys = (
        "kind",
        "jurisdiction",
        "le_email",
        "le_portal",
        "emergency_phone",
        "emergency_email",
        "legal_process",
        "notes",
    )
    values = {k: row[k] for k in keys} | {"is_demo": True}
    provider = _upsert(ServiceProvider, {"name": row["name"]}, values, tally)
    for category, days in row["retentions"]:
        values = {"period_days": days, "source": source, "as_of": as_of, "confidence": Confidence.UNCONFIRMED}
        _upsert(ProviderRetention, {"provider": provider, "data_category": category}, values, tally)
    for kind, value in row["identifiers"]:
        if not ProviderIdentifier.objects.filter(kind=kind, value=value).exists():
            _upsert(ProviderIdentifier, {"provider": provider, "kind": kind, "value": value}, {}, tally)


def load_demo(tally: Counter[str] | None = None) -> Counter[str]:
    """Load the invented demo authorities, contacts, rosters and providers (idempotent, is_demo)."""
    tally = tally if tally is not None else Counter()
    data = _read("demo.json")
    as_of = date.fromisoformat(data["as_of"])
    with transaction.atomic():
        for row in data["authorities"]:
            _load_authority(row, tally)
        for row in data["providers"]:
            _load_provider(row, as_of, data["retention_source"], tally)
    return tally


def fill_missing_search_keys() -> int:
    """Give a search key to entries created outside the services (e.g. by seed_demo); derived, not audited."""
    filled = 0
    for model in (Party, Authority, Contact, ServiceProvider):
        for entry in model._default_manager.filter(search_key=""):
            refresh_search_key(entry)
            entry.save(update_fields=["search_key"])
            filled += 1
    return filled


def load_directory(*, include_demo: bool = True) -> Counter[str]:
    """Reference data, then (optionally) the demo directory; safe to run again and again."""
    tally = load_reference()
    if include_demo:
        load_demo(tally)
    tally["search_keys"] = fill_missing_search_keys()
    return tally
