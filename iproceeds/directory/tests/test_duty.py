"""Who is on duty: weekly shifts across midnight and DST changes, overrides, the contact answer."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from iproceeds.directory import services
from iproceeds.directory.duty import duty_status, whom_to_contact
from iproceeds.directory.models import DutyShift
from iproceeds.directory.permissions import SYSTEM
from iproceeds.directory.tests.factories import (
    AuthorityFactory,
    CompetenceFactory,
    ContactFactory,
    PartyFactory,
)

pytestmark = pytest.mark.django_db
UTC = dt.UTC
BELGRADE = ZoneInfo("Europe/Belgrade")


@pytest.fixture
def belgrade():
    """A Belgrade 24/7 point with a 24/7 line, office hours 08-16 Monday to Friday."""
    return AuthorityFactory(
        party=PartyFactory(code="RS", name="Serbia"),
        name="Demo 24/7 Point Belgrade",
        authority_type="poc247",
        timezone="Europe/Belgrade",
        phone_247="+381115550100",
        office_opens=dt.time(8),
        office_closes=dt.time(16),
    )


def _night_shift(authority, weekday, name="Demo Night Officer"):
    contact = ContactFactory(authority=authority, name=name, phone="+381115550111")
    return services.shift_create(
        actor=SYSTEM, contact=contact, weekday=weekday, starts=dt.time(22), ends=dt.time(6)
    )


def test_shift_across_midnight_covers_the_next_morning(belgrade):
    # given a Wednesday 22:00-06:00 shift
    shift = _night_shift(belgrade, weekday=2)
    # when we ask at Thursday 05:30 Belgrade time
    at = dt.datetime(2027, 1, 14, 5, 30, tzinfo=BELGRADE)
    status = duty_status(authority=belgrade, at=at)
    # then the night officer is on duty until 06:00 that Thursday, and the office is closed
    assert status.contact == shift.contact
    assert status.until_local == dt.datetime(2027, 1, 14, 6, 0, tzinfo=BELGRADE)
    assert status.in_office_hours is False
    # and at 06:00 nobody is on duty any more
    assert duty_status(authority=belgrade, at=at.replace(hour=6, minute=0)).contact is None


def test_sunday_night_shift_runs_into_monday(belgrade):
    shift = _night_shift(belgrade, weekday=6)
    monday_early = dt.datetime(2027, 1, 18, 1, 0, tzinfo=BELGRADE)
    assert duty_status(authority=belgrade, at=monday_early).contact == shift.contact


def test_spring_forward_night_uses_belgrade_wall_clock(belgrade):
    # given a Saturday 22:00-06:00 shift; Belgrade skips 02:00-03:00 on Sunday 28 March 2027
    shift = _night_shift(belgrade, weekday=5)
    # when we ask at 03:30 local (01:30 UTC, after the change) and at 05:59 local (03:59 UTC)
    after_change = dt.datetime(2027, 3, 28, 1, 30, tzinfo=UTC)
    last_minute = dt.datetime(2027, 3, 28, 3, 59, tzinfo=UTC)
    # then the officer is on duty, and the local time shown is summer time (UTC+2)
    status = duty_status(authority=belgrade, at=after_change)
    assert status.contact == shift.contact
    assert status.local_now.strftime("%H:%M %Z") == "03:30 CEST"
    assert duty_status(authority=belgrade, at=last_minute).contact == shift.contact
    # and at 04:00 UTC (06:00 CEST) the shift is over: it lasted seven real hours
    assert duty_status(authority=belgrade, at=dt.datetime(2027, 3, 28, 4, 0, tzinfo=UTC)).contact is None


def test_fall_back_night_uses_belgrade_wall_clock(belgrade):
    # given a Saturday 22:00-06:00 shift; Belgrade repeats 02:00-03:00 on Sunday 31 October 2027
    shift = _night_shift(belgrade, weekday=5)
    # when we ask at 04:30 UTC (05:30 CET, after the change)
    status = duty_status(authority=belgrade, at=dt.datetime(2027, 10, 31, 4, 30, tzinfo=UTC))
    # then the officer is on duty in winter time; at 05:00 UTC (06:00 CET) the shift has ended
    assert status.contact == shift.contact
    assert status.local_now.strftime("%H:%M %Z") == "05:30 CET"
    assert duty_status(authority=belgrade, at=dt.datetime(2027, 10, 31, 5, 0, tzinfo=UTC)).contact is None


def test_override_takes_precedence_over_the_weekly_shift(belgrade):
    _night_shift(belgrade, weekday=2)
    stand_in = ContactFactory(authority=belgrade, name="Demo Stand-in")
    services.override_create(
        actor=SYSTEM,
        contact=stand_in,
        starts_at=dt.datetime(2027, 1, 13, 20, 0),
        ends_at=dt.datetime(2027, 1, 14, 8, 0),
    )
    status = duty_status(authority=belgrade, at=dt.datetime(2027, 1, 14, 3, 0, tzinfo=BELGRADE))
    assert status.contact == stand_in
    assert status.until_local == dt.datetime(2027, 1, 14, 8, 0, tzinfo=BELGRADE)


def test_override_at_a_skipped_local_time_names_the_field(belgrade):
    contact = ContactFactory(authority=belgrade)
    with pytest.raises(ValidationError) as exc:
        services.override_create(
            actor=SYSTEM,
            contact=contact,
            starts_at=dt.datetime(2027, 3, 28, 2, 30),
            ends_at=dt.datetime(2027, 3, 28, 8, 0),
        )
    assert list(exc.value.message_dict) == ["starts_at"]


def test_overlapping_shift_is_refused_naming_the_field(belgrade):
    # given a Wednesday night shift that runs into Thursday 06:00
    _night_shift(belgrade, weekday=2)
    other = ContactFactory(authority=belgrade, name="Demo Early Officer")
    # when someone adds a Thursday 05:00-13:00 shift
    with pytest.raises(ValidationError) as exc:
        services.shift_create(actor=SYSTEM, contact=other, weekday=3, starts=dt.time(5), ends=dt.time(13))
    # then it is refused on the start field and nothing is added
    assert exc.value.message_dict == {"starts": ["This shift overlaps the Wednesday 22:00–06:00 shift."]}
    assert DutyShift.objects.count() == 1


def test_sunday_night_overlaps_monday_morning(belgrade):
    _night_shift(belgrade, weekday=6)
    other = ContactFactory(authority=belgrade, name="Demo Early Officer")
    with pytest.raises(ValidationError):
        services.shift_create(actor=SYSTEM, contact=other, weekday=0, starts=dt.time(0), ends=dt.time(8))


def test_adjacent_shifts_are_accepted(belgrade):
    _night_shift(belgrade, weekday=2)
    other = ContactFactory(authority=belgrade, name="Demo Day Officer")
    services.shift_create(actor=SYSTEM, contact=other, weekday=3, starts=dt.time(6), ends=dt.time(22))
    assert DutyShift.objects.count() == 2


def test_empty_shift_is_refused_naming_the_field(belgrade):
    contact = ContactFactory(authority=belgrade)
    with pytest.raises(ValidationError) as exc:
        services.shift_create(actor=SYSTEM, contact=contact, weekday=1, starts=dt.time(8), ends=dt.time(8))
    assert exc.value.message_dict == {"ends": ["The shift is empty: it ends when it starts."]}
    assert DutyShift.objects.count() == 0


def test_whom_to_contact_lists_on_duty_first_then_the_247_line(belgrade, foreign_officer):
    # given a competent 24/7 point with a Wednesday night shift, and an authority without competence
    CompetenceFactory(authority=belgrade, request_type="BC29_PRESERVATION")
    shift = _night_shift(belgrade, weekday=2)
    AuthorityFactory(party=belgrade.party, name="Demo FIU", phone_247="+381115550199")
    # when the officer in Tirana asks at 03:00 Tirana time (same offset as Belgrade)
    at = dt.datetime(2027, 1, 14, 3, 0, tzinfo=ZoneInfo("Europe/Tirane"))
    options = whom_to_contact(
        user=foreign_officer, party=belgrade.party, request_type="BC29_PRESERVATION", at=at
    )
    # then the night officer comes first, then the 24/7 line, with Belgrade's local time, office closed
    assert [(o.kind, o.phone) for o in options] == [
        ("on_duty", shift.contact.phone),
        ("line_247", "+381115550100"),
    ]
    assert options[0].status.local_now.strftime("%H:%M") == "03:00"
    assert options[0].status.city == "Belgrade"
    assert [o.in_office_hours for o in options] == [False, False]
