"""Run every registered periodic scanner every N seconds (`--once` for a single pass)."""

import signal
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django.utils import timezone

from iproceeds.core import timers


def _eventful(result: object) -> bool:
    """Whether a scanner did something: a count, or a mapping of counts with one above zero."""
    if isinstance(result, dict):
        return any(result.values())
    return bool(result)


class Command(BaseCommand):
    help = "Run the registered timer scanners (reminders, escalations, outbox re-enqueue) periodically."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=30.0, help="Seconds between passes.")
        parser.add_argument("--once", action="store_true", help="Run each scanner once, then exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        self.running = True
        if not options["once"]:
            signal.signal(signal.SIGTERM, self._stop)
            signal.signal(signal.SIGINT, self._stop)
        while self.running:
            for name, result in timers.run_all(timezone.now()).items():
                if _eventful(result):
                    self.stdout.write(f"{name}: {result}")
            if options["once"]:
                return
            self._sleep(options["interval"])
            # A long-running loop must not keep a connection the database has dropped.
            close_old_connections()

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        self.running = False

    def _sleep(self, seconds: float) -> None:
        # Sleep in short steps so a stop signal is honoured promptly.
        deadline = time.monotonic() + seconds
        while self.running and time.monotonic() < deadline:
            time.sleep(min(0.5, seconds))
