"""Who may read and who may change the directory."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _

from iproceeds.directory.models import Authority, Party, ServiceProvider


class SystemActor:
    """The actor of management commands (reference data loading, scanners): not a user."""

    is_authenticated = False
    is_active = True

    def __str__(self) -> str:
        return "system"


SYSTEM = SystemActor()


def can_read_directory(user: Any) -> bool:
    """Every signed-in, active user reads the directory (second factor enforced by middleware)."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def owning_party_id(obj: models.Model) -> int | None:
    """The Party an entry belongs to; None for network-wide entries (service providers)."""
    if isinstance(obj, Party):
        return obj.pk
    if isinstance(obj, ServiceProvider):
        return None
    for attr in ("party", "authority", "provider", "contact"):
        if hasattr(obj, f"{attr}_id") and getattr(obj, f"{attr}_id") is not None:
            return owning_party_id(getattr(obj, attr))
    return None


def _provider_of(obj: models.Model) -> ServiceProvider | None:
    if isinstance(obj, ServiceProvider):
        return obj
    return getattr(obj, "provider", None) if getattr(obj, "provider_id", None) else None


def _user_party(user: Any) -> Party | None:
    authority: Authority | None = getattr(user, "authority", None)
    return authority.party if authority is not None else None


def can_edit(user: Any, obj: models.Model) -> bool:
    """The secretariat edits everything; an organisation administrator edits their own Party's entries."""
    if user is SYSTEM:
        return True
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return False
    if user.is_secretariat:
        return True
    party = _user_party(user)
    if not user.is_org_admin or party is None or (isinstance(obj, Party) and obj.pk is None):
        return False
    provider = _provider_of(obj)
    if provider is not None:
        return provider.jurisdiction == party.code
    return owning_party_id(obj) == party.pk


def require_edit(user: Any, obj: models.Model) -> None:
    """Raise PermissionDenied with the reason unless the user may change this entry."""
    if can_edit(user, obj):
        return
    if getattr(user, "is_org_admin", False):
        raise PermissionDenied(_("Organisation administrators may change only their own Party's entries."))
    raise PermissionDenied(
        _(
            "Only the network secretariat or an organisation administrator of this Party "
            "may change this entry."
        )
    )


def require_secretariat(user: Any) -> None:
    """Raise PermissionDenied unless the user is the secretariat (or the system)."""
    if user is SYSTEM or (
        getattr(user, "is_authenticated", False) and user.is_active and user.is_secretariat
    ):
        return
    raise PermissionDenied(_("Only the network secretariat may do this."))
