"""The security baseline: production settings pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x7Kq-" + "production-like-secret-for-the-check-only-" * 2,
    "DJANGO_ALLOWED_HOSTS": "iproceeds.example.invalid",
    "DJANGO_SETTINGS_MODULE": "config.settings",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "IPROCEEDS_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


def test_check_deploy_is_clean_with_production_settings():
    # when Django's deployment checks run on the production settings
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    # then they find nothing
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_secret_key_is_required_outside_debug():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode == 1
    assert "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off." in result.stderr


def test_demo_mode_cannot_be_switched_on_with_production_settings():
    result = _manage("check", env={**PRODUCTION_ENV, "IPROCEEDS_DEMO_MODE": "1"})
    assert result.returncode == 1
    assert "IPROCEEDS_DEMO_MODE may only be switched on together with DJANGO_DEBUG." in result.stderr


def test_pages_carry_csp_and_hardening_headers(client, db):
    # when any page is served
    response = client.get(reverse("accounts:login"))
    # then it forbids framing, sniffing and foreign scripts
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self' 'nonce-" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Request-ID"]
