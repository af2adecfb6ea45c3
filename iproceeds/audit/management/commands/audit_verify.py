"""`manage.py audit_verify`: prove the audit chain intact or name the first bad event."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from iproceeds.audit.services import chain_verify


class Command(BaseCommand):
    help = "Verify the hash chain of the audit trail."

    def handle(self, *args: Any, **options: Any) -> None:
        report = chain_verify()
        if report.intact:
            self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {report.checked} events verified."))
            return
        raise CommandError(
            f"Audit chain broken at event #{report.first_bad_seq}: {report.problem} "
            f"({report.checked} events before it verified)."
        )
