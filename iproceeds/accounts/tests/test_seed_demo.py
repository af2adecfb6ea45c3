"""The demo seed (idempotent, every role) and the guard that keeps demo mode out of production."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice

from iproceeds.accounts.choices import Role
from iproceeds.accounts.demo import DEMO_PASSWORD, seed_demo
from iproceeds.accounts.models import User
from iproceeds.directory.models import Authority, Party

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def demo_mode(settings):
    settings.DEMO_MODE = True


def _snapshot():
    return (
        sorted(Party.objects.values_list("code", "name", "is_demo")),
        sorted(Authority.objects.values_list("party__code", "name", "timezone", "is_demo")),
        sorted(User.objects.values_list("username", "password", "role", "authority_id", "is_demo")),
        sorted(TOTPDevice.objects.values_list("user__username", "key", "confirmed")),
    )


def test_seed_creates_parties_authorities_and_a_user_for_every_role(db, demo_mode, capsys):
    # when the seed runs
    call_command("seed_demo")
    # then the iPROCEEDS participants, Germany and the secretariat exist
    assert set(Party.objects.values_list("code", flat=True)) == {
        "AL",
        "BA",
        "ME",
        "MK",
        "RS",
        "TR",
        "XK",
        "DE",
        "CE",
    }
    kosovo = Party.objects.get(code="XK")
    assert getattr(kosovo, "display_name", kosovo.name) == "Kosovo*"
    # and demo authorities carry their Party's IANA zone
    assert Authority.objects.get(name="Demo Cybercrime Unit Tirana").timezone == "Europe/Tirane"
    assert set(Authority.objects.values_list("is_demo", flat=True)) == {True}
    # and demo users cover every role, each with the demo password and an authenticator
    users = User.objects.filter(is_demo=True)
    assert {u.role for u in users} == set(Role.values)
    assert all(u.check_password(DEMO_PASSWORD) for u in users)
    assert TOTPDevice.objects.filter(user__in=users, confirmed=True).count() == users.count()
    # and the logins are printed
    out = capsys.readouterr().out
    for username in (
        "officer.rs",
        "supervisor.rs",
        "admin.rs",
        "officer.al",
        "officer.de",
        "secretariat",
        "auditor",
    ):
        assert f"{username} " in out
    assert DEMO_PASSWORD in out


def test_second_run_changes_nothing_and_only_reads(db, demo_mode):
    call_command("seed_demo")
    before = _snapshot()
    with CaptureQueriesContext(connection) as queries:
        seed_demo()
    assert _snapshot() == before
    writes = [
        q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []


def test_seed_keeps_existing_parties(db, demo_mode):
    Party.objects.create(code="RS", name="Republic of Serbia")
    seed_demo()
    assert Party.objects.get(code="RS").name == "Republic of Serbia"


def test_seed_refuses_without_demo_mode(db):
    with pytest.raises(CommandError, match="IPROCEEDS_DEMO_MODE=1"):
        call_command("seed_demo")
    assert User.objects.count() == 0


def test_demo_account_signs_in_with_the_code_shown_on_screen(client, db, demo_mode):
    # given the seeded demo accounts
    seed_demo()
    # when a newcomer signs in as officer.rs and uses the code the verify page shows
    client.post("/accounts/login/", {"identifier": "officer.rs", "password": DEMO_PASSWORD})
    code = client.get("/accounts/mfa/verify/").context["demo_code"]
    response = client.post("/accounts/mfa/verify/", {"code": code})
    # then the real verification passes and the home page opens
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def _import_settings(extra_env):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "IPROCEEDS_"))}
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_demo_mode_without_debug_is_refused_at_import():
    result = _import_settings(
        {
            "IPROCEEDS_DEMO_MODE": "1",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "invented-key-for-this-test-only",
        }
    )
    assert result.returncode == 1
    assert (
        "ImproperlyConfigured: IPROCEEDS_DEMO_MODE may only be switched on together with DJANGO_DEBUG."
        in (result.stderr)
    )


def test_demo_mode_with_debug_imports():
    result = _import_settings({"IPROCEEDS_DEMO_MODE": "1", "DJANGO_DEBUG": "1"})
    assert (result.returncode, result.stderr) == (0, "")
