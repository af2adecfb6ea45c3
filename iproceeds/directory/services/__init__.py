"""Every change to the directory goes through these services (permission, validation, audit)."""

from iproceeds.directory.services.entries import (
    entry_confirm,
    entry_create,
    entry_delete,
    entry_update,
    refresh_search_key,
    snapshot,
)
from iproceeds.directory.services.freshness import confirmation_reminders_scan
from iproceeds.directory.services.roster import override_create, shift_create

__all__ = [
    "confirmation_reminders_scan",
    "entry_confirm",
    "entry_create",
    "entry_delete",
    "entry_update",
    "override_create",
    "refresh_search_key",
    "shift_create",
    "snapshot",
]
