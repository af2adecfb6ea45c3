from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    """Machine-facing outlets: signed webhooks to organisations and per-user deadline calendar feeds."""

    name = "iproceeds.integrations"
    verbose_name = _("Integrations")

    def ready(self) -> None:
        from iproceeds.audit import catalogue
        from iproceeds.core import timers
        from iproceeds.integrations import scans

        catalogue.register(
            {
                "integrations.webhook.created": _("Webhook endpoint created"),
                "integrations.webhook.disabled": _("Webhook endpoint disabled"),
                "integrations.webhook.enabled": _("Webhook endpoint enabled"),
                "integrations.webhook.secret_rotated": _("Webhook secret rotated"),
                "integrations.webhook_delivery.failed": _("Webhook delivery given up"),
                "integrations.webhook_delivery.requeued": _("Webhook deliveries re-enqueued"),
                "integrations.calendar_feed.created": _("Calendar feed address created"),
                "integrations.calendar_feed.revoked": _("Calendar feed address revoked"),
            }
        )
        timers.register("integrations.webhook_retry", scans.webhook_requeue_due)
