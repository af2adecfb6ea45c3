"""WSGI entry point: the application, warmed up before a pre-forking server makes its workers."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from iproceeds.core.warmup import warm_up  # noqa: E402 - needs the application (Django set up)

warm_up()
# Everything loaded so far lives as long as the process: keep it out of the garbage collector's
# scans, so that no worker pauses to walk the imported libraries (and their pages stay shared).
gc.freeze()
