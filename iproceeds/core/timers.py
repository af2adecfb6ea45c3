"""Periodic scanners: apps register idempotent callables taking `now`; `run_timers` calls them."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

logger = logging.getLogger("iproceeds.timers")

Scanner = Callable[[datetime], object]
_SCANNERS: dict[str, Scanner] = {}


def register(name: str, scanner: Scanner) -> None:
    """Register a scanner under a unique dotted name; it must be idempotent and cheap when idle."""
    _SCANNERS[name] = scanner


def all_scanners() -> dict[str, Scanner]:
    """Every registered scanner by name, in registration order."""
    return dict(_SCANNERS)


def run_all(now: datetime) -> dict[str, object]:
    """Run every scanner once; one failing scanner is logged and does not stop the others."""
    results: dict[str, object] = {}
    for name, scanner in _SCANNERS.items():
        try:
            results[name] = scanner(now)
        except Exception:
            logger.exception("Timer scanner %s failed", name)
            results[name] = None
    return results
