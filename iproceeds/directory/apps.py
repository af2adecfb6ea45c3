from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_VERBS = {
    "created": _("created"),
    "updated": _("updated"),
    "deleted": _("deleted"),
    "confirmed": _("confirmed"),
}


class DirectoryConfig(AppConfig):
    """Parties and their authorities: the organisations users belong to."""

    name = "iproceeds.directory"
    verbose_name = _("Network directory")

    def ready(self) -> None:
        from django.utils.functional import Promise
        from django.utils.text import format_lazy

        from iproceeds.audit import catalogue
        from iproceeds.core import timers
        from iproceeds.directory.services.entries import CONFIRMABLE, ENTITY
        from iproceeds.directory.services.freshness import confirmation_reminders_scan

        actions: dict[str, Promise | str] = {
            f"directory.{entity}.{verb}": format_lazy(
                "{} {}: {}", _("Directory"), model._meta.verbose_name, label
            )
            for model, entity in ENTITY.items()
            for verb, label in _VERBS.items()
            if verb != "confirmed" or model in CONFIRMABLE
        }
        actions |= {
            "directory.reminder.sent": _("Directory confirmation reminder sent"),
            "directory.import.completed": _("Directory import completed"),
            "directory.export.downloaded": _("Directory exported"),
        }
        catalogue.register(actions)
        timers.register("directory.confirmation_reminders", confirmation_reminders_scan)
