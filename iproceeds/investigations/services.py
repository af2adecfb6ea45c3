"""Every change to an investigation case: permission, full_clean, save, audit, in one transaction."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from iproceeds.audit.services import record
from iproceeds.investigations.choices import CaseRole
from iproceeds.investigations.models import (
    Asset,
    BankAccount,
    CaseMember,
    CryptoWallet,
    InvestigationCase,
    Subject,
    Victim,
)
from iproceeds.investigations.permissions import can_assign_members, can_create_case, can_edit_case
from iproceeds.investigations.validators import to_minor


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not change this case."))


def _money(amount: Decimal, currency: str, *, positive: bool = False) -> int:
    """Minor units of the amount, the refusal naming the field at fault."""
    try:
        minor = to_minor(amount, currency)
    except ValidationError as exc:
        raise ValidationError({"currency" if exc.code == "currency" else "amount": exc}) from None
    if minor < 0 or (positive and minor == 0):
        raise ValidationError({"amount": _("The amount must be greater than zero.")})
    return minor


def _add(*, obj: models.Model, actor: Any, action: str, after: dict[str, Any]) -> Any:
    """Validate, insert and audit one new row of a case."""
    obj.full_clean()
    obj.save(force_insert=True)
    record(action=action, actor=actor, target=obj, after=after)
    return obj


def case_create(
    *,
    actor: Any,
    reference: str,
    title: str,
    criminal_case_numbers: list[str],
    offence_types: list[str],
    parallel_cybercrime: bool,
) -> InvestigationCase:
    """Open a case for the actor's authority, with the actor as lead investigator."""
    _require(can_create_case(actor))
    case = InvestigationCase(
        reference=reference.strip(),
        title=title.strip(),
        criminal_case_numbers=[n.strip() for n in criminal_case_numbers if n.strip()],
        offence_types=list(offence_types),
        parallel_cybercrime=parallel_cybercrime,
        authority_id=actor.authority_id,
        created_by=actor,
    )
    with transaction.atomic():
        case.full_clean()
        case.save(force_insert=True)
        CaseMember.objects.create(case=case, user=actor, role=CaseRole.LEAD)
        after = {"reference": case.reference, "parallel_cybercrime": parallel_cybercrime}
        record(action="investigations.case.created", actor=actor, target=case, after=after)
    return case


def member_add(*, case: InvestigationCase, actor: Any, user: Any, role: str) -> CaseMember:
    """Put a user of the case's authority on the team (the authority's supervisor decides)."""
    _require(can_assign_members(case, actor))
    if user.authority_id != case.authority_id:
        raise ValidationError({"user": _("Only users of the case's authority can join its team.")})
    member = CaseMember(case=case, user=user, role=role)
    with transaction.atomic():
        member.validate_unique()
        return _add(
            obj=member,
            actor=actor,
            action="investigations.member.added",
            after={"user": user.pk, "role": role},
        )


def member_remove(*, member: CaseMember, actor: Any) -> None:
    """Take a user off the team; the last lead investigator stays."""
    _require(can_assign_members(member.case, actor))
    leads = member.case.members.filter(role=CaseRole.LEAD)
    if member.role == CaseRole.LEAD and leads.count() == 1:
        raise ValidationError({"user": _("A case keeps at least one lead investigator.")})
    with transaction.atomic():
        before = {"user": member.user_id, "role": member.role}
        record(action="investigations.member.removed", actor=actor, target=member.case, before=before)
        member.delete()


def victim_add(
    *,
    case: InvestigationCase,
    actor: Any,
    name: str,
    kind: str,
    amount: Decimal,
    currency: str,
    account_identifier: str = "",
    notes: str = "",
) -> Victim:
    """Record a victim and the money they lost."""
    _require(can_edit_case(case, actor))
    victim = Victim(
        case=case,
        name=name.strip(),
        kind=kind,
        amount_minor=_money(amount, currency, positive=True),
        currency=currency,
        account_identifier=account_identifier.strip(),
        notes=notes,
    )
    after = {"name": victim.name, "amount_minor": victim.amount_minor, "currency": currency}
    with transaction.atomic():
        return _add(obj=victim, actor=actor, action="investigations.victim.added", after=after)


def subject_add(
    *,
    case: InvestigationCase,
    actor: Any,
    kind: str,
    role: str,
    name: str,
    identifier: str = "",
    country: str = "",
    notes: str = "",
) -> Subject:
    """Record a person or company of interest."""
    _require(can_edit_case(case, actor))
    subject = Subject(
        case=case,
        kind=kind,
        role=role,
        name=name.strip(),
        identifier=identifier.strip(),
        country=country.strip().upper(),
        notes=notes,
    )
    with transaction.atomic():
        return _add(
            obj=subject,
            actor=actor,
            action="investigations.subject.added",
            after={"name": subject.name, "role": role},
        )


def bank_account_add(
    *,
    case: InvestigationCase,
    actor: Any,
    iban: str,
    currency: str,
    bic: str = "",
    bank_name: str = "",
    holder: Subject | None = None,
) -> BankAccount:
    """Record a bank account (IBAN and BIC validated, stored compact)."""
    _require(can_edit_case(case, actor))
    _check_holder(case, holder)
    account = BankAccount(
        case=case, iban=iban, bic=bic, bank_name=bank_name.strip(), holder=holder, currency=currency
    )
    with transaction.atomic():
        account.clean()
        return _add(
            obj=account, actor=actor, action="investigations.bankaccount.added", after={"iban": account.iban}
        )


def wallet_add(
    *,
    case: InvestigationCase,
    actor: Any,
    chain: str,
    address: str,
    service: str = "",
    holder: Subject | None = None,
) -> CryptoWallet:
    """Record a crypto wallet address."""
    _require(can_edit_case(case, actor))
    _check_holder(case, holder)
    wallet = CryptoWallet(
        case=case, chain=chain, address=address.strip(), service=service.strip(), holder=holder
    )
    with transaction.atomic():
        return _add(
            obj=wallet,
            actor=actor,
            action="investigations.wallet.added",
            after={"chain": chain, "address": wallet.address},
        )


def asset_add(
    *,
    case: InvestigationCase,
    actor: Any,
    kind: str,
    description: str,
    amount: Decimal,
    currency: str,
    owner: Subject | None = None,
) -> Asset:
    """Record an asset (real estate, vehicle, other) with its estimated value."""
    _require(can_edit_case(case, actor))
    _check_holder(case, owner, field="owner")
    asset = Asset(
        case=case,
        kind=kind,
        description=description.strip(),
        amount_minor=_money(amount, currency),
        currency=currency,
        owner=owner,
    )
    after = {"kind": kind, "amount_minor": asset.amount_minor, "currency": currency}
    with transaction.atomic():
        return _add(obj=asset, actor=actor, action="investigations.asset.added", after=after)


def _check_holder(case: InvestigationCase, holder: Subject | None, field: str = "holder") -> None:
    """A holder or owner must be a subject of the same case."""
    if holder is not None and holder.case_id != case.pk:
        raise ValidationError({field: _("Choose a person or company of this case.")})
