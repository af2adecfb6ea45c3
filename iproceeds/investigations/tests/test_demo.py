"""The demo case: created once for officer.rs, left alone on a second run."""

from iproceeds.accounts.demo import seed_demo
from iproceeds.audit.models import AuditEvent
from iproceeds.investigations.demo import DEMO_REFERENCE, seed_investigations_demo
from iproceeds.investigations.figures import case_figures
from iproceeds.investigations.models import CaseTransaction, ExchangeRate, InvestigationCase


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


def test_demo_case_has_a_freeze_a_confiscation_rates_and_a_restitution(db):
    # given the demo users and the demo case
    seed_demo()
    case = seed_investigations_demo()
    # then the Skopje account is frozen, account B's holding confiscated, and returned to the three victims
    stages = dict(case.measures.values_list("bank_account__iban", "stage"))
    assert stages == {"MK07250120000058984": "frozen", "LT121000011101001000": "confiscated"}
    assert ExchangeRate.objects.filter(currency="MKD").count() == 44
    restitution = case.restitutions.get()
    shares = list(restitution.shares.values_list("victim__name", "amount_minor"))
    assert shares == [("Ana Example", 81882), ("Ben Example", 42647), ("Vesna Primerić", 20471)]
    assert sum(amount for _name, amount in shares) == 145000
    figures = {f.key: f.eur_display for f in case_figures(case=case)}
    assert figures == {
        "lost": "8500.00",
        "traced": "7300.00",
        "frozen": "2449.92",
        "seized": "0.00",
        "confiscated": "1450.00",
        "returned": "1450.00",
    }


def test_a_demo_case_seeded_before_measures_gets_them(db):
    # given a demo case as seeded before measures existed (its measures and restitution taken away)
    seed_demo()
    case = seed_investigations_demo()
    case.restitutions.all().delete()
    case.measures.all().delete()
    # when the demo is seeded again, then the freeze, the confiscation and the restitution are added
    again = seed_investigations_demo()
    assert again == case
    assert sorted(case.measures.values_list("stage", flat=True)) == ["confiscated", "frozen"]
    assert case.restitutions.count() == 1
