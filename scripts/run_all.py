#!/usr/bin/env python3
"""Run the web server, the task worker and the timers together; one Ctrl-C stops all three.

Each child's output is forwarded line by line with a prefix ("[web] ...").  If any child dies,
the others are stopped and this script exits non-zero, so a half-running system is never left.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import FrameType
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
STOP_GRACE_SECONDS = 10.0


def build_commands(
    host: str, port: int, *, redis_url: str = "", python: str = sys.executable
) -> dict[str, list[str]]:
    """The three children: web server, task worker (database, or RQ when Redis is configured), timers."""
    manage = [python, str(ROOT / "manage.py")]
    if redis_url:
        worker = [*manage, "rqworker", "default", "--job-class", "django_tasks_rq.backend.Job"]
    else:
        worker = [*manage, "db_worker", "--no-reload", "--queue-name", "*"]
    return {
        "web": [*manage, "runserver", f"{host}:{port}", "--noreload"],
        "worker": worker,
        "timers": [*manage, "run_timers"],
    }


class Supervisor:
    """Start named child processes, forward their output, and stop them all together."""

    def __init__(self, commands: Mapping[str, Sequence[str]], out: IO[str] | None = None) -> None:
        self.commands = commands
        self.out = out or sys.stdout
        self.children: dict[str, subprocess.Popen[bytes]] = {}
        self.stop_requested = threading.Event()
        self._lock = threading.Lock()
        self._pumps: list[threading.Thread] = []

    def _print(self, text: str) -> None:
        with self._lock:
            self.out.write(text + "\n")
            self.out.flush()

    def _pump(self, name: str, stream: IO[bytes]) -> None:
        for raw in iter(stream.readline, b""):
            self._print(f"[{name}] {raw.decode(errors='replace').rstrip()}")

    def start(self) -> None:
        """Start every child in its own process group, so a stop reaches its own children too."""
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        for name, argv in self.commands.items():
            # The argv lists come from build_commands() or the caller's code, never from user input.
            child = subprocess.Popen(  # noqa: S603
                list(argv), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, start_new_session=True
            )
            self.children[name] = child
            pump = threading.Thread(target=self._pump, args=(name, child.stdout), daemon=True)
            pump.start()
            self._pumps.append(pump)

    def request_stop(self, signum: int = signal.SIGTERM, frame: FrameType | None = None) -> None:
        """Signal handler: ask the main loop to stop everything."""
        self.stop_requested.set()

    def _first_dead(self) -> tuple[str, int] | None:
        for name, child in self.children.items():
            if child.poll() is not None:
                return name, child.returncode
        return None

    def stop_all(self) -> None:
        """SIGTERM every live child's process group, then SIGKILL whatever outlives the grace period."""
        for child in self.children.values():
            _signal_group(child, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for child in self.children.values():
            try:
                child.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(child, signal.SIGKILL)
                child.wait()
        for pump in self._pumps:
            pump.join(timeout=1)

    def run(self) -> int:
        """Supervise until a stop signal (exit 0) or a child's death (exit non-zero)."""
        signal.signal(signal.SIGINT, self.request_stop)
        signal.signal(signal.SIGTERM, self.request_stop)
        self.start()
        code = 0
        while not self.stop_requested.wait(0.2):
            dead = self._first_dead()
            if dead is not None:
                name, returncode = dead
                self._print(f"[run_all] {name} exited with status {returncode}; stopping the others")
                code = returncode if returncode > 0 else 1
                break
        else:
            self._print("[run_all] stopping")
        self.stop_all()
        return code


def _signal_group(child: subprocess.Popen[bytes], signum: int) -> None:
    if child.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signum)


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the host and port, print the URL and supervise the three processes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    commands = build_commands(args.host, args.port, redis_url=os.environ.get("REDIS_URL", ""))
    # Passkeys need a secure context: http://localhost is one, http://127.0.0.1 is not.
    shown = "localhost" if args.host in {"127.0.0.1", "localhost"} else args.host
    print(f"iproceeds is starting at http://{shown}:{args.port}/  (Ctrl-C stops everything)", flush=True)
    return Supervisor(commands).run()


if __name__ == "__main__":
    sys.exit(main())
