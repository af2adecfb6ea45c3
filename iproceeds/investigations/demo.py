"""An invented demo case for the demo officer "officer.rs" (idempotent: created once, then left alone)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from iproceeds.accounts.models import User
from iproceeds.investigations import measures, services, statements, tracing
from iproceeds.investigations.choices import (
    AssetKind,
    Chain,
    MeasureStage,
    OffenceType,
    SubjectKind,
    SubjectRole,
)
from iproceeds.investigations.models import InvestigationCase
from iproceeds.investigations.rates import rates_load
from iproceeds.investigations.restitution import restitution_distribute

DEMO_REFERENCE = "DEMO-FI-2026-001"
DEMO_OFFICER = "officer.rs"
# moneytrace's invented example statements: a CSV of one mule account and an MT940 of another.
EXAMPLES = Path(settings.BASE_DIR) / "moneytrace" / "examples"
# Invented exchange rates to the euro (March-April 2026), loaded as the administrator would.
DEMO_RATES = Path(__file__).resolve().parent / "demo_data" / "exchange_rates.csv"
DEMO_VICTIMS = [
    ("Ana Example", "4800.00"),
    ("Ben Example", "2500.00"),
    ("Vesna Primerić", "1200.00"),
]


def seed_investigations_demo() -> InvestigationCase | None:
    """Create the demo case once; None when the demo officer does not exist (run seed_demo first)."""
    officer = User.objects.filter(username=DEMO_OFFICER).first()
    if officer is None:
        return None
    existing = InvestigationCase.objects.filter(reference=DEMO_REFERENCE).first()
    if existing is not None:
        if not existing.measures.exists():  # a demo case seeded before measures existed
            with transaction.atomic():
                _money(existing, officer)
        return existing
    with transaction.atomic():
        case = services.case_create(
            actor=officer,
            reference=DEMO_REFERENCE,
            title="Demo investment fraud with money mules",
            criminal_case_numbers=["KTK-DEMO-17/26"],
            offence_types=[OffenceType.COMPUTER_FRAUD, OffenceType.MONEY_LAUNDERING],
            parallel_cybercrime=True,
        )
        _fill(case, officer)
        _money(case, officer)
    return case


def _fill(case: InvestigationCase, officer: User) -> None:
    """Victims, a mule, accounts, a wallet, a car, and the two example statements."""
    for name, amount in DEMO_VICTIMS:
        services.victim_add(
            case=case,
            actor=officer,
            name=name,
            kind=SubjectKind.PERSON,
            amount=Decimal(amount),
            currency="EUR",
        )
    mule = services.subject_add(
        case=case,
        actor=officer,
        kind=SubjectKind.PERSON,
        role=SubjectRole.MULE,
        name="Max Example",
        country="DE",
    )
    services.bank_account_add(
        case=case,
        actor=officer,
        iban="DE62370400440532013001",
        currency="EUR",
        bank_name="Demo Bank A",
        holder=mule,
    )
    services.bank_account_add(
        case=case, actor=officer, iban="LT121000011101001000", currency="EUR", bank_name="Demo Bank B"
    )
    services.bank_account_add(
        case=case, actor=officer, iban="MK07250120000058984", currency="MKD", bank_name="Demo Bank Skopje"
    )
    services.wallet_add(
        case=case, actor=officer, chain=Chain.BITCOIN, address="bc1qdemo0example0wallet0invented", holder=mule
    )
    services.asset_add(
        case=case,
        actor=officer,
        kind=AssetKind.VEHICLE,
        description="Demo car, invented plate BG-000-XX",
        amount=Decimal("18500.00"),
        currency="EUR",
        owner=mule,
    )
    _import_examples(case, officer)


def _import_examples(case: InvestigationCase, officer: User) -> None:
    """Import moneytrace's example statements, when the checkout has them."""
    csv, mt940 = EXAMPLES / "bank_a.csv", EXAMPLES / "bank_b.mt940"
    if not (csv.exists() and mt940.exists()):
        return
    mapping = statements.parse_mapping((EXAMPLES / "bank_a.mapping.toml").read_text())
    statements.statement_import(
        case=case, actor=officer, data=csv.read_bytes(), file_name=csv.name, format="csv", mapping=mapping
    )
    statements.statement_import(
        case=case, actor=officer, data=mt940.read_bytes(), file_name=mt940.name, format="mt940"
    )


def _money(case: InvestigationCase, officer: User) -> None:
    """Rates from the shipped file; a trace; the Skopje account frozen; account B's holding confiscated
    and returned to the three victims by their declared losses."""
    rates_load(data=DEMO_RATES.read_bytes(), actor=None)
    _trace(case, officer)
    skopje = case.bank_accounts.get(iban="MK07250120000058984")
    frozen = measures.measure_identify(
        case=case, actor=officer, target=skopje, amount=Decimal("61500.00"), currency="MKD"
    )
    measures.measure_restrain(
        measure=frozen, actor=officer, kind=MeasureStage.FROZEN, amount=Decimal("61500.00"), currency="MKD",
        legal_basis="ETS 198 Art 21-22 (request WC21); demo national law on criminal procedure",
        order_reference="FO-DEMO-2026-04", order_authority="Basic Court Skopje I (demo)",
        restrained_on=date(2026, 3, 20), expires_on=date(2026, 9, 20),
    )  # fmt: skip
    account_b = case.bank_accounts.get(iban="LT121000011101001000")
    held = measures.measure_identify(
        case=case, actor=officer, target=account_b, amount=Decimal("1450.00"), currency="EUR"
    )
    measures.measure_restrain(
        measure=held, actor=officer, kind=MeasureStage.FROZEN, amount=Decimal("1450.00"), currency="EUR",
        legal_basis="Demo code of criminal procedure (provisional measures)",
        order_reference="FO-DEMO-2026-02",
        order_authority="Demo district court", restrained_on=date(2026, 3, 13), expires_on=date(2026, 9, 13),
    )  # fmt: skip
    measures.measure_confiscate(
        measure=held, actor=officer, amount=Decimal("1450.00"), currency="EUR",
        confiscation_order="KO-DEMO-2026-11", enforceable_on=date(2026, 4, 20),
        enforcement_decided_on=date(2026, 4, 22),
    )  # fmt: skip
    restitution_distribute(
        case=case, actor=officer, amount=Decimal("1450.00"), currency="EUR", decided_on=date(2026, 5, 15)
    )


# The victims' payments into account A in moneytrace's example CSV (ids are deterministic).
DEMO_PAYMENTS = {"tx-9787fcbe83997fa6": "Ana Example", "tx-cda9cb287424831f": "Ben Example"}


def _trace(case: InvestigationCase, officer: User) -> None:
    """A lowest-intermediate-balance trace of Ana's and Ben's payments, when the statements are there."""
    if case.transactions.filter(tx_id__in=list(DEMO_PAYMENTS)).count() != len(DEMO_PAYMENTS):
        return
    victims = dict(case.victims.values_list("name", "pk"))
    payments = {tx_id: victims[name] for tx_id, name in DEMO_PAYMENTS.items()}
    tracing.trace_run(case=case, actor=officer, method="libr", currency="EUR", payments=payments)
