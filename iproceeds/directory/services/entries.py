"""Creating, changing, deleting and confirming directory entries: one audited path for all."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iproceeds.audit import services as audit
from iproceeds.directory import text
from iproceeds.directory.models import (
    Authority,
    Competence,
    Contact,
    DutyOverride,
    DutyShift,
    InstrumentStatus,
    Party,
    PartyDeclaration,
    PartySetting,
    ProviderIdentifier,
    ProviderRetention,
    ServiceProvider,
)
from iproceeds.directory.permissions import SYSTEM, require_edit, require_secretariat

ENTITY: dict[type[models.Model], str] = {
    Party: "party",
    InstrumentStatus: "instrument",
    PartyDeclaration: "declaration",
    PartySetting: "setting",
    Authority: "authority",
    Competence: "competence",
    Contact: "contact",
    DutyShift: "shift",
    DutyOverride: "override",
    ServiceProvider: "provider",
    ProviderRetention: "retention",
    ProviderIdentifier: "identifier",
}
CONFIRMABLE = (Authority, Contact, ServiceProvider)
# Bookkeeping columns the services maintain themselves; callers never set them.
MANAGED = {"id", "search_key", "last_confirmed_at", "last_confirmed_by", "reminded_at"}
MANAGED |= {"ip_version", "range_start", "range_end"}
# The owner of an entry decides who may edit it; moving an entry to another owner is refused.
OWNERS = {"party", "authority", "provider"}

# Cross-row invariants (e.g. non-overlapping shifts) registered by other service modules.
CROSS_ROW_CHECKS: dict[type[models.Model], Callable[[Any], None]] = {}


def action_name(model: type[models.Model], verb: str) -> str:
    """The audit action of a change: directory.<entity>.<verb>."""
    return f"directory.{ENTITY[model]}.{verb}"


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The audited state of an entry: its editable columns, foreign keys by id."""
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.name not in MANAGED}


def _search_parts(obj: models.Model) -> list[str] | None:
    if isinstance(obj, Party):
        return [obj.code, obj.name, obj.name_local, *obj.aliases.split(";")]
    if isinstance(obj, Authority):
        return [obj.name, obj.name_local, obj.email]
    if isinstance(obj, Contact):
        return [obj.name, obj.name_local, obj.function, obj.email, obj.phone, obj.mobile]
    if isinstance(obj, ServiceProvider):
        return [obj.name, obj.jurisdiction, obj.le_email]
    return None


def refresh_search_key(obj: models.Model) -> None:
    """Store the normalised search key of a searchable entry."""
    parts = _search_parts(obj)
    if parts is not None:
        obj.search_key = text.search_key(parts)  # type: ignore[attr-defined]


def _actor_label(actor: Any) -> str | None:
    return "system" if actor is SYSTEM else None


def _audit_actor(actor: Any) -> Any:
    return None if actor is SYSTEM else actor


def _record(action: str, actor: Any, target: models.Model, **payload: Any) -> None:
    audit.record(
        action=action, actor=_audit_actor(actor), actor_label=_actor_label(actor), target=target, **payload
    )


def _check_changes(instance: models.Model, changes: dict[str, Any]) -> None:
    names = {f.name for f in instance._meta.concrete_fields}
    errors = {
        k: [_("This field does not exist or cannot be changed.")]
        for k in changes
        if k not in names or k in MANAGED
    }
    errors |= {k: [_("An entry cannot be moved to another owner.")] for k in changes if k in OWNERS}
    if errors:
        raise ValidationError(errors)


def _validate(instance: models.Model) -> None:
    instance.full_clean()
    check = CROSS_ROW_CHECKS.get(type(instance))
    if check is not None:
        check(instance)
    refresh_search_key(instance)


def entry_create[M: models.Model](*, actor: Any, instance: M) -> M:
    """Check permission and validity, save a new entry and audit it."""
    if isinstance(instance, Party):
        require_secretariat(actor)
    else:
        require_edit(actor, instance)
    with transaction.atomic():
        _validate(instance)
        instance.save(force_insert=True)
        _record(action_name(type(instance), "created"), actor, instance, after=snapshot(instance))
    return instance


def entry_update[M: models.Model](*, actor: Any, instance: M, changes: dict[str, Any]) -> M:
    """Apply changes to an entry; an unchanged entry is neither saved nor audited."""
    require_edit(actor, instance)
    _check_changes(instance, changes)
    before = snapshot(instance)
    for name, value in changes.items():
        setattr(instance, name, value)
    with transaction.atomic():
        _validate(instance)
        after = snapshot(instance)
        changed = [k for k in after if after[k] != before[k]]
        if not changed:
            return instance
        fields = [instance._meta.get_field(k).name for k in changed]
        instance.save(update_fields=[*fields, *(["search_key"] if hasattr(instance, "search_key") else [])])
        _record(
            action_name(type(instance), "updated"),
            actor,
            instance,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return instance


def entry_delete(*, actor: Any, instance: models.Model) -> None:
    """Delete an entry and audit what it was."""
    if isinstance(instance, Party):
        require_secretariat(actor)
    else:
        require_edit(actor, instance)
    with transaction.atomic():
        _record(action_name(type(instance), "deleted"), actor, instance, before=snapshot(instance))
        instance.delete()


def entry_confirm[M: models.Model](*, actor: Any, instance: M) -> M:
    """Record that the owner checked an authority, contact or provider and found it current."""
    if not isinstance(instance, CONFIRMABLE):
        raise ValidationError(_("This kind of entry is not confirmed periodically."))
    require_edit(actor, instance)
    before = instance.last_confirmed_at
    instance.last_confirmed_at = timezone.now()
    instance.last_confirmed_by = _audit_actor(actor)
    with transaction.atomic():
        instance.save(update_fields=["last_confirmed_at", "last_confirmed_by"])
        _record(
            action_name(type(instance), "confirmed"),
            actor,
            instance,
            before={"last_confirmed_at": before},
            after={"last_confirmed_at": instance.last_confirmed_at},
        )
    return instance
