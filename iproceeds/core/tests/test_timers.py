"""The timer registry and `run_timers --once`."""

from io import StringIO

from django.core.management import call_command

from iproceeds.audit.models import AuditEvent
from iproceeds.core import timers


def test_run_all_calls_every_scanner_and_survives_a_failing_one(monkeypatch):
    seen = []
    monkeypatch.setattr(timers, "_SCANNERS", {})
    timers.register("test.broken", lambda now: 1 / 0)
    timers.register("test.counting", lambda now: seen.append(now) or 3)
    results = timers.run_all(now="the moment")
    assert results == {"test.broken": None, "test.counting": 3}
    assert seen == ["the moment"]


def test_run_timers_once_with_nothing_due_audits_nothing(db):
    out = StringIO()
    call_command("run_timers", "--once", stdout=out)
    assert out.getvalue() == ""
    assert AuditEvent.objects.count() == 0
