"""The registry of API token scopes; apps add their own in AppConfig.ready()."""

from __future__ import annotations

from django.utils.functional import Promise

_SCOPES: dict[str, Promise | str] = {}


def register(scopes: dict[str, Promise | str]) -> None:
    """Register scope names with their translated labels."""
    _SCOPES.update(scopes)


def all_scopes() -> dict[str, Promise | str]:
    """Every registered scope with its label, sorted by name."""
    return dict(sorted(_SCOPES.items()))


def is_known(name: str) -> bool:
    """True when an app registered this scope."""
    return name in _SCOPES
