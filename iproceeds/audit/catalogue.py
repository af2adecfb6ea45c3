"""The catalogue of audit action names; recording an unknown name is a programming error."""

from __future__ import annotations

import re

from django.utils.functional import Promise

_ACTIONS: dict[str, Promise | str] = {}
_NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*){2,}$")


class UnknownAuditAction(LookupError):
    """Raised when code records an action that no app registered."""


def register(actions: dict[str, Promise | str]) -> None:
    """Register dotted past-participle action names (``app.entity.verbed``) with their labels."""
    for name, label in actions.items():
        if not _NAME.match(name):
            raise ValueError(f"Audit action {name!r} is not of the form app.entity.verbed")
        _ACTIONS[name] = label


def check(name: str) -> None:
    """Refuse an action name that is not in the catalogue."""
    if name not in _ACTIONS:
        raise UnknownAuditAction(f"Audit action {name!r} is not registered in the catalogue")


def label(name: str) -> Promise | str:
    """The translated label of an action, or the name itself for a retired action."""
    return _ACTIONS.get(name, name)


def all_actions() -> dict[str, Promise | str]:
    """Every registered action with its label, sorted by name."""
    return dict(sorted(_ACTIONS.items()))
