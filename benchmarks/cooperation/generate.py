"""Seed N cooperation requests, with their timelines and messages, into the database in bulk.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/iproceeds_bench \\
        .venv/bin/python benchmarks/cooperation/generate.py [--requests 100000] [--seed 7]

Seeded and reproducible. Invented data only. The directory (with its demo authorities), the
catalogue and the demo users are loaded first; one benchmark officer (``bench.<authority id>``) is made
per demo authority. Requests are spread over those authorities (each to an authority of another
Party), over the catalogue's types (preservations most often) and over every status, each with the
timeline that leads to its status and 0-4 messages. Rows are written with ``bulk_create`` straight
into the tables, bypassing the services on purpose: a benchmark fixture, not application data. Rows
are marked by their requester reference ``BENCH-…``; a run with a different size replaces them.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
BATCH = 5_000
PREFIX = "BENCH-"
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

# Share of each status, and the actions (with the side that makes them) that lead to it.
STATUS_WEIGHTS = {
    "draft": 5, "submitted": 8, "delivered": 4, "acknowledged": 8, "in_progress": 18,
    "completion_requested": 3, "executed": 25, "partially_executed": 5, "refused": 6, "postponed": 2,
    "withdrawn": 4, "closed": 12,
}  # fmt: skip
R, S = "requester", "receiver"
PATHS: dict[str, list[tuple[str, str, str]]] = {  # status -> [(action, side, to_status)]
    "draft": [],
    "submitted": [("submit", R, "submitted")],
    "delivered": [("submit", R, "submitted"), ("deliver", S, "delivered")],
    "acknowledged": [("submit", R, "submitted"), ("acknowledge", S, "acknowledged")],
    "in_progress": [("submit", R, "submitted"), ("acknowledge", S, "acknowledged"),
                    ("start", S, "in_progress")],
    "completion_requested": [("submit", R, "submitted"), ("acknowledge", S, "acknowledged"),
                             ("request_completion", S, "completion_requested")],
    "executed": [("submit", R, "submitted"), ("acknowledge", S, "acknowledged"), ("start", S, "in_progress"),
                 ("execute", S, "executed")],
    "partially_executed": [("submit", R, "submitted"), ("acknowledge", S, "acknowledged"),
                           ("start", S, "in_progress"), ("partially_execute", S, "partially_executed")],
    "refused": [("submit", R, "submitted"), ("acknowledge", S, "acknowledged"), ("refuse", S, "refused")],
    "postponed": [("submit", R, "submitted"), ("acknowledge", S, "acknowledged"), ("start", S, "in_progress"),
                  ("postpone", S, "postponed")],
    "withdrawn": [("submit", R, "submitted"), ("withdraw", R, "withdrawn")],
    "closed": [("submit", R, "submitted"), ("acknowledge", S, "acknowledged"), ("start", S, "in_progress"),
               ("execute", S, "executed"), ("close", R, "closed")],
}  # fmt: skip
RECEIPTS = {"submit": "submission", "deliver": "delivery", "acknowledge": "acknowledgement",
            "execute": "outcome", "partially_execute": "outcome", "refuse": "outcome", "postpone": "outcome",
            "withdraw": "outcome"}  # fmt: skip
REASONS = [
    "The provider holds no data for that time.", "Dual criminality is not met for this offence.",
    "Please give the time zone of the timestamps.", "Part of the data was already deleted.",
]  # fmt: skip
BODIES = [
    "Received, we are on it.", "The provider confirmed the preservation.",
    "Could you send the domestic order in English?", "Attached is the translation you asked for.",
    "The account holder is a company registered in 2024 (invented).", "Thank you for the quick answer.",
]  # fmt: skip
# A valid invented sample per field kind; each type's template is checked once by the catalogue's
# own validation (values_clean), optional fields it refuses are left out.
SAMPLES: dict[str, Any] = {
    "text": "Demo text", "long_text": "Invented demo text for the benchmark.", "boolean": True,
    "date": "2026-10-01", "datetime_tz": "2026-10-01T10:00:00+02:00", "timezone": "Europe/Belgrade",
    "ip_address": {"address": "203.0.113.7", "version": 4, "port": 51234,
                   "timestamp": "2026-10-02T01:14:00Z"},
    "phone": "+381115550100", "email": "demo@example.invalid", "imei": "490154203237518",
    "mac": "00:1A:2B:3C:4D:5E", "domain": "demo.example", "url": "https://demo.example/login",
    "account": {"username": "demo.user", "service": "Demo Mail"}, "iban": "DE89370400440532013000",
    "bic": "DEUTDEFF", "bitcoin": "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2",
    "ethereum": "0x52908400098527886E0F7030069857D2E4169EE7",
    "amount": {"amount": "1000.00", "currency": "EUR"},
}  # fmt: skip


def create_database_if_missing() -> None:
    """Create the PostgreSQL database named by DATABASE_URL when it does not exist yet."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return
    import dj_database_url
    import psycopg

    db = dj_database_url.parse(url)
    params = {"host": db["HOST"] or None, "port": db["PORT"] or None, "user": db["USER"] or None,
              "password": db["PASSWORD"] or None}  # fmt: skip
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{db["NAME"]}"')


def django_setup() -> None:
    """Configure Django from the environment (DATABASE_URL), as manage.py does."""
    create_database_if_missing()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()


def prepare_reference() -> None:
    """Migrations, directory (with the demo), catalogue and demo users: all idempotent."""
    from django.core.management import call_command

    from iproceeds.accounts.demo import seed_demo
    from iproceeds.cooperation.models import RequestType
    from iproceeds.cooperation.services.catalogue import SHIPPED_FILE, catalogue_load_file
    from iproceeds.directory.permissions import SYSTEM
    from iproceeds.directory.reference import load_directory

    call_command("migrate", verbosity=0, interactive=False)
    load_directory(include_demo=True)
    if not RequestType.objects.exists():
        catalogue_load_file(path=SHIPPED_FILE, actor=SYSTEM)
    seed_demo()


def bench_officers() -> dict[int, Any]:
    """One officer with a confirmed second factor per demo authority (not the secretariat)."""
    from django_otp.plugins.otp_static.models import StaticDevice

    from iproceeds.accounts.choices import Role
    from iproceeds.accounts.models import User
    from iproceeds.directory.models import Authority

    officers = {}
    for authority in Authority.objects.filter(is_demo=True).exclude(authority_type="secretariat"):
        user, _created = User.objects.get_or_create(
            username=f"bench.{authority.pk}",
            defaults={"authority": authority, "role": Role.OFFICER, "timezone": authority.timezone,
                      "email": f"bench.{authority.pk}@example.invalid", "first_name": "Bench",
                      "last_name": f"Officer {authority.pk}", "is_demo": True},
        )  # fmt: skip
        StaticDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
        officers[authority.pk] = user
    return officers


def type_templates() -> dict[str, dict[str, Any]]:
    """A valid, complete content per active request type, built from the catalogue's fields."""
    from django.core.exceptions import ValidationError

    from iproceeds.cooperation.models import RequestType
    from iproceeds.cooperation.values import catalogue_fields, values_clean

    templates = {}
    for rtype in RequestType.objects.filter(is_active=True):
        values: dict[str, dict[str, Any]] = {}
        for section, field in catalogue_fields(rtype):
            sample = field.choices[0]["value"] if field.kind == "choice" else SAMPLES.get(field.kind)
            if sample is not None:
                values.setdefault(section.key, {})[field.key] = [sample] if field.repeatable else sample
        values.get("request_status", {}).pop("earlier_reference", None)
        for _attempt in range(5):
            try:
                templates[rtype.code] = values_clean(
                    request_type=rtype, values=values, urgency="normal", complete=True
                )
                break
            except ValidationError as exc:
                for name in exc.message_dict:
                    section, _sep, key = name.partition("__")
                    values.get(section, {}).pop(key, None)
        else:
            templates[rtype.code] = values
    return templates


@contextlib.contextmanager
def timestamps_as_given() -> Iterator[None]:
    """Let bulk_create keep the invented created/updated times (auto_now fields would overwrite them)."""
    from iproceeds.cooperation.models import CooperationRequest

    fields = [CooperationRequest._meta.get_field(n) for n in ("created_at", "updated_at")]
    saved = [(f.auto_now, f.auto_now_add) for f in fields]  # type: ignore[union-attr]
    for f in fields:
        f.auto_now = f.auto_now_add = False  # type: ignore[union-attr]
    try:
        yield
    finally:
        for f, (now, add) in zip(fields, saved, strict=True):
            f.auto_now, f.auto_now_add = now, add  # type: ignore[union-attr]


class Generator:
    """Builds the rows of one batch; every choice comes from one seeded random generator."""

    def __init__(self, rng: random.Random, officers: dict[int, Any], templates: dict[str, dict[str, Any]]):
        from iproceeds.cooperation.models import RequestType
        from iproceeds.directory.models import Authority

        self.rng = rng
        self.officers = officers
        self.templates = templates
        self.types = {t.code: t for t in RequestType.objects.filter(code__in=templates)}
        self.authorities = list(Authority.objects.filter(pk__in=officers).select_related("party"))
        codes = list(self.types)
        # Preservations and the MLA that follows them are the bulk of the traffic.
        self.type_weights = [30 if c.startswith("BC29") else 12 if c.startswith("BC31") else 4 for c in codes]
        self.type_codes = codes
        self.statuses, self.status_weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
        self.now = datetime.datetime.now(datetime.UTC)
        self.references: set[str] = set()

    def reference(self) -> str:
        while True:
            ref = "CR-" + "".join(self.rng.choice(ALPHABET) for _i in range(8))
            if ref not in self.references:
                self.references.add(ref)
                return ref

    def content(self, code: str, number: int) -> dict[str, Any]:
        """The type's template with this request's own reference and address (unchanged sections shared)."""
        template = self.templates[code]
        values = dict(template)
        values["date_reference"] = {
            **template.get("date_reference", {}),
            "our_reference": f"{PREFIX}{number:06d}",
        }
        sought = template.get("data_sought", {})
        if sought.get("ip_addresses"):
            address = {**sought["ip_addresses"][0], "address": f"203.0.113.{number % 254 + 1}",
                       "port": 1024 + number % 60000}  # fmt: skip
            values["data_sought"] = {**sought, "ip_addresses": [address]}
        return values

    def request(self, number: int) -> tuple[Any, list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        """One request, the steps of its timeline and its messages (linked once the request has a pk)."""
        from iproceeds.cooperation.lifecycle import content_hash
        from iproceeds.cooperation.models import CooperationRequest

        rng = self.rng
        sender = rng.choice(self.authorities)
        receiver = rng.choice([a for a in self.authorities if a.party_id != sender.party_id])
        code = rng.choices(self.type_codes, self.type_weights)[0]
        rtype = self.types[code]
        status = rng.choices(self.statuses, self.status_weights)[0]
        urgent_ok = [u for u in rtype.urgency_options if u != "normal"]
        urgency = rng.choice(urgent_ok) if urgent_ok and rng.random() < 0.2 else "normal"
        created = self.now - datetime.timedelta(days=rng.uniform(0, 730))
        values = self.content(code, number)
        row = CooperationRequest(
            reference=self.reference(), request_type=rtype, status=status, urgency=urgency,
            requesting_authority=sender, requested_party_id=receiver.party_id, requested_authority=receiver,
            values=values, requester_reference=values["date_reference"]["our_reference"],
            created_by=self.officers[sender.pk], created_at=created, updated_at=created,
        )  # fmt: skip
        steps, at = [], created + datetime.timedelta(minutes=rng.uniform(5, 240))
        path = PATHS[status]
        if path:
            row.submitted_by, row.submitted_at = self.officers[sender.pk], at
        digest = content_hash(row) if path else ""
        previous = "draft"
        for action, side, to_status in path:
            actor = self.officers[(sender if side == R else receiver).pk]
            reason = rng.choice(REASONS) if action in {"refuse", "partially_execute", "postpone", "withdraw",
                                                      "request_completion"} else ""  # fmt: skip
            limit = (at + datetime.timedelta(days=30)).date() if action == "request_completion" else None
            steps.append(
                (action, previous, to_status, actor, at, reason, limit, RECEIPTS.get(action, ""), digest)
            )
            previous, row.updated_at = to_status, at
            at += datetime.timedelta(hours=rng.uniform(0.2, 24 * 14))
        self._next_due(row, code, status, steps)
        messages = []
        if path:
            start = steps[0][4]
            for _i in range(rng.choices([0, 1, 2, 3, 4], [30, 25, 20, 15, 10])[0]):
                start += datetime.timedelta(hours=rng.uniform(0.5, 72))
                author = self.officers[rng.choice([sender, receiver]).pk]
                messages.append((author, rng.choice(BODIES), start))
        return row, steps, messages

    def _next_due(self, row: Any, code: str, status: str, steps: list[tuple[Any, ...]]) -> None:
        """The nearest deadline, as the deadline service keeps it: preservation expiry, ack target."""
        if code.startswith("BC29") and status == "executed":
            row.next_due_at, row.next_due_key = (
                steps[-1][4] + datetime.timedelta(days=60),
                "preservation_expiry",
            )
        elif row.urgency != "normal" and status in {"submitted", "delivered"}:
            row.next_due_at, row.next_due_key = steps[0][4] + datetime.timedelta(hours=1), "acknowledgement"


def clear_previous() -> int:
    """Delete the rows of an earlier run, children first (raw deletes: no row is loaded)."""
    from iproceeds.cooperation.models import Attachment, CooperationRequest

    mine = {"coop_request__requester_reference__startswith": PREFIX}
    count = CooperationRequest.objects.filter(requester_reference__startswith=PREFIX).count()
    if count:
        Attachment._base_manager.filter(**{f"message__{k}": v for k, v in mine.items()})._raw_delete(
            "default"
        )
        for relation in CooperationRequest._meta.related_objects:
            if relation.related_model is not CooperationRequest:
                lookup = {f"{relation.field.name}__requester_reference__startswith": PREFIX}
                relation.related_model._base_manager.filter(**lookup)._raw_delete("default")
        CooperationRequest.objects.filter(requester_reference__startswith=PREFIX)._raw_delete("default")
    return count


def generate(*, requests: int, seed: int) -> dict[str, int]:
    """Write `requests` requests with their timelines and messages; returns the row counts."""
    from django.db import transaction

    from iproceeds.cooperation.models import CooperationRequest, Message, Transition

    officers = bench_officers()
    gen = Generator(random.Random(seed), officers, type_templates())
    counts = {"requests": 0, "transitions": 0, "messages": 0}
    with timestamps_as_given():
        for start in range(0, requests, BATCH):
            built = [gen.request(n) for n in range(start, min(start + BATCH, requests))]
            with transaction.atomic():
                rows = CooperationRequest.objects.bulk_create([b[0] for b in built])
                transitions, messages = [], []
                for row, (_r, steps, notes) in zip(rows, built, strict=True):
                    for action, frm, to, actor, at, reason, limit, receipt, digest in steps:
                        transitions.append(Transition(
                            coop_request=row, action=action, from_status=frm, to_status=to, actor=actor,
                            actor_authority_id=actor.authority_id, at=at, reason=reason, time_limit=limit,
                            receipt_kind=receipt, content_hash=digest,
                        ))  # fmt: skip
                    for author, body, at in notes:
                        messages.append(Message(coop_request=row, author=author,
                                                author_authority_id=author.authority_id, body=body,
                                                created_at=at))  # fmt: skip
                Transition.objects.bulk_create(transitions, batch_size=BATCH)
                Message.objects.bulk_create(messages, batch_size=BATCH)
            counts["requests"] += len(rows)
            counts["transitions"] += len(transitions)
            counts["messages"] += len(messages)
    return counts


def ensure(*, requests: int, seed: int, out: Any = sys.stdout) -> None:
    """Make sure the database holds exactly `requests` benchmark requests (regenerated otherwise)."""
    from django.db import connection

    from iproceeds.cooperation.models import CooperationRequest

    prepare_reference()
    have = CooperationRequest.objects.filter(requester_reference__startswith=PREFIX).count()
    if have == requests:
        print(f"database already holds {have:,} benchmark requests: kept", file=out)
        return
    started = time.perf_counter()
    removed = clear_previous()
    if removed:
        print(f"removed {removed:,} benchmark requests of an earlier run", file=out)
    counts = generate(requests=requests, seed=seed)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # fresh statistics and visibility map, as autovacuum would
    print(
        f"generated {counts['requests']:,} requests, {counts['transitions']:,} status changes and "
        f"{counts['messages']:,} messages in {time.perf_counter() - started:.1f} s",
        file=out,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    django_setup()
    ensure(requests=args.requests, seed=args.seed)


if __name__ == "__main__":
    main()
