"""Measures: forward only, every step audited; refusals name the field and change nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from iproceeds.audit.models import AuditEvent
from iproceeds.investigations import measures, services
from iproceeds.investigations.choices import MeasureStage
from iproceeds.investigations.models import Measure
from iproceeds.investigations.rates import rates_load
from iproceeds.investigations.tests.factories import IBAN_MK, make_case

RATES = b"date,currency,rate_per_eur\n2026-05-04,MKD,61.5000\n"


@pytest.fixture
def mk_measure(officer):
    case = make_case(officer)
    account = services.bank_account_add(case=case, actor=officer, iban=IBAN_MK, currency="MKD")
    return measures.measure_identify(
        case=case, actor=officer, target=account, amount=Decimal("123000.00"), currency="MKD"
    )


def _freeze(measure, actor, **overrides):
    arguments = {
        "kind": MeasureStage.FROZEN,
        "amount": Decimal("123000.00"),
        "currency": "MKD",
        "legal_basis": "ETS 198 Art 21-22; Criminal Procedure Code Art 202",
        "order_reference": "FO-17/26",
        "order_authority": "Basic Court Skopje I (demo)",
        "restrained_on": date(2026, 3, 20),
        "expires_on": date(2026, 9, 20),
    } | overrides
    return measures.measure_restrain(measure=measure, actor=actor, **arguments)


def _confiscate(measure, actor, **overrides):
    arguments = {
        "amount": Decimal("123000.00"),
        "currency": "MKD",
        "confiscation_order": "KO-5/26",
        "enforceable_on": date(2026, 5, 1),
        "enforcement_decided_on": date(2026, 5, 5),
    } | overrides
    return measures.measure_confiscate(measure=measure, actor=actor, **arguments)


def test_a_measure_moves_forward_and_each_step_is_audited(officer, mk_measure):
    # given an identified account in MKD and the rate of the day before the decision to enforce
    rates_load(data=RATES, actor=None)
    # when it is frozen, confiscated and returned to the victims
    _freeze(mk_measure, officer)
    _confiscate(mk_measure, officer)
    measures.measure_dispose(
        measure=mk_measure,
        actor=officer,
        disposal_kind="victims",
        amount=Decimal("123000.00"),
        currency="MKD",
        disposed_on=date(2026, 6, 1),
    )
    # then it is disposed of, its EUR value taken at the rate of 4 May (the last in the week before 5 May)
    stored = Measure.objects.get()
    assert stored.stage == MeasureStage.DISPOSED
    assert (stored.eur_minor, stored.eur_rate, stored.eur_rate_date) == (
        200000,
        Decimal("61.5"),
        date(2026, 5, 4),
    )
    assert (stored.display_eur, stored.eur_rate_display) == ("2000.00", "61.5")
    actions = list(
        AuditEvent.objects.filter(action__startswith="investigations.measure.")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "investigations.measure.identified",
        "investigations.measure.frozen",
        "investigations.measure.confiscated",
        "investigations.measure.disposed",
    ]


def _assert_unchanged(measure, events):
    stored = Measure.objects.get(pk=measure.pk)
    assert (stored.stage, stored.confiscated_minor, stored.restrained_minor) == (
        measure.stage,
        measure.confiscated_minor,
        measure.restrained_minor,
    )
    assert AuditEvent.objects.count() == events


def test_a_measure_moved_backwards_is_refused(officer, mk_measure):
    # given a confiscated measure
    rates_load(data=RATES, actor=None)
    _freeze(mk_measure, officer)
    _confiscate(mk_measure, officer)
    snapshot, events = Measure.objects.get(pk=mk_measure.pk), AuditEvent.objects.count()
    # when someone records a freeze on it, then it is refused naming the stage, and nothing changes
    with pytest.raises(ValidationError) as refused:
        _freeze(Measure.objects.get(pk=mk_measure.pk), officer, kind=MeasureStage.SEIZED)
    assert refused.value.message_dict["stage"] == [
        "The measure is already Confiscated: it cannot move to Seized."
    ]
    _assert_unchanged(snapshot, events)


def test_frozen_then_seized_is_refused_as_a_step_sideways(officer, mk_measure):
    _freeze(mk_measure, officer)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        _freeze(Measure.objects.get(pk=mk_measure.pk), officer, kind=MeasureStage.SEIZED)
    assert "stage" in refused.value.message_dict
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"currency": ""}, "currency"),
        ({"currency": "EUR"}, "currency"),
        ({"amount": None}, "amount"),
        ({"amount": Decimal("-1")}, "amount"),
        ({"amount": Decimal("1.001")}, "amount"),
        ({"legal_basis": " "}, "legal_basis"),
        ({"order_reference": ""}, "order_reference"),
        ({"order_authority": ""}, "order_authority"),
        ({"restrained_on": None}, "restrained_on"),
        ({"expires_on": date(2026, 3, 1)}, "expires_on"),
        ({"kind": "confiscated"}, "kind"),
    ],
)
def test_a_bad_freeze_is_refused_naming_the_field(officer, mk_measure, overrides, field):
    snapshot, events = Measure.objects.get(pk=mk_measure.pk), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        _freeze(mk_measure, officer, **overrides)
    assert field in refused.value.message_dict
    _assert_unchanged(snapshot, events)


def test_an_amount_without_currency_is_refused_at_identification(officer):
    case = make_case(officer)
    account = services.bank_account_add(case=case, actor=officer, iban=IBAN_MK, currency="MKD")
    with pytest.raises(ValidationError) as refused:
        measures.measure_identify(case=case, actor=officer, target=account, amount=Decimal("10"), currency="")
    assert refused.value.message_dict == {"currency": ["Give the currency of the amount."]}
    assert Measure.objects.count() == 0


def test_confiscation_without_a_rate_is_refused_with_a_clear_message(officer, mk_measure):
    # given a frozen MKD account and no rate loaded
    _freeze(mk_measure, officer)
    snapshot, events = Measure.objects.get(pk=mk_measure.pk), AuditEvent.objects.count()
    # when it is confiscated, then the missing rate is named, and nothing changes
    with pytest.raises(ValidationError) as refused:
        _confiscate(mk_measure, officer)
    assert refused.value.message_dict["enforcement_decided_on"] == [
        "No exchange rate for MKD on 2026-05-05 or in the week before: the administrator loads rates on "
        "the exchange rates page."
    ]
    _assert_unchanged(snapshot, events)


def test_renewal_moves_the_expiry_later_only(officer, mk_measure):
    _freeze(mk_measure, officer)
    measures.measure_renew(
        measure=mk_measure, actor=officer, expires_on=date(2027, 3, 20), order_reference="FO-17/26-R"
    )
    assert Measure.objects.get().expires_on == date(2027, 3, 20)
    with pytest.raises(ValidationError) as refused:
        measures.measure_renew(
            measure=mk_measure, actor=officer, expires_on=date(2026, 4, 1), order_reference="X"
        )
    assert "expires_on" in refused.value.message_dict
    assert Measure.objects.get().expires_on == date(2027, 3, 20)


def test_disposing_of_more_than_was_confiscated_is_refused(officer, mk_measure):
    rates_load(data=RATES, actor=None)
    _freeze(mk_measure, officer)
    _confiscate(mk_measure, officer, amount=Decimal("1000.00"))
    with pytest.raises(ValidationError) as refused:
        measures.measure_dispose(
            measure=mk_measure, actor=officer, disposal_kind="state", amount=Decimal("1000.01"),
            currency="MKD", disposed_on=date(2026, 6, 1),
        )  # fmt: skip
    assert "amount" in refused.value.message_dict
    assert Measure.objects.get().stage == MeasureStage.CONFISCATED


def test_a_target_of_another_case_is_refused(officer):
    case, other = make_case(officer), make_case(officer, reference="FI-OTHER")
    account = services.bank_account_add(case=other, actor=officer, iban=IBAN_MK, currency="MKD")
    with pytest.raises(ValidationError) as refused:
        measures.measure_identify(
            case=case, actor=officer, target=account, amount=Decimal("1"), currency="MKD"
        )
    assert "target" in refused.value.message_dict
    assert Measure.objects.count() == 0


def test_a_non_member_may_not_record_a_measure(officer, colleague, mk_measure):
    with pytest.raises(PermissionDenied):
        _freeze(mk_measure, colleague)
    assert Measure.objects.get().stage == MeasureStage.IDENTIFIED


def test_a_step_recorded_on_a_stale_page_is_refused(officer, mk_measure):
    # given two people who opened the same identified measure, and the first froze it
    stale = Measure.objects.get(pk=mk_measure.pk)
    _freeze(mk_measure, officer)
    events = AuditEvent.objects.count()
    # when the second records a seizure from their stale copy, then it is refused and nothing changes
    with pytest.raises(ValidationError) as refused:
        _freeze(stale, officer, kind=MeasureStage.SEIZED)
    assert refused.value.message_dict["stage"] == ["The measure was changed meanwhile: reload the page."]
    assert Measure.objects.get().stage == MeasureStage.FROZEN
    assert AuditEvent.objects.count() == events


def test_an_asset_and_a_wallet_can_be_identified(officer):
    case = make_case(officer)
    car = services.asset_add(
        case=case,
        actor=officer,
        kind="vehicle",
        description="Demo car",
        amount=Decimal("18500.00"),
        currency="EUR",
    )
    wallet = services.wallet_add(case=case, actor=officer, chain="bitcoin", address="bc1qdemo0invented")
    for target in (car, wallet):
        measures.measure_identify(
            case=case, actor=officer, target=target, amount=Decimal("100.00"), currency="EUR"
        )
    assert [str(m.target) for m in Measure.objects.order_by("pk")] == ["Demo car", "bc1qdemo0invented"]
