"""Test settings: the production module with debug on, fast hashing and Django's test outbox."""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("IPROCEEDS_DEMO_MODE", "0")

from config.settings import *  # noqa: F403
from config.settings import BASE_DIR

# Argon2 is the production hasher (asserted in tests); tests hash quickly.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if not os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(BASE_DIR / "var" / "test.sqlite3"),
        }
    }

# A fixed, invented attachment key (never used outside tests), so no key file is written.
COOPERATION_ATTACHMENT_KEYS = ["dGVzdC1vbmx5LWF0dGFjaG1lbnQta2V5LTMyLWJ5dGU="]
