from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    """Cooperation requests: the catalogue of request types, drafts, submission and lifecycle."""

    name = "iproceeds.cooperation"
    verbose_name = _("Cooperation requests")

    def ready(self) -> None:
        from iproceeds.audit import catalogue
        from iproceeds.cooperation.lifecycle import AUDIT_LABELS
        from iproceeds.cooperation.services.deadlines import cooperation_deadlines_scan
        from iproceeds.core import timers

        catalogue.register(
            {
                "cooperation.catalogue.loaded": _("Request catalogue loaded"),
                "cooperation.request.viewed": _("Cooperation request opened"),
                "cooperation.timer.updated": _("Request catalogue timer changed"),
                "cooperation.request.created": _("Cooperation request draft created"),
                "cooperation.request.updated": _("Cooperation request draft changed"),
                "cooperation.request.submitted": _("Cooperation request submitted"),
                "cooperation.receipt.downloaded": _("Cooperation request receipt downloaded"),
                "cooperation.request.pdf_downloaded": _("Cooperation request PDF downloaded"),
                "cooperation.message.posted": _("Message sent on a cooperation request"),
                "cooperation.attachment.downloaded": _("Cooperation request attachment downloaded"),
                "cooperation.attachment.integrity_failed": _(
                    "Cooperation request attachment failed its integrity check"
                ),
                "cooperation.conditions.accepted": _("Conditions of a cooperation request accepted"),
                "cooperation.preservation.mla_pending": _("Preservation pending the MLA decision"),
                "cooperation.request.extension_drafted": _("Extension of a preservation drafted"),
                "cooperation.request.follow_up_drafted": _("Follow-up MLA request drafted"),
                "cooperation.deadline.reminded": _("Preservation expiry reminder sent"),
                "cooperation.request.escalated": _("Unacknowledged urgent request escalated"),
            }
            | AUDIT_LABELS
        )
        timers.register("cooperation.deadlines", cooperation_deadlines_scan)
