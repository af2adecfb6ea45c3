"""Services of investigation cases: what they store, audit and refuse."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from iproceeds.audit.models import AuditEvent
from iproceeds.investigations import services
from iproceeds.investigations.choices import AssetKind, CaseRole, Chain, SubjectKind, SubjectRole
from iproceeds.investigations.models import (
    Asset,
    BankAccount,
    CaseMember,
    CryptoWallet,
    InvestigationCase,
    Subject,
    Victim,
)
from iproceeds.investigations.tests.factories import IBAN_MK, IBAN_RS, make_case, make_victim


def test_case_create_makes_the_creator_lead_and_is_audited(officer):
    # given an officer
    # when they open a case
    case = make_case(officer)
    # then the case belongs to their authority, they lead it, and the creation is audited
    assert case.authority_id == officer.authority_id
    assert case.criminal_case_numbers == ["KT-123/26"]
    assert case.parallel_cybercrime is True
    assert list(case.members.values_list("user__username", "role")) == [("officer", CaseRole.LEAD)]
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["investigations.case.created"]


@pytest.mark.parametrize("persona", ["secretariat", "auditor", "org_admin"])
def test_case_create_refused_for_roles_that_do_not_investigate(persona, request):
    # given a user who does not investigate
    user = request.getfixturevalue(persona)
    # when they try to open a case, then it is refused and nothing is written
    with pytest.raises(PermissionDenied):
        make_case(user)
    assert InvestigationCase.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_case_create_refuses_a_duplicate_reference_and_unknown_offence(officer):
    # given a case
    make_case(officer)
    events = AuditEvent.objects.count()
    # when the same reference or an unknown offence type is used
    with pytest.raises(ValidationError) as duplicate:
        make_case(officer)
    with pytest.raises(ValidationError) as unknown:
        make_case(officer, reference="FI-2026-0002", offence_types=["jaywalking"])
    # then each refusal names its field and nothing changed
    assert "reference" in duplicate.value.message_dict
    assert "offence_types" in unknown.value.message_dict
    assert InvestigationCase.objects.count() == 1
    assert CaseMember.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_victim_add_stores_the_loss_in_minor_units(officer):
    # given a case
    case = make_case(officer)
    # when a victim with a loss of 1500.50 EUR and one of 20000 JPY are added
    euro = make_victim(case, officer, amount="1500.50")
    yen = make_victim(case, officer, name="Demo Victim Two", amount="20000", currency="JPY")
    # then the losses are exact integers of the currency's minor unit
    assert (euro.amount_minor, euro.currency, euro.amount_display) == (150050, "EUR", "1500.50")
    assert (yen.amount_minor, yen.amount_display) == (20000, "20000")


@pytest.mark.parametrize(
    ("amount", "currency", "field"),
    [
        ("10.001", "EUR", "amount"),
        ("10", "XYZ", "currency"),
        ("10", "", "currency"),
        ("0", "EUR", "amount"),
        ("10.5", "JPY", "amount"),
    ],
)
def test_victim_add_refuses_bad_money(officer, amount, currency, field):
    # given a case
    case = make_case(officer)
    events = AuditEvent.objects.count()
    # when a loss has too many decimals, no or an unknown currency, or is zero
    with pytest.raises(ValidationError) as refused:
        make_victim(case, officer, amount=amount, currency=currency)
    # then the field is named and nothing is stored
    assert field in refused.value.message_dict
    assert Victim.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_bank_account_add_validates_and_compacts_iban_and_bic(officer):
    # given a case
    case = make_case(officer)
    # when an account is given with spaces and lower case
    account = services.bank_account_add(
        case=case, actor=officer, iban="rs35 2600 0560 1001 6113 79", bic="DEUTDEFF", currency="RSD"
    )
    # then it is stored compact and audited
    assert (account.iban, account.bic, account.country) == (IBAN_RS, "DEUTDEFF", "RS")
    assert AuditEvent.objects.filter(action="investigations.bankaccount.added").count() == 1


@pytest.mark.parametrize(
    ("iban", "bic", "field"),
    [("RS35260005601001611378", "", "iban"), (IBAN_MK, "NOTABIC!", "bic"), ("", "", "iban")],
)
def test_bank_account_add_refuses_invalid_identifiers(officer, iban, bic, field):
    # given a case
    case = make_case(officer)
    events = AuditEvent.objects.count()
    # when the IBAN has a wrong check digit, or the BIC is malformed, or the IBAN is missing
    with pytest.raises(ValidationError) as refused:
        services.bank_account_add(case=case, actor=officer, iban=iban, bic=bic, currency="EUR")
    # then the field is named and nothing is stored
    assert field in refused.value.message_dict
    assert BankAccount.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_same_iban_twice_is_refused(officer):
    # given an account in the case
    case = make_case(officer)
    services.bank_account_add(case=case, actor=officer, iban=IBAN_MK, currency="MKD")
    # when the same IBAN is added again (spaced differently), then it is refused
    with pytest.raises(ValidationError):
        services.bank_account_add(case=case, actor=officer, iban="MK07 2501 2000 0058 984", currency="MKD")
    assert BankAccount.objects.count() == 1


def test_subject_wallet_and_asset_add(officer):
    # given a case
    case = make_case(officer)
    # when a mule, their wallet and a car are recorded
    mule = services.subject_add(
        case=case,
        actor=officer,
        kind=SubjectKind.PERSON,
        role=SubjectRole.MULE,
        name="Demo Mule",
        country="mk",
    )
    wallet = services.wallet_add(
        case=case, actor=officer, chain=Chain.BITCOIN, address="bc1qdemo0000invented", holder=mule
    )
    car = services.asset_add(
        case=case,
        actor=officer,
        kind=AssetKind.VEHICLE,
        description="Demo car",
        amount=Decimal("12000"),
        currency="EUR",
        owner=mule,
    )
    # then each is stored for the case and audited
    assert (mule.country, wallet.holder, car.amount_minor, car.owner) == ("MK", mule, 1200000, mule)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "investigations.subject.added",
        "investigations.wallet.added",
        "investigations.asset.added",
    } <= actions


def test_holder_from_another_case_is_refused(officer):
    # given two cases, a subject in the first
    first, second = make_case(officer), make_case(officer, reference="FI-2026-0002")
    mule = services.subject_add(
        case=first, actor=officer, kind=SubjectKind.PERSON, role=SubjectRole.MULE, name="Demo Mule"
    )
    # when the subject is used as holder in the second case, then it is refused
    with pytest.raises(ValidationError) as refused:
        services.wallet_add(case=second, actor=officer, chain=Chain.BITCOIN, address="bc1qdemo", holder=mule)
    assert "holder" in refused.value.message_dict
    assert CryptoWallet.objects.count() == 0


def test_supervisor_assigns_and_removes_members(officer, colleague, supervisor):
    # given a case of the officer
    case = make_case(officer)
    # when the supervisor adds the colleague as analyst, then removes them
    member = services.member_add(case=case, actor=supervisor, user=colleague, role=CaseRole.ANALYST)
    assert set(case.members.values_list("user__username", flat=True)) == {"officer", "colleague"}
    services.member_remove(member=member, actor=supervisor)
    # then the team is back to the officer, with both changes audited
    assert list(case.members.values_list("user__username", flat=True)) == ["officer"]
    actions = list(AuditEvent.objects.values_list("action", flat=True).order_by("seq"))
    assert actions[-2:] == ["investigations.member.added", "investigations.member.removed"]


def test_member_assignment_refused(officer, colleague, supervisor, foreign_officer):
    # given a case
    case = make_case(officer)
    events = AuditEvent.objects.count()
    # then an officer may not assign, a foreign officer may not join, the last lead may not leave
    with pytest.raises(PermissionDenied):
        services.member_add(case=case, actor=officer, user=colleague, role=CaseRole.ANALYST)
    with pytest.raises(ValidationError):
        services.member_add(case=case, actor=supervisor, user=foreign_officer, role=CaseRole.ANALYST)
    with pytest.raises(ValidationError):
        services.member_remove(member=case.members.get(), actor=supervisor)
    with pytest.raises(ValidationError):
        services.member_add(case=case, actor=supervisor, user=officer, role=CaseRole.READER)
    assert CaseMember.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_reader_may_not_change_the_case(officer, colleague, supervisor):
    # given the colleague is a reader on the case
    case = make_case(officer)
    services.member_add(case=case, actor=supervisor, user=colleague, role=CaseRole.READER)
    # when they try to add a subject, then it is refused
    with pytest.raises(PermissionDenied):
        services.subject_add(
            case=case, actor=colleague, kind=SubjectKind.COMPANY, role=SubjectRole.OTHER, name="Demo d.o.o."
        )
    assert Subject.objects.count() == 0
    assert Asset.objects.count() == 0
