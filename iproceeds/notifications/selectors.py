"""Reading a user's own notifications; another user's notification is as absent as a missing one."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from iproceeds.notifications.models import Notification


def notifications_for_user(*, user: Any) -> QuerySet[Notification]:
    """The user's notifications, newest first."""
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def unread_count_for_user(*, user: Any) -> int:
    """How many of the user's notifications are unread."""
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def get_notification_for_user(*, user: Any, pk: int | str) -> Notification:
    """One of the user's notifications; raises the same 404 for absent and for someone else's."""
    notification = notifications_for_user(user=user).filter(pk=pk).first() if str(pk).isdigit() else None
    if notification is None:
        raise Http404
    return notification
