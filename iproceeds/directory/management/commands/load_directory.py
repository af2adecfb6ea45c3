"""Load the directory's reference data (Parties and sourced facts) and, optionally, the demo directory."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from iproceeds.directory.reference import load_directory


class Command(BaseCommand):
    help = (
        "Load the directory reference data (idempotent); --demo adds invented demo authorities and contacts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--demo", action="store_true", help="Also load the invented demo directory.")

    def handle(self, *args: Any, **options: Any) -> None:
        include_demo = bool(options["demo"] or settings.DEMO_MODE)
        tally = load_directory(include_demo=include_demo)
        self.stdout.write(
            f"Directory loaded: {tally['created']} created, {tally['checked']} checked"
            f"{' (with demo data)' if include_demo else ''}."
        )
