"""manage.py load_catalogue: load the shipped request catalogue (or another file); safe to run again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from iproceeds.cooperation.services.catalogue import SHIPPED_FILE, catalogue_load_file
from iproceeds.directory.permissions import SYSTEM


class Command(BaseCommand):
    help = "Load the cooperation request catalogue from its JSON data file (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", type=Path, help="Catalogue files (default: the shipped one).")

    def handle(self, *args: Any, **options: Any) -> None:
        for path in options["files"] or [SHIPPED_FILE]:
            try:
                report = catalogue_load_file(path=path, actor=SYSTEM)
            except (OSError, ValueError, ValidationError) as exc:
                raise CommandError(f"{path}: {exc}") from exc
            self.stdout.write(
                f"{path.name}: {report.types} types, {report.created} created, "
                f"{report.changed} changed, {report.removed} removed"
            )
