"""Create the invented demo investigation case for officer.rs (only with IPROCEEDS_DEMO_MODE=1)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from iproceeds.investigations.demo import seed_investigations_demo
from iproceeds.investigations.demo_skopje import seed_skopje_demo


class Command(BaseCommand):
    help = "Create the demo investigation case of officer.rs (idempotent; run seed_demo first)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("seed_investigations_demo runs only with IPROCEEDS_DEMO_MODE=1.")
        case = seed_investigations_demo()
        if case is None:
            raise CommandError("The demo officer officer.rs does not exist: run seed_demo first.")
        self.stdout.write(f"Demo case {case.reference} of officer.rs is ready.")
        skopje = seed_skopje_demo()
        if skopje is not None:
            self.stdout.write(f"Demo case {skopje.reference} of officer.rs is ready.")
