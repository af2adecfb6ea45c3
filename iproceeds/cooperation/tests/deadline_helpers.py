"""Helpers of the deadline tests: send, move and scan a preservation at given moments (invented data)."""

import datetime as dt

import time_machine

from iproceeds.cooperation.services.deadlines import cooperation_deadlines_scan
from iproceeds.cooperation.services.lifecycle import request_transition
from iproceeds.cooperation.services.requests import request_create_draft, request_submit
from iproceeds.cooperation.tests.factories import bc29_values

SENT = dt.datetime(2026, 9, 30, 8, 0, tzinfo=dt.UTC)
EXECUTED = dt.datetime(2026, 10, 2, 10, 0, tzinfo=dt.UTC)
EXPIRY = EXECUTED + dt.timedelta(days=60)


def send(officer, request_type, to, *, urgency="normal", at=SENT, values=None):
    """A request drafted and submitted by the officer at a moment."""
    if values is None:
        values = bc29_values(urgency={"urgency_reasons": "Logs are overwritten within days."})
    with time_machine.travel(at, tick=False):
        draft = request_create_draft(
            actor=officer, request_type=request_type, requested_party=to.party, requested_authority=to,
            urgency=urgency, values=values,
        )  # fmt: skip
        return request_submit(actor=officer, coop_request=draft, warnings_confirmed=True)


def steps(coop_request, actor, actions, *, at):
    """Lifecycle steps made by one actor at one moment."""
    with time_machine.travel(at, tick=False):
        for action in actions:
            request_transition(actor=actor, coop_request=coop_request, action=action)
    coop_request.refresh_from_db()
    return coop_request


def execute(coop_request, receiver, *, at=EXECUTED):
    """The receiver acknowledges, starts and executes the request at a moment."""
    return steps(coop_request, receiver, ["acknowledge", "start", "execute"], at=at)


def scan(at, capture):
    """Run the periodic scan at a moment, delivering the outbox after commit."""
    with time_machine.travel(at, tick=False), capture(execute=True):
        return cooperation_deadlines_scan(at)
