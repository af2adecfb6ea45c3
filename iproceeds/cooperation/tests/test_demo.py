"""The living cooperation demo: seeded through the services on a fresh database, and only once."""

import datetime

import pytest
from django.utils import timezone

from iproceeds.accounts.demo import seed_demo
from iproceeds.audit.models import AuditEvent
from iproceeds.cooperation.choices import RequestStatus
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


def test_seeding_makes_the_demo_requests_through_the_services(demo_world):
    # given a database with the directory, the catalogue and the demo users
    # when the cooperation demo is seeded
    made = seed_cooperation_demo()

    # then six requests exist, in the states the demo shows
    assert len(made) == 6
    requests = _by_reference()
    assert {ref: (r.request_type.code, r.status, r.urgency) for ref, r in requests.items()} == {
        "DEMO-COOP-DE-0001": ("BC29_PRESERVATION", RequestStatus.EXECUTED, "normal"),
        "DEMO-COOP-AL-0002": ("BC29_PRESERVATION", RequestStatus.SUBMITTED, "urgent"),
        "DEMO-COOP-DE-0003": ("BC31_MLA_STORED_DATA", RequestStatus.DELIVERED, "normal"),
        "DEMO-COOP-RS-0004": ("WC21_PROVISIONAL_MEASURES", RequestStatus.IN_PROGRESS, "urgent"),
        "DEMO-COOP-RS-0005": ("BC29_PRESERVATION", RequestStatus.DRAFT, "normal"),
        "DEMO-COOP-RS-0006": ("BC29_PRESERVATION", RequestStatus.REFUSED, "normal"),
    }
    # and every step went through the services, which audited it
    assert AuditEvent.objects.filter(action="cooperation.request.submitted").count() == 5
    assert AuditEvent.objects.filter(action="cooperation.request.executed").count() == 1


def test_the_preservation_was_executed_about_47_days_ago(demo_world):
    # given the seeded demo
    seed_cooperation_demo()
    preservation = _by_reference()["DEMO-COOP-DE-0001"]

    # when its execution is read from the timeline
    executed = Transition.objects.get(coop_request=preservation, to_status=RequestStatus.EXECUTED)

    # then it lies 47 days back, and the timeline is in order
    assert (timezone.now() - executed.at).days == 47
    ats = list(preservation.transitions.order_by("pk").values_list("at", flat=True))
    assert ats == sorted(ats)
    assert preservation.submitted_at < ats[1]


def test_the_follow_up_links_back_and_the_refusal_has_its_reasons(demo_world):
    # given the seeded demo
    seed_cooperation_demo()
    requests = _by_reference()

    # then the BC31 follows the BC29, the refusal carries reasons, conditions and messages are set
    follow_up = requests["DEMO-COOP-DE-0003"]
    assert follow_up.follows == requests["DEMO-COOP-DE-0001"]
    assert follow_up.earlier_reference == "DEMO-COOP-DE-0001"
    refusal = Transition.objects.get(coop_request=requests["DEMO-COOP-RS-0006"], action="refuse")
    assert refusal.reason.startswith("The address belongs to another operator's range")
    assert set(requests["DEMO-COOP-AL-0002"].values["conditions"]) == {"confidentiality", "use_limitation"}
    assert Message.objects.filter(coop_request=requests["DEMO-COOP-RS-0004"]).count() == 2


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


def test_now_is_aware(demo_world):
    # given the seeded demo, then every timeline timestamp is aware and in the past
    seed_cooperation_demo()
    assert all(t.at <= timezone.now() + datetime.timedelta(seconds=1) for t in Transition.objects.all())
