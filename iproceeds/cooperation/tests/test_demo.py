"""The living cooperation demo: seeded through the services on a fresh database, and only once."""

import datetime

import pytest
from django.utils import timezone

from iproceeds.accounts.demo import seed_demo
from iproceeds.audit.models import AuditEvent
from iproceeds.cooperation.choices import Relation, RequestStatus
from iproceeds.cooperation.demo import seed_cooperation_demo
from iproceeds.cooperation.models import CooperationRequest, Message, Transition
from iproceeds.directory.reference import load_directory


@pytest.fixture
def demo_world(catalogue):
    """The directory (with its demo), the catalogue and the demo users, as `make run` loads them."""
    load_directory(include_demo=True)
    seed_demo()


def _by_reference():
    return {r.requester_reference: r for r in CooperationRequest.objects.select_related("request_type")}


def _days_ago(moment):
    return (timezone.now() - moment) / datetime.timedelta(days=1)


def test_seeding_makes_the_demo_requests_through_the_services(demo_world):
    # given a database with the directory, the catalogue and the demo users
    # when the cooperation demo is seeded
    made = seed_cooperation_demo()

    # then seven requests exist, in the states the demo shows
    assert len(made) == 7
    requests = _by_reference()
    assert {ref: (r.request_type.code, r.status, r.urgency) for ref, r in requests.items()} == {
        "DEMO-COOP-DE-0001": ("BC29_PRESERVATION", RequestStatus.EXECUTED, "normal"),
        "DEMO-COOP-AL-0002": ("BC29_PRESERVATION", RequestStatus.SUBMITTED, "urgent"),
        "DEMO-COOP-DE-0003": ("BC29_PRESERVATION", RequestStatus.EXECUTED, "normal"),
        "DEMO-COOP-DE-0004": ("BC31_MLA_STORED_DATA", RequestStatus.SUBMITTED, "normal"),
        "DEMO-COOP-RS-0005": ("WC21_PROVISIONAL_MEASURES", RequestStatus.IN_PROGRESS, "urgent"),
        "DEMO-COOP-RS-0006": ("BC29_PRESERVATION", RequestStatus.DRAFT, "normal"),
        "DEMO-COOP-RS-0007": ("BC29_PRESERVATION", RequestStatus.REFUSED, "normal"),
    }
    # and every step went through the services, which audited it
    assert AuditEvent.objects.filter(action="cooperation.request.submitted").count() == 6
    assert AuditEvent.objects.filter(action="cooperation.request.executed").count() == 2
    assert AuditEvent.objects.filter(action="cooperation.request.follow_up_drafted").count() == 1
    assert AuditEvent.objects.filter(action="cooperation.message.posted").count() == 3


def test_the_preservation_was_executed_47_days_ago_and_expires_in_13(demo_world):
    # given the seeded demo
    seed_cooperation_demo()
    preservation = _by_reference()["DEMO-COOP-DE-0001"]

    # when its execution is read from the timeline
    executed = Transition.objects.get(coop_request=preservation, to_status=RequestStatus.EXECUTED)

    # then it lies 47 days back, the timeline is in order, and the next deadline is the expiry
    assert round(_days_ago(executed.at)) == 47
    ats = list(preservation.transitions.order_by("pk").values_list("at", flat=True))
    assert ats == sorted(ats)
    assert preservation.submitted_at == ats[0]
    assert preservation.next_due_key == "preservation_expiry"
    assert preservation.next_due_at == executed.at + datetime.timedelta(days=60)


def test_the_follow_up_links_back_and_the_preservation_is_pending_the_mla_decision(demo_world):
    # given the seeded demo
    seed_cooperation_demo()
    requests = _by_reference()

    # then the BC31 follows the earlier preservation, which is kept pending the MLA decision
    follow_up, preservation = requests["DEMO-COOP-DE-0004"], requests["DEMO-COOP-DE-0003"]
    assert (follow_up.relation, follow_up.follows) == (Relation.FOLLOW_UP, preservation)
    assert follow_up.values["request_status"] == {
        "status": "follow_up", "earlier_reference": preservation.reference,
    }  # fmt: skip
    assert preservation.mla_pending_since == follow_up.submitted_at
    assert round(_days_ago(preservation.mla_pending_since)) == 30


def test_the_refusal_has_its_reasons_conditions_and_messages_are_set(demo_world):
    # given the seeded demo
    seed_cooperation_demo()
    requests = _by_reference()

    # then the refusal carries reasons, the urgent request conditions, the WC21 a conversation
    refusal = Transition.objects.get(coop_request=requests["DEMO-COOP-RS-0007"], action="refuse")
    assert refusal.reason.startswith("The address belongs to another operator's range")
    assert set(requests["DEMO-COOP-AL-0002"].values["conditions"]) == {"confidentiality", "use_limitation"}
    bodies = Message.objects.filter(coop_request=requests["DEMO-COOP-RS-0005"]).values_list("body", flat=True)
    assert [body[:20] for body in bodies] == ["The bank confirms th", "Thank you. The domes"]


def test_seeding_twice_writes_nothing_new(demo_world):
    # given a seeded demo
    seed_cooperation_demo()
    counts = (CooperationRequest.objects.count(), Transition.objects.count(), Message.objects.count(),
              AuditEvent.objects.count())  # fmt: skip

    # when it is seeded again
    made = seed_cooperation_demo()

    # then nothing is made and nothing is written
    assert made == []
    assert (CooperationRequest.objects.count(), Transition.objects.count(), Message.objects.count(),
            AuditEvent.objects.count()) == counts  # fmt: skip


def test_without_the_demo_users_nothing_is_seeded(catalogue):
    # given the catalogue but no demo users
    # when the demo is seeded
    made = seed_cooperation_demo()

    # then nothing is made
    assert made == []
    assert CooperationRequest.objects.count() == 0
