from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """The transactional outbox and its in-app and e-mail deliveries."""

    name = "iproceeds.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from iproceeds.audit import catalogue
        from iproceeds.core import timers
        from iproceeds.notifications import scans

        catalogue.register(
            {
                "notifications.message.failed": _("Notification delivery failed"),
                "notifications.outbox.requeued": _("Notification outbox re-enqueued"),
                "notifications.notification.read": _("Notification marked read"),
                "notifications.notification.all_read": _("All notifications marked read"),
            }
        )
        timers.register("notifications.outbox_requeue", scans.outbox_requeue_due)
