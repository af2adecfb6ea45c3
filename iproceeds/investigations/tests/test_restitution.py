"""Restitution: shares to the cent by the largest remainder, never more than was recovered."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from iproceeds.audit.models import AuditEvent
from iproceeds.investigations import measures, services
from iproceeds.investigations.choices import MeasureStage
from iproceeds.investigations.models import Restitution, RestitutionShare, TraceRun
from iproceeds.investigations.restitution import recovered_available, restitution_distribute
from iproceeds.investigations.tests.factories import IBAN_DE, make_case, make_victim
from iproceeds.investigations.tests.test_ledger_merge import ANA_PAYMENT, _import_both
from iproceeds.investigations.tracing import trace_run


def _confiscated(case, actor, amount="100.00"):
    account = services.bank_account_add(case=case, actor=actor, iban=IBAN_DE, currency="EUR")
    measure = measures.measure_identify(
        case=case, actor=actor, target=account, amount=Decimal(amount), currency="EUR"
    )
    measures.measure_restrain(
        measure=measure, actor=actor, kind=MeasureStage.FROZEN, amount=Decimal(amount), currency="EUR",
        legal_basis="ETS 198 Art 21", order_reference="FO-1", order_authority="Demo court",
        restrained_on=date(2026, 3, 1),
    )  # fmt: skip
    measures.measure_confiscate(
        measure=measure, actor=actor, amount=Decimal(amount), currency="EUR", confiscation_order="KO-1",
        enforceable_on=date(2026, 5, 1), enforcement_decided_on=date(2026, 5, 2),
    )  # fmt: skip
    return measure


@pytest.fixture
def three_victims(officer):
    case = make_case(officer)
    victims = [make_victim(case, officer, name=f"Victim {n}", amount="100.00") for n in (1, 2, 3)]
    return case, victims


def test_shares_add_up_to_the_cent_ties_to_the_first_victim(officer, three_victims):
    # given three victims with equal declared losses and 100.00 EUR confiscated
    case, victims = three_victims
    _confiscated(case, officer)
    # when 100.00 is distributed
    restitution = restitution_distribute(
        case=case, actor=officer, amount=Decimal("100.00"), currency="EUR", decided_on=date(2026, 6, 1)
    )
    # then the shares are 33.34, 33.33, 33.33 (the remainder cent to the victim recorded first)
    shares = list(
        RestitutionShare.objects.filter(restitution=restitution).values_list("victim", "amount_minor")
    )
    assert shares == [(victims[0].pk, 3334), (victims[1].pk, 3333), (victims[2].pk, 3333)]
    assert restitution.basis == "declared"
    assert recovered_available(case=case) == {"EUR": 0}
    event = AuditEvent.objects.get(action="investigations.restitution.distributed")
    assert event.after["shares"] == {
        str(victims[0].pk): 3334,
        str(victims[1].pk): 3333,
        str(victims[2].pk): 3333,
    }


def test_shares_follow_the_traced_losses(officer):
    # given the two example statements, a trace of Ana's payment, and 1,000.00 EUR confiscated
    case = make_case(officer)
    _import_both(case, officer, csv_first=True)
    ana = make_victim(case, officer, name="Ana Example", amount="5000.00")
    make_victim(case, officer, name="Somebody Else", amount="900.00")
    run = trace_run(case=case, actor=officer, method="libr", currency="EUR", payments={ANA_PAYMENT: ana.pk})
    _confiscated(case, officer, amount="1000.00")
    # when it is distributed on the trace's basis
    restitution = restitution_distribute(
        case=case,
        actor=officer,
        amount=Decimal("1000.00"),
        currency="EUR",
        decided_on=date(2026, 6, 1),
        trace=run,
    )
    # then only the traced victim shares, weighed by the traced 4,800.00
    assert list(restitution.shares.values_list("victim", "weight_minor", "amount_minor")) == [
        (ana.pk, 480000, 100000)
    ]


@pytest.mark.parametrize(
    ("amount", "currency", "decided_on", "field", "message"),
    [
        ("100.01", "EUR", date(2026, 6, 1), "amount", "Only 100.00 EUR recovered is left to distribute."),
        ("10.00", "", date(2026, 6, 1), "currency", "Give the currency of the amount."),
        ("10.00", "RSD", date(2026, 6, 1), "amount", "Only 0.00 RSD recovered is left to distribute."),
        ("0", "EUR", date(2026, 6, 1), "amount", "The amount must be greater than zero."),
        ("10.00", "EUR", None, "decided_on", "This field is required."),
    ],
)
def test_a_bad_restitution_is_refused_and_changes_nothing(
    officer, three_victims, amount, currency, decided_on, field, message
):
    case, _victims = three_victims
    _confiscated(case, officer)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        restitution_distribute(
            case=case, actor=officer, amount=Decimal(amount), currency=currency, decided_on=decided_on
        )
    assert refused.value.message_dict[field] == [message]
    assert (Restitution.objects.count(), RestitutionShare.objects.count()) == (0, 0)
    assert AuditEvent.objects.count() == events


def test_a_second_restitution_may_not_exceed_what_is_left(officer, three_victims):
    case, _victims = three_victims
    _confiscated(case, officer)
    restitution_distribute(
        case=case, actor=officer, amount=Decimal("60.00"), currency="EUR", decided_on=date(2026, 6, 1)
    )
    with pytest.raises(ValidationError) as refused:
        restitution_distribute(
            case=case, actor=officer, amount=Decimal("40.01"), currency="EUR", decided_on=date(2026, 6, 2)
        )
    assert refused.value.message_dict["amount"] == ["Only 40.00 EUR recovered is left to distribute."]
    assert Restitution.objects.count() == 1


def test_a_reader_may_not_distribute(officer, colleague, supervisor, three_victims):
    case, _victims = three_victims
    services.member_add(case=case, actor=supervisor, user=colleague, role="reader")
    with pytest.raises(PermissionDenied):
        restitution_distribute(
            case=case, actor=colleague, amount=Decimal("1"), currency="EUR", decided_on=date(2026, 6, 1)
        )
    assert Restitution.objects.count() == 0


def test_more_than_the_victims_lost_is_refused(officer, three_victims):
    case, _victims = three_victims
    _confiscated(case, officer, amount="400.00")
    with pytest.raises(ValidationError) as refused:
        restitution_distribute(
            case=case, actor=officer, amount=Decimal("300.01"), currency="EUR", decided_on=date(2026, 6, 1)
        )
    assert refused.value.message_dict["amount"] == ["The amount is more than the victims lost."]
    assert Restitution.objects.count() == 0


def test_a_trace_in_another_currency_is_refused(officer, three_victims):
    case, _victims = three_victims
    _confiscated(case, officer)
    run = TraceRun.objects.create(
        case=case, method="libr", currency="RSD", victims={}, inputs_sha256="0" * 64,
        library_version="x", result={"losses": {}}, run_by=officer,
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        restitution_distribute(
            case=case,
            actor=officer,
            amount=Decimal("1.00"),
            currency="EUR",
            decided_on=date(2026, 6, 1),
            trace=run,
        )
    assert "trace" in refused.value.message_dict
    assert Restitution.objects.count() == 0
