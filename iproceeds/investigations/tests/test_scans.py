"""Renewal reminders before an order expires: sent once per threshold, idempotent."""

from datetime import UTC, date, datetime

from django.core import mail

from iproceeds.audit.models import AuditEvent
from iproceeds.core import timers
from iproceeds.investigations.models import MeasureNotice
from iproceeds.investigations.scans import measure_expiry_scan
from iproceeds.investigations.tests.test_measures import _freeze, mk_measure  # noqa: F401


def test_reminders_are_sent_once_a_month_and_a_week_before_expiry(
    officer,
    mk_measure,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    # given a freezing order expiring on 20 September
    _freeze(mk_measure, officer)
    with django_capture_on_commit_callbacks(execute=True):
        # when the scanner runs two months before, nothing is due
        assert measure_expiry_scan(datetime(2026, 7, 20, 6, tzinfo=UTC)) == 0
        # when it runs 30 days before, twice, the team is reminded once
        assert measure_expiry_scan(datetime(2026, 8, 21, 6, tzinfo=UTC)) == 1
        assert measure_expiry_scan(datetime(2026, 8, 21, 7, tzinfo=UTC)) == 0
        # and a week before, once more
        assert measure_expiry_scan(datetime(2026, 9, 14, 6, tzinfo=UTC)) == 1
        assert measure_expiry_scan(datetime(2026, 9, 15, 6, tzinfo=UTC)) == 0
    assert list(MeasureNotice.objects.values_list("expires_on", "days_before")) == [
        (date(2026, 9, 20), 30),
        (date(2026, 9, 20), 7),
    ]
    assert AuditEvent.objects.filter(action="investigations.measure.expiry_reminded").count() == 2
    assert [m.to for m in mail.outbox] == [[officer.email], [officer.email]]


def test_the_scanner_is_registered():
    assert "investigations.measure_expiry" in timers.all_scanners()
