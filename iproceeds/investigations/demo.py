"""An invented demo case for the demo officer "officer.rs" (idempotent: created once, then left alone)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from iproceeds.accounts.models import User
from iproceeds.investigations import services, statements
from iproceeds.investigations.choices import AssetKind, Chain, OffenceType, SubjectKind, SubjectRole
from iproceeds.investigations.models import InvestigationCase

DEMO_REFERENCE = "DEMO-FI-2026-001"
DEMO_OFFICER = "officer.rs"
# moneytrace's invented example statements: a CSV of one mule account and an MT940 of another.
EXAMPLES = Path(settings.BASE_DIR) / "moneytrace" / "examples"
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
