"""Settings for delivery subprocesses started by the crash tests: the test database, e-mail into files."""

import os

from config.settings_test import *  # noqa: F403

DATABASES = {"default": {**DATABASES["default"], **{"NAME": os.environ["IPROCEEDS_CRASH_DB_NAME"]}}}  # noqa: F405
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": os.environ["IPROCEEDS_CRASH_MAIL_DIR"]},
    }
}
