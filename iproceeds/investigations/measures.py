"""Measures on assets: identified → frozen / seized → confiscated → disposed of, forward only, audited."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from iproceeds.audit.services import record
from iproceeds.investigations.choices import STAGE_RANK, DisposalKind, MeasureStage
from iproceeds.investigations.models import Asset, BankAccount, CryptoWallet, InvestigationCase, Measure
from iproceeds.investigations.permissions import can_edit_case
from iproceeds.investigations.rates import to_eur
from iproceeds.investigations.services import _money, _require

Target = BankAccount | CryptoWallet | Asset
_TARGET_FIELD = {BankAccount: "bank_account", CryptoWallet: "wallet", Asset: "asset"}


def _amount(measure: Measure, amount: Decimal | None, currency: str) -> int:
    """Minor units in the measure's currency; an amount without currency or in another one is refused."""
    if not currency:
        raise ValidationError({"currency": _("Give the currency of the amount.")})
    if currency != measure.currency:
        message = _("The measure is kept in %(code)s: give the amount in %(code)s.")
        raise ValidationError({"currency": message % {"code": measure.currency}})
    if amount is None:
        raise ValidationError({"amount": _("Give the amount.")})
    return _money(amount, currency, positive=True)


def _advance(measure: Measure, stage: str) -> None:
    """Refuse a move that is not forward (backwards, or frozen to seized and back)."""
    if STAGE_RANK[MeasureStage(stage)] <= STAGE_RANK[MeasureStage(measure.stage)]:
        message = _("The measure is already %(current)s: it cannot move to %(stage)s.")
        labels = dict(MeasureStage.choices)
        raise ValidationError(
            {"stage": message % {"current": labels[measure.stage], "stage": labels[MeasureStage(stage)]}}
        )


def _required(**values: Any) -> None:
    """Every named value must be given; the refusal names each missing field."""
    missing = {name: _("This field is required.") for name, value in values.items() if not value}
    if missing:
        raise ValidationError(missing)


def _save(measure: Measure, actor: Any, action: str, fields: list[str], before: dict[str, Any]) -> Measure:
    """Validate, save the changed fields and audit the step, in one transaction."""
    measure.full_clean()
    after = {name: getattr(measure, name) for name in fields}
    with transaction.atomic():
        # Two people recording a step at once: the second finds the stage moved and is refused.
        stored = Measure.objects.select_for_update().values_list("stage", flat=True).get(pk=measure.pk)
        if stored != before.get("stage", measure.stage):
            raise ValidationError({"stage": _("The measure was changed meanwhile: reload the page.")})
        measure.save(update_fields=fields)
        record(action=action, actor=actor, target=measure, before=before, after=after)
    return measure


def measure_identify(
    *, case: InvestigationCase, actor: Any, target: Target, amount: Decimal | None, currency: str
) -> Measure:
    """Record an account, wallet or asset of the case as identified proceeds, with an amount."""
    _require(can_edit_case(case, actor))
    if not currency:
        raise ValidationError({"currency": _("Give the currency of the amount.")})
    if amount is None:
        raise ValidationError({"amount": _("Give the amount.")})
    measure = Measure(
        case=case,
        stage=MeasureStage.IDENTIFIED,
        currency=currency,
        identified_minor=_money(amount, currency, positive=True),
        **{_TARGET_FIELD[type(target)]: target},
    )
    measure.full_clean()
    after = {"target": str(target), "amount_minor": measure.identified_minor, "currency": currency}
    with transaction.atomic():
        measure.save(force_insert=True)
        record(action="investigations.measure.identified", actor=actor, target=measure, after=after)
    return measure


def measure_restrain(
    *,
    measure: Measure,
    actor: Any,
    kind: str,
    amount: Decimal | None,
    currency: str,
    legal_basis: str,
    order_reference: str,
    order_authority: str,
    restrained_on: date | None,
    expires_on: date | None = None,
) -> Measure:
    """Freeze or seize: the order's legal basis, reference, authority, date and expiry."""
    _require(can_edit_case(measure.case, actor))
    if kind not in (MeasureStage.FROZEN, MeasureStage.SEIZED):
        raise ValidationError({"kind": _("Choose frozen or seized.")})
    _advance(measure, kind)
    minor = _amount(measure, amount, currency)
    _required(
        legal_basis=legal_basis.strip(),
        order_reference=order_reference.strip(),
        order_authority=order_authority.strip(),
        restrained_on=restrained_on,
    )
    if expires_on is not None and restrained_on is not None and expires_on <= restrained_on:
        raise ValidationError({"expires_on": _("The order must expire after the day it was made.")})
    before = {"stage": measure.stage}
    measure.stage, measure.restraint_kind, measure.restrained_minor = kind, kind, minor
    measure.legal_basis, measure.order_reference = legal_basis.strip(), order_reference.strip()
    measure.order_authority, measure.restrained_on = order_authority.strip(), restrained_on
    measure.expires_on = expires_on
    fields = ["stage", "restraint_kind", "restrained_minor", "legal_basis", "order_reference"]
    fields += ["order_authority", "restrained_on", "expires_on"]
    return _save(measure, actor, f"investigations.measure.{kind}", fields, before)


def measure_renew(*, measure: Measure, actor: Any, expires_on: date | None, order_reference: str) -> Measure:
    """Extend a freezing or seizure order to a later expiry date, under the renewing order's reference."""
    _require(can_edit_case(measure.case, actor))
    if measure.stage not in (MeasureStage.FROZEN, MeasureStage.SEIZED):
        raise ValidationError({"stage": _("Only a frozen or seized asset's order is renewed.")})
    _required(expires_on=expires_on, order_reference=order_reference.strip())
    assert expires_on is not None  # for mypy: _required refused None
    if measure.expires_on is not None and expires_on <= measure.expires_on:
        raise ValidationError({"expires_on": _("The new expiry date must be later than the current one.")})
    before = {"expires_on": measure.expires_on, "order_reference": measure.order_reference}
    measure.expires_on, measure.order_reference = expires_on, order_reference.strip()
    return _save(measure, actor, "investigations.measure.renewed", ["expires_on", "order_reference"], before)


def measure_confiscate(
    *,
    measure: Measure,
    actor: Any,
    amount: Decimal | None,
    currency: str,
    confiscation_order: str,
    enforceable_on: date | None,
    enforcement_decided_on: date | None,
) -> Measure:
    """Confiscate: the order, when it became enforceable, and its EUR value at the decision to enforce.

    ETS 198 Art 24(4): an amount in another currency is converted at the rate of the date of the
    decision to enforce; a missing rate refuses the step (the administrator loads rates first).
    """
    _require(can_edit_case(measure.case, actor))
    _advance(measure, MeasureStage.CONFISCATED)
    minor = _amount(measure, amount, currency)
    _required(
        confiscation_order=confiscation_order.strip(),
        enforceable_on=enforceable_on,
        enforcement_decided_on=enforcement_decided_on,
    )
    assert enforcement_decided_on is not None  # for mypy: _required refused None
    try:
        value = to_eur(amount_minor=minor, currency=currency, on=enforcement_decided_on)
    except ValidationError as exc:
        raise ValidationError({"enforcement_decided_on": exc.messages}) from None
    before = {"stage": measure.stage}
    measure.stage, measure.confiscated_minor = MeasureStage.CONFISCATED, minor
    measure.confiscation_order, measure.enforceable_on = confiscation_order.strip(), enforceable_on
    measure.enforcement_decided_on = enforcement_decided_on
    measure.eur_minor, measure.eur_rate, measure.eur_rate_date = value.eur_minor, value.rate, value.rate_date
    fields = ["stage", "confiscated_minor", "confiscation_order", "enforceable_on", "enforcement_decided_on"]
    action = "investigations.measure.confiscated"
    return _save(measure, actor, action, [*fields, "eur_minor", "eur_rate", "eur_rate_date"], before)


def measure_dispose(
    *,
    measure: Measure,
    actor: Any,
    disposal_kind: str,
    amount: Decimal | None,
    currency: str,
    disposed_on: date | None,
    disposal_note: str = "",
) -> Measure:
    """Dispose of confiscated property: returned to victims, shared between Parties, or to the state."""
    _require(can_edit_case(measure.case, actor))
    _advance(measure, MeasureStage.DISPOSED)
    if measure.stage != MeasureStage.CONFISCATED:
        raise ValidationError({"stage": _("Only confiscated property is disposed of.")})
    if disposal_kind not in DisposalKind.values:
        raise ValidationError({"disposal_kind": _("Choose what became of the property.")})
    minor = _amount(measure, amount, currency)
    _required(disposed_on=disposed_on)
    if minor > (measure.confiscated_minor or 0):
        raise ValidationError({"amount": _("More than was confiscated cannot be disposed of.")})
    before = {"stage": measure.stage}
    measure.stage, measure.disposal_kind, measure.disposed_minor = MeasureStage.DISPOSED, disposal_kind, minor
    measure.disposed_on, measure.disposal_note = disposed_on, disposal_note.strip()
    fields = ["stage", "disposal_kind", "disposed_minor", "disposed_on", "disposal_note"]
    return _save(measure, actor, "investigations.measure.disposed", fields, before)
