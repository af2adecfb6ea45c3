"""Cooperation speed benchmark: inbox and request page, pages and API, 20 concurrent clients.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/iproceeds_bench \\
        .venv/bin/python benchmarks/cooperation/bench.py [--requests 100000] [--clients 20]
        [--duration 60] [--warmup 10] [--workers 4] [--threads 4] [--worker-class gthread|sync]
        [--think-ms 1000] [--no-saturation] [--seed 7]

Seeds the database (generate.py; kept when it already holds that many benchmark requests), starts
the application under gunicorn with production settings (DJANGO_DEBUG=0, no demo mode, --preload),
signs the clients in (sessions written straight into the session store for officers with a
confirmed second factor, and API tokens made by the token service), warms every worker up without
pauses, then lets each client loop over the endpoints for the given time, each request to a random
request of its own inbox. Two runs: the target run, 20 users each pausing about a second before
each request (uniform 0-2 s), judged against p95 < 150 ms and no errors; then a closed loop without
pauses, which measures capacity (requests per second) and is not judged: on 2 cores shared with
PostgreSQL and this load generator, 20 clients that never pause queue behind each other whatever
the page costs. Prints count, errors and p50/p95/p99 per endpoint.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate

ROOT = generate.ROOT
TARGET_P95_MS = 150.0
# 20 concurrent users, each clicking again about a second after the answer (uniform 0-2 s): far
# busier than an officer reading a request, and about 18 requests/s offered in all.
THINK_MS = 1000.0
# The sessions are signed in this process and read by the server: both use this key.
SECRET_KEY = "benchmark-only-secret-key-not-for-any-deployment-0123456789"
# Production settings for the server and for this process (which signs the clients in and counts
# queries): no debug, no demo mode; no SSL redirect, since no proxy terminates TLS here.
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0", "IPROCEEDS_DEMO_MODE": "0", "DJANGO_SECRET_KEY": SECRET_KEY,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver", "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_LOG_LEVEL": "WARNING", "DJANGO_SETTINGS_MODULE": "config.settings",
}  # fmt: skip
ENDPOINTS = {  # name -> (path template, kind: page uses the session cookie, api the bearer token)
    "inbox page": ("/cooperation/inbox/", "page"),
    "request page": ("/cooperation/{reference}/", "page"),
    "inbox API": ("/api/v1/cooperation/requests/?box=inbox", "api"),
    "request API": ("/api/v1/cooperation/requests/{reference}/", "api"),
}


@dataclass
class Client:
    """One signed-in client: its session cookie, its API token and references from its inbox."""

    cookie: str
    token: str
    references: list[str]
    results: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)


def sign_in(user: Any) -> str:
    """A session of the user with a verified second factor, written straight into the session store."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    from iproceeds.accounts.middleware import LAST_ACTIVITY_SESSION_KEY

    device = StaticDevice.objects.get(user=user, name="bench")
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[LAST_ACTIVITY_SESSION_KEY] = int(time.time())
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def make_clients(count: int, seed: int) -> list[Client]:
    """`count` clients spread over the benchmark officers, each with a session and an API token."""
    from iproceeds.api.services import token_create
    from iproceeds.cooperation import selectors

    officers = sorted(generate.bench_officers().values(), key=lambda u: u.pk)
    rng = random.Random(seed)
    clients = []
    expires = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=6)
    for i in range(count):
        user = officers[i % len(officers)]
        _token, raw = token_create(actor=user, name=f"bench {i}", scopes=["read"], expires_at=expires)
        refs = list(selectors.requests_received(user=user).values_list("reference", flat=True)[:2000])
        rng.shuffle(refs)
        clients.append(Client(cookie=sign_in(user), token=raw, references=refs[:200]))
    return clients


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(port: int, workers: int, threads: int, worker_class: str) -> subprocess.Popen[bytes]:
    """gunicorn with production settings (no debug, no demo mode), logs to var/bench-gunicorn.log."""
    env = {**os.environ, **PRODUCTION_ENV}
    (ROOT / "var").mkdir(exist_ok=True)
    log = (ROOT / "var" / "bench-gunicorn.log").open("wb")
    argv = [
        str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--worker-class", worker_class,
        "--preload", "--timeout", "60", "--log-level", "warning",
    ] + (["--threads", str(threads)] if worker_class == "gthread" else [])  # fmt: skip
    server = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped (see {log.name})")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/accounts/login/")
            connection.getresponse().read()
            return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


def request_once(
    connection: http.client.HTTPConnection, client: Client, name: str, rng: random.Random
) -> None:
    """One GET of an endpoint; its latency, or an error (status other than 200)."""
    template, kind = ENDPOINTS[name]
    path = template.format(reference=rng.choice(client.references)) if "{" in template else template
    headers = {"Cookie": client.cookie} if kind == "page" else {"Authorization": f"Bearer {client.token}"}
    started = time.perf_counter()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status == 200:
        client.results.setdefault(name, []).append(elapsed)
    else:
        client.errors.setdefault(name, []).append(f"{response.status} {path}")


def run_client(client: Client, port: int, stop_at: float, think: float, seed: int) -> None:
    """Loop over the endpoints in random order until the time is up (one keep-alive connection)."""
    rng = random.Random(seed)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    names = list(ENDPOINTS)
    while True:
        # Each user pauses before each request, the first included: users who all clicked at the
        # same instant at the start of a run would queue behind one another in a burst that no
        # real desk makes (it cost the first 20 requests of a run, 3 % of them, 200-450 ms each).
        if think:
            time.sleep(rng.uniform(0, 2 * think))
        if time.monotonic() >= stop_at:
            break
        name = rng.choice(names)
        try:
            request_once(connection, client, name, rng)
        except (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected):
            # The server closed the idle keep-alive connection (gunicorn's keepalive is 2 s, shorter
            # than a long pause): reconnect and send again, as a browser does; a second failure counts.
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                request_once(connection, client, name, rng)
            except (OSError, http.client.HTTPException) as exc:
                client.errors.setdefault(name, []).append(type(exc).__name__)
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        except (OSError, http.client.HTTPException) as exc:
            client.errors.setdefault(name, []).append(type(exc).__name__)
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.close()


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of the values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def report(clients: list[Client], seconds: float, *, judged: bool = True) -> bool:
    """Print each endpoint's figures (beside the target when judged); True when every endpoint meets it."""
    target = f"target: p95 < {TARGET_P95_MS:.0f} ms, 0 errors" if judged else "(no target: capacity)"
    print(f"{'endpoint':<14} {'count':>7} {'errors':>6} {'req/s':>6} {'p50 ms':>7} {'p95 ms':>7} "
          f"{'p99 ms':>7}   {target}")  # fmt: skip
    all_met = True
    for name in ENDPOINTS:
        values = [v for c in clients for v in c.results.get(name, [])]
        errors = [e for c in clients for e in c.errors.get(name, [])]
        if not values:
            print(f"{name:<14} {0:>7} {len(errors):>6}   no successful request   MISSES")
            print(*(f"    e.g. {error}" for error in sorted(set(errors))[:3]), sep="\n")
            all_met = False
            continue
        p95 = percentile(values, 95)
        met = p95 < TARGET_P95_MS and not errors
        all_met &= met
        print(f"{name:<14} {len(values):>7,} {len(errors):>6} {len(values) / seconds:>6.1f} "
              f"{statistics.median(values):>7.1f} {p95:>7.1f} {percentile(values, 99):>7.1f}   "
              f"{('meets' if met else 'MISSES') if judged else ''}")  # fmt: skip
        for error in sorted(set(errors))[:3]:
            print(f"    e.g. {error}")
    return all_met


def profile_endpoints(client: Client, repeat: int = 5) -> dict[str, tuple[int, float]]:
    """SQL queries and Python CPU time of one GET of each endpoint, in this process, one at a time.

    An N+1 shows up as a large query count; the CPU time (time.process_time, this process only, the
    database's own work not included) bounds the throughput: 2 cores / CPU per request.
    """
    from django.db import connection
    from django.test import Client as TestClient

    browser = TestClient()
    name, _sep, key = client.cookie.partition("=")
    browser.cookies[name] = key
    figures = {}
    for endpoint, (template, kind) in ENDPOINTS.items():
        paths = [template.format(reference=ref) for ref in client.references[: repeat + 1]]
        headers = {} if kind == "page" else {"authorization": f"Bearer {client.token}"}
        browser.get(paths[0], headers=headers)  # the first call fills per-process caches
        queries: list[str] = []

        def count(execute: Any, sql: str, *args: Any, _seen: list[str] = queries) -> Any:
            _seen.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(count):
            status = browser.get(paths[1], headers=headers).status_code
        started = time.process_time()
        for path in paths[1:]:
            browser.get(path, headers=headers)
        cpu_ms = (time.process_time() - started) * 1000 / len(paths[1:])
        figures[endpoint] = (len(queries) if status == 200 else -status, cpu_ms)
    return figures


def cpu_seconds(server_pid: int) -> dict[str, float]:
    """CPU seconds (user + system) used so far by the gunicorn workers, PostgreSQL's processes and
    this load generator, read from /proc (Linux), so a run can say where the machine's time went."""
    tick = os.sysconf("SC_CLK_TCK")
    found = {"gunicorn": 0.0, "postgres": 0.0, "load generator": time.process_time()}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        pid, parent = int(stat.parent.name), int(fields[1])
        # utime + stime, and cutime + cstime: the time of children that ended (PostgreSQL's
        # backends come and go; their time stays with the postmaster that waited for them)
        used = sum(int(fields[k]) for k in (11, 12, 13, 14)) / tick
        if pid == server_pid or parent == server_pid:
            found["gunicorn"] += used
        elif name.startswith("postgres"):
            found["postgres"] += used
    return found


def measure(clients: list[Client], port: int, seconds: float, think_ms: float, seed: int) -> None:
    """Let every client loop over the endpoints for `seconds`, pausing `think_ms` on average."""
    for client in clients:
        client.results, client.errors = {}, {}
    stop_at = time.monotonic() + seconds
    threads = [
        threading.Thread(target=run_client, args=(c, port, stop_at, think_ms / 1000, seed + i))
        for i, c in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100_000, help="benchmark requests in the database")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of each measurement")
    parser.add_argument(
        "--warmup", type=float, default=10.0, help="seconds of warm-up without pauses, not measured"
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--worker-class", choices=("gthread", "sync"), default="gthread")
    parser.add_argument(
        "--think-ms", type=float, default=THINK_MS,
        help="mean pause before each of a user's requests, uniform over 0 to twice it (the target run)",
    )  # fmt: skip
    parser.add_argument(
        "--no-saturation", action="store_true", help="skip the second run, without pauses (capacity)"
    )
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("note: DATABASE_URL is not PostgreSQL; the target is defined against PostgreSQL")
    os.environ.update(PRODUCTION_ENV)
    generate.django_setup()
    generate.ensure(requests=args.requests, seed=args.seed)
    clients = make_clients(args.clients, args.seed)
    figures = profile_endpoints(clients[0])
    print("one request at a time, in this process: SQL queries and Python CPU per request")
    for endpoint, (queries, cpu_ms) in figures.items():
        print(f"  {endpoint:<14} {queries:>3} queries {cpu_ms:>6.1f} ms CPU")
    port = free_port()
    server = start_server(port, args.workers, args.threads, args.worker_class)
    runs = [("users", args.think_ms)] + (
        [] if args.no_saturation or not args.think_ms else [("saturation", 0.0)]
    )
    met = False
    try:
        # Without pauses and on other requests than the runs': every worker serves every endpoint
        # many times before anything is measured (a worker's first pages build per-process caches).
        measure(clients, port, args.warmup, 0.0, args.seed + 1000)
        for run, think_ms in runs:
            before = cpu_seconds(server.pid)
            measure(clients, port, args.duration, think_ms, args.seed)
            after = cpu_seconds(server.pid)
            load = os.getloadavg()[0]
            what = (
                f"each pausing {think_ms:.0f} ms on average between requests (the target run)"
                if think_ms
                else "without pauses: a closed loop that measures capacity (no target)"
            )
            print(f"cooperation benchmark, {run}: {args.requests:,} requests in the database, "
                  f"{args.clients} concurrent clients for {args.duration:.0f} s, {what}; gunicorn "
                  f"{args.workers} workers x {args.threads} threads, load average {load:.1f}")  # fmt: skip
            verdict = report(clients, args.duration, judged=bool(think_ms))
            served = max(1, sum(len(v) for c in clients for v in c.results.values()))
            shares = [f"{name} {1000 * (after[name] - before[name]) / served:.1f} ms" for name in after]
            print(f"CPU per request served: {', '.join(shares)}")
            if run == "users":
                met = verdict
            else:
                total = sum(len(v) for c in clients for v in c.results.values()) / args.duration
                wait = 1000 * args.clients / max(total, 1)
                print(f"capacity: {total:.0f} requests/s in all; a closed loop of {args.clients} "
                      f"clients then waits about {wait:.0f} ms per request")  # fmt: skip
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
