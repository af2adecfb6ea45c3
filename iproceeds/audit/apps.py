from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The hash-chained, append-only audit trail."""

    name = "iproceeds.audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from iproceeds.audit import catalogue

        catalogue.register(
            {
                "audit.trail.exported": _("Audit trail exported"),
                "audit.trail.searched": _("Audit trail searched"),
                "audit.chain.verified": _("Audit chain verified"),
            }
        )
