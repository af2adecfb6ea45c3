"""Who manages an organisation's webhook endpoints."""

from __future__ import annotations

from typing import Any

from iproceeds.accounts.choices import Role


def can_manage_webhooks(user: Any) -> bool:
    """Active, signed-in organisation administrators, for their own organisation only."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.authority_id is not None
        and user.role == Role.ORG_ADMIN
    )
