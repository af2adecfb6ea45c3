"""The living cooperation demo: invented requests between the demo units, made through the services.

Idempotent: each demo request is found by its requester's reference (``DEMO-COOP-…``) and made only
when missing, so running ``seed_demo`` again writes nothing new. Needs the directory, the catalogue and
the demo users (``load_directory``, ``load_catalogue``, then ``seed_demo``, as ``make run`` does).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from iproceeds.accounts.models import User
from iproceeds.cooperation import eligibility
from iproceeds.cooperation.choices import RequestStatus, Urgency
from iproceeds.cooperation.models import CooperationRequest, Message, RequestType, Transition
from iproceeds.cooperation.services import conversation as conversation_services
from iproceeds.cooperation.services import deadlines as deadline_services
from iproceeds.cooperation.services import follow_ups as follow_up_services
from iproceeds.cooperation.services import lifecycle as lifecycle_services
from iproceeds.cooperation.services import requests as request_services
from iproceeds.directory.choices import Confidence, Instrument, TreatyStatus
from iproceeds.directory.models import Authority, InstrumentStatus, Party
from iproceeds.directory.permissions import SYSTEM
from iproceeds.directory.reference import DEMO_BINDING_SOURCE
from iproceeds.directory.services.entries import entry_create, entry_update

# The demo Parties and the treaties their demo requests use. The reference data records these
# statuses as unknown (the legal reference does not state them); the demo marks them in force,
# unconfirmed, so that the demo units can exchange requests. Sourced facts are never overwritten.
DEMO_BINDINGS = {
    "RS": (Instrument.ETS_185, Instrument.ETS_198),
    "AL": (Instrument.ETS_185, Instrument.ETS_198),
    "DE": (Instrument.ETS_185,),
}

BELGRADE_UNIT = "Demo Cybercrime Unit Belgrade"
TIRANA_UNIT = "Demo Cybercrime Unit Tirana"


@dataclass(frozen=True)
class Step:
    """One lifecycle step of a demo request, made by a demo user, back-dated to ``ago`` before now."""

    username: str
    action: str
    ago: datetime.timedelta
    reason: str = ""


@dataclass(frozen=True)
class Note:
    """One message of the conversation, back-dated like the steps."""

    username: str
    body: str
    ago: datetime.timedelta


@dataclass(frozen=True)
class DemoRequest:
    """A demo request: who writes it, to whom, its content, and the steps it went through."""

    reference: str
    type_code: str
    author: str
    to_party: str
    to_authority: str
    urgency: str
    content: Callable[[User, str], dict[str, Any]]
    submitted_ago: datetime.timedelta | None
    steps: list[Step] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    follow_up_of: str = ""  # drafted by the one-click follow-up service from this preservation


def _days(n: float) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _hours(n: float) -> datetime.timedelta:
    return datetime.timedelta(hours=n)


def _header(user: User, reference: str, status: str = "new", earlier: str = "") -> dict[str, Any]:
    """The requesting side's sections, filled from the demo user and their unit (invented data)."""
    authority = user.authority
    assert authority is not None  # demo users all belong to a unit
    request_status = {"status": status} | ({"earlier_reference": earlier} if earlier else {})
    return {
        "date_reference": {"request_date": timezone.localdate().isoformat(), "our_reference": reference},
        "request_status": request_status,
        "requesting_authority": {
            "authority_name": authority.name, "person_in_charge": user.get_full_name(),
            "phone": "+49611555010" if authority.party.code == "DE" else "+381115550100",
            "email": user.email, "timezone": authority.timezone,
        },
        "confirmation_contact": {"contact_name": "Demo Duty Desk", "contact_phone": "+381115550101"},
        "investigating_authority": {
            "investigating_authority": authority.name, "investigation_number": f"{reference}-INV",
        },
    }  # fmt: skip


def _data_sought(ip: str, port: int, when: str) -> dict[str, Any]:
    return {
        "data_description": "Subscriber data and connection logs of the address at the time given",
        "data_relationship": "The address was used to log in to the victim's online banking",
        "ip_addresses": [{"address": ip, "version": 4, "port": port, "timestamp": when}],
    }


def _bc29_de(user: User, reference: str) -> dict[str, Any]:
    return _header(user, reference) | {
        "offence": {"offences": "Computer fraud (demo § 263a)",
                    "facts": "Invented: phishing of 40 demo accounts."},
        "data_sought": _data_sought("203.0.113.45", 50123, "2026-09-28T22:41:00+02:00"),
        "custodian": {"custodian": "Demo Hosting Belgrade d.o.o."},
        "necessity": {"necessity": "The provider deletes connection logs after 30 days."},
        "intended_mla": {"mla_will_follow": True},
    }  # fmt: skip


def _bc29_de_earlier(user: User, reference: str) -> dict[str, Any]:
    return _bc29_de(user, reference) | {
        "offence": {"offences": "Computer fraud (demo § 263a)",
                    "facts": "Invented: a demo web shop's customers were charged twice."},
        "data_sought": _data_sought("203.0.113.80", 40222, "2026-09-12T14:03:00+02:00"),
    }  # fmt: skip


def _bc31_follow_up(user: User, reference: str) -> dict[str, Any]:
    """What the requester adds to the follow-up drafted from the preservation: its reference, necessity."""
    return {
        "date_reference": {"our_reference": reference},
        "necessity": {"necessity": "The preserved logs identify the person who logged in."},
    }


def _bc29_al(user: User, reference: str) -> dict[str, Any]:
    return _header(user, reference) | {
        "offence": {"offences": "Extortion with ransomware (demo article 110/c)",
                    "facts": "Invented: a demo hospital's servers were encrypted tonight."},
        "data_sought": _data_sought("198.51.100.23", 443, "2026-11-23T01:05:00+01:00"),
        "custodian": {"custodian": "Demo Cloud Serbia"},
        "necessity": {"necessity": "The server may be wiped by its tenant at any moment."},
        "intended_mla": {"mla_will_follow": True},
        "conditions": {
            "confidentiality": "Do not inform the subscriber: the investigation is covert.",
            "use_limitation": "Use only for the ransomware investigation named here.",
        },
        "urgency": {"urgency_reasons": "Patients' records are encrypted; the server may be wiped."},
    }  # fmt: skip


def _wc21_rs(user: User, reference: str) -> dict[str, Any]:
    return _header(user, reference) | {
        "offence": {"offences": "Money laundering (demo article 245)",
                    "facts": "Invented: proceeds of a demo investment fraud moved to Tirana."},
        "persons": {"persons": "Max Example, born 1990 (invented)",
                    "object_and_reason": "Freeze the account before the money is withdrawn."},
        "property": {"property": "The balance of one demo account",
                     "statutory_text": "Demo Criminal Code, article 87 (invented).",
                     "maximum_amount": {"amount": "48500.00", "currency": "EUR"},
                     "ibans": ["AL35202111090000000001234567"]},
        "urgency": {"urgency_reasons": "The holder is withdrawing the balance in cash, a little each day."},
    }  # fmt: skip


def _bc29_rs_draft(user: User, reference: str) -> dict[str, Any]:
    return _header(user, reference) | {
        "offence": {"offences": "Online child sexual exploitation (demo)"},
        "custodian": {"custodian": "Demo Mail Tirana"},
    }


def _bc29_rs_refused(user: User, reference: str) -> dict[str, Any]:
    return _header(user, reference) | {
        "offence": {"offences": "Unauthorised access (demo article 302)", "facts": "Invented facts."},
        "data_sought": _data_sought("192.0.2.77", 8080, "2026-10-30T09:12:00+01:00"),
        "custodian": {"custodian": "Demo ISP Tirana"},
        "necessity": {"necessity": "Logs are kept 60 days."},
        "intended_mla": {"mla_will_follow": True},
    }  # fmt: skip


def demo_requests() -> list[DemoRequest]:
    """The demo requests, in the order they are made (a follow-up after the preservation it follows)."""
    return [
        # Executed 47 days ago: the data are kept until 13 days from now, so the 14-day reminder is due.
        DemoRequest(
            "DEMO-COOP-DE-0001", "BC29_PRESERVATION", "officer.de", "RS", BELGRADE_UNIT, Urgency.NORMAL,
            _bc29_de, _days(50),
            steps=[Step("officer.rs", "acknowledge", _days(49.9)), Step("officer.rs", "start", _days(49)),
                   Step("officer.rs", "execute", _days(47))],
            notes=[Note("officer.rs", "Preserved: connection logs of 28 September, 20:00-24:00 UTC.",
                        _days(47))],
        ),
        # Urgent, with conditions, submitted two hours ago and not acknowledged: past its one-hour target.
        DemoRequest("DEMO-COOP-AL-0002", "BC29_PRESERVATION", "officer.al", "RS", BELGRADE_UNIT,
                    Urgency.URGENT, _bc29_al, _hours(2)),
        # An earlier preservation, followed up by the BC31 MLA request: kept pending the MLA decision.
        DemoRequest(
            "DEMO-COOP-DE-0003", "BC29_PRESERVATION", "officer.de", "RS", BELGRADE_UNIT, Urgency.NORMAL,
            _bc29_de_earlier, _days(70),
            steps=[Step("officer.rs", "acknowledge", _days(69.9)), Step("officer.rs", "start", _days(69.5)),
                   Step("officer.rs", "execute", _days(68))],
        ),
        DemoRequest("DEMO-COOP-DE-0004", "BC31_MLA_STORED_DATA", "officer.de", "RS", "", Urgency.NORMAL,
                    _bc31_follow_up, _days(30), follow_up_of="DEMO-COOP-DE-0003"),
        DemoRequest(
            "DEMO-COOP-RS-0005", "WC21_PROVISIONAL_MEASURES", "officer.rs", "AL", TIRANA_UNIT,
            Urgency.URGENT, _wc21_rs, _days(6),
            steps=[Step("officer.al", "acknowledge", _days(5.9)), Step("officer.al", "start", _days(5))],
            notes=[
                Note("officer.al", "The bank confirms the account; the court decides on the freeze "
                     "on Thursday.", _days(4)),
                Note("officer.rs", "Thank you. The domestic freezing order is attached to our file.",
                     _days(3.8)),
            ],
        ),
        DemoRequest("DEMO-COOP-RS-0006", "BC29_PRESERVATION", "officer.rs", "AL", TIRANA_UNIT,
                    Urgency.NORMAL, _bc29_rs_draft, None),
        DemoRequest(
            "DEMO-COOP-RS-0007", "BC29_PRESERVATION", "officer.rs", "AL", TIRANA_UNIT, Urgency.NORMAL,
            _bc29_rs_refused, _days(20),
            steps=[Step("officer.al", "acknowledge", _days(19.8)),
                   Step("officer.al", "refuse", _days(18), reason="The address belongs to another "
                        "operator's range: the provider named holds no data. Send a new request.")],
        ),
    ]  # fmt: skip


def _bind_demo_parties() -> None:
    """Mark the demo Parties bound by the treaties their requests use, where the status is unknown."""
    for code, instruments in DEMO_BINDINGS.items():
        party = Party.objects.filter(code=code).first()
        if party is None:
            continue
        for instrument in instruments:
            if eligibility.party_is_bound(party=party, instrument=instrument):
                continue
            fact = InstrumentStatus.objects.filter(party=party, instrument=instrument).first()
            if fact is not None and fact.status != TreatyStatus.UNKNOWN:
                continue  # a sourced fact says otherwise: the demo leaves it alone
            changes = {"status": TreatyStatus.IN_FORCE, "confidence": Confidence.UNCONFIRMED,
                       "source": DEMO_BINDING_SOURCE, "as_of": timezone.localdate()}  # fmt: skip
            if fact is None:
                entry_create(
                    actor=SYSTEM, instance=InstrumentStatus(party=party, instrument=instrument, **changes)
                )
            else:
                entry_update(actor=SYSTEM, instance=fact, changes=changes)


def _backdate(coop_request: CooperationRequest, entry: Transition | None, when: datetime.datetime) -> None:
    # DEMO BACK-DATING: the services stamp timezone.now(); a demo needs a history in the past (a
    # preservation executed weeks ago). Only seed_demo does this, only on the demo's own rows, right
    # after the service wrote them; the deadlines are then recomputed from the back-dated timeline
    # (_make). The audit trail keeps the true time the demo was seeded.
    if entry is not None:
        Transition.objects.filter(pk=entry.pk).update(at=when)
    CooperationRequest.objects.filter(pk=coop_request.pk).update(updated_at=when)


def _draft(spec: DemoRequest, author: User) -> CooperationRequest:
    """A new draft, or the follow-up MLA draft the one-click service makes from the preservation."""
    if spec.follow_up_of:
        preservation = CooperationRequest.objects.get(requester_reference=spec.follow_up_of)
        draft = follow_up_services.preservation_follow_up_draft(actor=author, preservation=preservation)
        added = spec.content(author, spec.reference)
        values = {key: draft.values.get(key, {}) | added.get(key, {}) for key in {*draft.values, *added}}
        return request_services.request_update_draft(
            actor=author, coop_request=draft, requested_party=draft.requested_party,
            requested_authority=draft.requested_authority, urgency=draft.urgency, values=values,
        )  # fmt: skip
    authority = Authority.objects.get(party__code=spec.to_party, name=spec.to_authority)
    return request_services.request_create_draft(
        actor=author, request_type=RequestType.objects.get(code=spec.type_code),
        requested_party=authority.party, requested_authority=authority, urgency=spec.urgency,
        values=spec.content(author, spec.reference),
    )  # fmt: skip


def _make(spec: DemoRequest, users: dict[str, User], now: datetime.datetime) -> CooperationRequest:
    author = users[spec.author]
    coop_request = _draft(spec, author)
    if spec.submitted_ago is None:
        return coop_request
    submitted_at = now - spec.submitted_ago
    coop_request = request_services.request_submit(
        actor=author, coop_request=coop_request, warnings_confirmed=True
    )
    CooperationRequest.objects.filter(pk=coop_request.pk).update(created_at=submitted_at - _hours(1),
                                                                 submitted_at=submitted_at)  # fmt: skip
    if spec.follow_up_of:  # pending the MLA decision since the follow-up was sent (back-dated too)
        CooperationRequest.objects.filter(requester_reference=spec.follow_up_of).update(
            mla_pending_since=submitted_at
        )
    _backdate(coop_request, coop_request.transitions.get(to_status=RequestStatus.SUBMITTED), submitted_at)
    for step in spec.steps:
        entry = lifecycle_services.request_transition(
            actor=users[step.username], coop_request=coop_request, action=step.action, reason=step.reason
        )
        _backdate(coop_request, entry, now - step.ago)
    for note in spec.notes:
        _add_message(coop_request, users[note.username], note.body, now - note.ago)
    coop_request.refresh_from_db()
    deadline_services.request_deadlines_changed(coop_request=coop_request, actor=author)
    return coop_request


def _add_message(coop_request: CooperationRequest, author: User, body: str, when: datetime.datetime) -> None:
    """A message of the demo conversation, posted through the service, then back-dated like the steps."""
    message = conversation_services.message_post(actor=author, coop_request=coop_request, body=body)
    Message.objects.filter(pk=message.pk).update(created_at=when)  # demo back-dating, see _backdate


def seed_cooperation_demo() -> list[CooperationRequest]:
    """Make the demo requests that do not exist yet; nothing when the demo users are missing."""
    usernames = {spec.author for spec in demo_requests()} | {
        s.username for spec in demo_requests() for s in spec.steps
    }
    users = {user.username: user for user in User.objects.filter(username__in=usernames)}
    if len(users) != len(usernames) or not RequestType.objects.exists():
        return []
    now = timezone.now()
    made = []
    with transaction.atomic():
        _bind_demo_parties()
        for spec in demo_requests():
            if CooperationRequest.objects.filter(requester_reference=spec.reference).exists():
                continue
            made.append(_make(spec, users, now))
    return made
