"""Deliver due outbox messages in this process: `--once` for one pass, else every few seconds."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from iproceeds.notifications import delivery


class Command(BaseCommand):
    help = "Deliver due notification outbox messages (an alternative to the task worker)."
    # A worker, like db_worker: the web server and migrate run the system checks.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="One pass over due messages, then exit.")
        parser.add_argument("--interval", type=float, default=5.0, help="Seconds between passes.")
        parser.add_argument("--lease-seconds", type=int, default=None, help="Claim lease length.")

    def handle(self, *args: Any, **options: Any) -> None:
        worker = delivery.worker_name()
        while True:
            count = delivery.outbox_deliver_due(worker=worker, lease_seconds=options["lease_seconds"])
            self.stdout.write(f"delivered {count}")
            if options["once"]:
                return
            time.sleep(options["interval"])
