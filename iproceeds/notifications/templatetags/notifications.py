"""The unread count shown in the navigation."""

from typing import Any

from django import template

from iproceeds.notifications.selectors import unread_count_for_user

register = template.Library()


@register.simple_tag
def unread_notifications(user: Any) -> int:
    """How many unread notifications the signed-in user has (0 for anonymous visitors)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return unread_count_for_user(user=user)
