"""The demo case: created once for officer.rs, left alone on a second run."""

from iproceeds.accounts.demo import seed_demo
from iproceeds.audit.models import AuditEvent
from iproceeds.investigations.demo import DEMO_REFERENCE, seed_investigations_demo
from iproceeds.investigations.models import CaseTransaction, InvestigationCase


def test_demo_case_is_created_once(db):
    # given the demo users
    seed_demo()
    # when the demo case is seeded twice
    case = seed_investigations_demo()
    events = AuditEvent.objects.count()
    again = seed_investigations_demo()
    # then one case with three victims and the example transactions, and the second run changed nothing
    assert again == case
    assert case.reference == DEMO_REFERENCE
    assert case.victims.count() == 3
    assert list(case.members.values_list("user__username", flat=True)) == ["officer.rs"]
    assert CaseTransaction.objects.filter(case=case).count() > 0
    assert InvestigationCase.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_demo_case_needs_the_demo_officer(db):
    assert seed_investigations_demo() is None
    assert InvestigationCase.objects.count() == 0
