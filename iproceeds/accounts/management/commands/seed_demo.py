"""Create the demo Parties, authorities and users (idempotent) and print the demo logins."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from iproceeds.accounts.demo import KOSOVO_FOOTNOTE, seed_demo
from iproceeds.cooperation.demo import seed_cooperation_demo
from iproceeds.directory.reference import fill_missing_search_keys
from iproceeds.investigations.demo import seed_investigations_demo
from iproceeds.investigations.demo_skopje import seed_skopje_demo


class Command(BaseCommand):
    help = "Create demo Parties, authorities and users for every role (only with IPROCEEDS_DEMO_MODE=1)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            # Demo accounts have published passwords: they must never exist on a real deployment.
            raise CommandError(
                "seed_demo runs only with IPROCEEDS_DEMO_MODE=1 (which requires DJANGO_DEBUG=1)."
            )
        logins = seed_demo()
        # Authorities created here after load_directory still need their cross-script search keys.
        fill_missing_search_keys()
        seed_investigations_demo()
        # Needs the directory and the catalogue: `make run` loads both before seed_demo.
        seed_cooperation_demo()
        seed_skopje_demo()  # after the catalogue: its WC21 draft asks North Macedonia
        self.stdout.write("Demo logins (the second-factor page shows each demo account's code):")
        self.stdout.write(f"{'username':<15} {'password':<22} {'role':<28} authority")
        for login in logins:
            self.stdout.write(
                f"{login.username:<15} {login.password:<22} {login.role!s:<28} {login.authority}"
            )
        self.stdout.write(f"* Kosovo: {KOSOVO_FOOTNOTE}")
