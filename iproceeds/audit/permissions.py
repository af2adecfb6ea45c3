"""Who may read the audit trail."""

from typing import Any

from django.core.exceptions import PermissionDenied


def can_read_audit(user: Any) -> bool:
    """Auditors read the whole trail; nobody else reads it through the UI."""
    return bool(getattr(user, "is_authenticated", False) and user.is_auditor and user.is_active)


def require_audit_reader(user: Any) -> None:
    """Raise PermissionDenied unless the user is an auditor."""
    if not can_read_audit(user):
        raise PermissionDenied
