"""Python CPU time and SQL queries per request of the four cooperation endpoints, in this process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/iproceeds_bench \\
        .venv/bin/python benchmarks/cooperation/profile_endpoints.py [-n 50] [--warmup 5] [--rounds 5]
        [--only ENDPOINT] [--cprofile ENDPOINT] [--top 25] [--sort cumulative|tottime] [--sql]

Production-like settings (DJANGO_DEBUG=0, no demo mode), the Django test client, one benchmark
officer (``bench.<authority id>``, the first by id, as bench.py's first client) signed in with a
confirmed second factor, and a ``read`` API token for the API endpoints. Each endpoint runs N times
after the warm-ups, each time on one of a fixed, seeded sample of the officer's inbox, in rounds
that take the endpoints in turn; prints the mean and median CPU milliseconds per request
(``time.process_time``: this process only, the database's own work not included), the mean of the
best round (the least disturbed by other work on the machine) and the queries of one request.
``--cprofile`` prints the top functions by cumulative CPU time of one endpoint instead. The database
must exist (generate.py --requests 5000 is enough: the query counts and the per-request work do not
grow with the data).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import io
import os
import pstats
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_ENV = {
    "DJANGO_DEBUG": "0", "IPROCEEDS_DEMO_MODE": "0", "DJANGO_SETTINGS_MODULE": "config.settings",
    "DJANGO_SECRET_KEY": "profile-only-secret-key-not-for-any-deployment-0123456789",
    "DJANGO_ALLOWED_HOSTS": "localhost", "DJANGO_LOG_LEVEL": "WARNING",
    "IPROCEEDS_ATTACHMENT_KEY": "cHJvZmlsZS1vbmx5LWF0dGFjaG1lbnQta2V5LTMyYnk=",  # 32 bytes, base64
}  # fmt: skip
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/iproceeds_bench"
ENDPOINTS = {  # name -> (path template, kind: "page" uses the session, "api" the bearer token)
    "inbox page": ("/cooperation/inbox/", "page"),
    "request page": ("/cooperation/{reference}/", "page"),
    "inbox API": ("/api/v1/cooperation/requests/?box=inbox", "api"),
    "request API": ("/api/v1/cooperation/requests/{reference}/", "api"),
}
API_CLIENT: Any = None  # a test client without a session, set up by signed_in_client
SAMPLE = 50  # references of the officer's inbox the request endpoints cycle through


def setup() -> None:
    """Django with production-like settings on DATABASE_URL (the benchmark database by default)."""
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    os.environ.update(SETTINGS_ENV)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def signed_in_client() -> tuple[Any, str, list[str], Any]:
    """A test client of the first benchmark officer with a confirmed second factor, an API token,
    a seeded sample of references from the officer's inbox, and the token (revoked at the end)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    from iproceeds.accounts.models import User
    from iproceeds.api.services import token_create
    from iproceeds.cooperation import selectors

    user = User.objects.filter(username__startswith="bench.").order_by("pk").first()
    if user is None:
        raise SystemExit("no benchmark officer: run benchmarks/cooperation/generate.py first")
    device = StaticDevice.objects.get(user=user, name="bench")
    global API_CLIENT
    API_CLIENT = Client()
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    expires = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1)
    token, raw = token_create(actor=user, name="profile", scopes=["read"], expires_at=expires)
    references = sorted(selectors.requests_received(user=user).values_list("reference", flat=True)[:2000])
    random.Random(7).shuffle(references)
    return client, raw, references[:SAMPLE], token


def get(client: Any, endpoint: str, token: str, reference: str) -> Any:
    """One GET of the endpoint, over HTTPS to localhost as a browser or API client sends it."""
    template, kind = ENDPOINTS[endpoint]
    path = template.format(reference=reference)
    if kind == "api":  # an API client sends its token and no session cookie
        response = API_CLIENT.get(
            path, secure=True, HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {token}"
        )
    else:
        response = client.get(path, secure=True, HTTP_HOST="localhost")
    if response.status_code != 200:
        raise SystemExit(f"{endpoint}: {path} answered {response.status_code}")
    return response


def queries_of(client: Any, endpoint: str, token: str, refs: list[str], warmup: int) -> list[str]:
    """The warm-ups, then the SQL of one request."""
    from django.db import connection

    for i in range(warmup):
        get(client, endpoint, token, refs[i % len(refs)])
    captured: list[str] = []

    def count(execute: Any, sql: str, *args: Any) -> Any:
        captured.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(count):
        get(client, endpoint, token, refs[0])
    return captured


def measure(
    client: Any, endpoints: list[str], token: str, refs: list[str], n: int, rounds: int
) -> dict[str, list[list[float]]]:
    """CPU seconds of n requests per endpoint, in rounds that take the endpoints in turn (so that
    other work on the machine weighs on every endpoint alike): per endpoint, a list per round."""
    times: dict[str, list[list[float]]] = {endpoint: [] for endpoint in endpoints}
    per_round = max(1, n // rounds)
    for round_ in range(rounds):
        for endpoint in endpoints:
            spent = []
            for i in range(round_ * per_round, (round_ + 1) * per_round):
                started = time.process_time()
                get(client, endpoint, token, refs[i % len(refs)])
                spent.append(time.process_time() - started)
            times[endpoint].append(spent)
    return times


def profile(
    client: Any, endpoint: str, token: str, refs: list[str], n: int, warmup: int, top: int, sort: str
) -> None:
    """The top functions by cumulative (or own) time over n requests of one endpoint."""
    for i in range(warmup):
        get(client, endpoint, token, refs[i % len(refs)])
    profiler = cProfile.Profile(time.process_time)  # CPU time: waiting on the database is not counted
    profiler.enable()
    for i in range(n):
        get(client, endpoint, token, refs[i % len(refs)])
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(sort).print_stats(top)
    print(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=50, help="measured requests per endpoint")
    parser.add_argument("--warmup", type=int, default=5, help="unmeasured requests first")
    parser.add_argument("--rounds", type=int, default=5, help="rounds over the endpoints (best is shown)")
    parser.add_argument("--only", choices=list(ENDPOINTS), action="append", help="these endpoints only")
    parser.add_argument("--cprofile", choices=list(ENDPOINTS), help="profile this endpoint instead")
    parser.add_argument("--sql", action="store_true", help="print the queries of one request")
    parser.add_argument("--top", type=int, default=25, help="functions shown by --cprofile")
    parser.add_argument("--sort", choices=["cumulative", "tottime"], default="cumulative", help="order")
    args = parser.parse_args()
    setup()
    from iproceeds.api.services import token_revoke

    client, raw, refs, token = signed_in_client()
    try:
        if args.cprofile:
            profile(client, args.cprofile, raw, refs, args.n, args.warmup, args.top, args.sort)
            return
        endpoints = args.only or list(ENDPOINTS)
        queries = {endpoint: queries_of(client, endpoint, raw, refs, args.warmup) for endpoint in endpoints}
        times = measure(client, endpoints, raw, refs, args.n, args.rounds)
        print(f"{'endpoint':<14} {'CPU ms':>7} {'median':>7} {'best':>7} {'queries':>7}   "
              f"{args.n} requests each in {args.rounds} rounds after {args.warmup} warm-ups")  # fmt: skip
        for endpoint in endpoints:
            every = [t for round_ in times[endpoint] for t in round_]
            best = min(statistics.mean(round_) for round_ in times[endpoint])
            mean, median = statistics.mean(every) * 1000, statistics.median(every) * 1000
            print(
                f"{endpoint:<14} {mean:>7.1f} {median:>7.1f} {best * 1000:>7.1f} {len(queries[endpoint]):>7}"
            )
            if args.sql:
                print(*(f"    {sql}" for sql in queries[endpoint]), sep="\n")
    finally:
        token_revoke(api_token=token, actor=token.user)


if __name__ == "__main__":
    main()
