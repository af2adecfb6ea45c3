"""Load exchange rates to the euro from a CSV file (date,currency,rate_per_eur); nothing is fetched."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from iproceeds.investigations.rates import rates_load


class Command(BaseCommand):
    help = "Load exchange rates to the euro from a CSV file; one bad row and nothing is stored."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="CSV file with the header date,currency,rate_per_eur")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            count = rates_load(data=path.read_bytes(), actor=None)
        except ValidationError as exc:
            raise CommandError("\n".join(f"{path}: {message}" for message in exc.messages)) from None
        self.stdout.write(f"{count} exchange rate(s) loaded from {path}")
