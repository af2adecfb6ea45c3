"""An invented demo case for the demo officer "officer.rs" (idempotent: created once, then left alone)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from moneytrace.patterns import PatternParams

from iproceeds.accounts.models import User
from iproceeds.cooperation import eligibility
from iproceeds.cooperation.models import RequestType
from iproceeds.directory.choices import Confidence, Instrument, TreatyStatus
from iproceeds.directory.models import InstrumentStatus, Party
from iproceeds.directory.permissions import SYSTEM
from iproceeds.directory.reference import DEMO_BINDING_SOURCE
from iproceeds.directory.services.entries import entry_create, entry_update
from iproceeds.investigations import mapping, measures, services, statements, tracing
from iproceeds.investigations.choices import (
    AssetKind,
    Chain,
    MeasureStage,
    OffenceType,
    SubjectKind,
    SubjectRole,
)
from iproceeds.investigations.models import CaseRequest, InvestigationCase, PatternFinding, Subject
from iproceeds.investigations.patterns import finding_decide, patterns_run
from iproceeds.investigations.rates import rates_load
from iproceeds.investigations.requests import WC21, case_request_draft, targets_for
from iproceeds.investigations.restitution import restitution_distribute

DEMO_REFERENCE = "DEMO-FI-2026-001"
DEMO_BANK = "Demo Bank A"  # the bank whose CSV column mapping the demo organisation keeps
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
        if mapping.bank_mapping_for(actor=officer, bank_name=DEMO_BANK) is None:  # seeded before mappings
            _keep_mapping(officer)
        _work(existing, officer)
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
    _work(case, officer)
    return case


def victims_and_mule(case: InvestigationCase, officer: User, *, mule_country: str) -> Subject:
    """The three demo victims with their losses, and the mule Max Example (shared by both demo cases)."""
    for name, amount in DEMO_VICTIMS:
        services.victim_add(
            case=case,
            actor=officer,
            name=name,
            kind=SubjectKind.PERSON,
            amount=Decimal(amount),
            currency="EUR",
        )
    return services.subject_add(
        case=case,
        actor=officer,
        kind=SubjectKind.PERSON,
        role=SubjectRole.MULE,
        name="Max Example",
        country=mule_country,
    )


def _fill(case: InvestigationCase, officer: User) -> None:
    """Victims, a mule, accounts, a wallet, a car, and the two example statements."""
    mule = victims_and_mule(case, officer, mule_country="DE")
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
    csv_mapping = statements.parse_mapping((EXAMPLES / "bank_a.mapping.toml").read_text())
    # The CSV goes the way an officer's upload goes: its mapping kept for the bank, a job the worker runs
    # (run here at once; the task enqueued after the commit then finds it done and does nothing).
    job = statements.import_job_create(
        case=case,
        actor=officer,
        data=csv.read_bytes(),
        file_name=csv.name,
        format="csv",
        mapping=csv_mapping,
        bank_name=DEMO_BANK,
        save_mapping=True,
    )
    statements.import_job_run(job_id=job.pk)
    statements.statement_import(
        case=case, actor=officer, data=mt940.read_bytes(), file_name=mt940.name, format="mt940"
    )


def _keep_mapping(officer: User) -> None:
    """The demo bank's CSV mapping kept for the demo organisation, when the checkout has it."""
    path = EXAMPLES / "bank_a.mapping.toml"
    if path.exists():
        saved = statements.parse_mapping(path.read_text())
        mapping.bank_mapping_save(actor=officer, bank_name=DEMO_BANK, mapping=saved)


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
    tracing.trace_run(
        case=case, actor=officer, method="libr", currency="EUR", payments=payments, compare=True
    )


# The demo's mule chain (account A -> account B -> an exchange) takes 7 days: wider than the default
# 48-hour pass-through window, so the demo searches with 8 days and a 50 % tolerance.
DEMO_PATTERN_PARAMS = PatternParams(passthrough_window=timedelta(days=8), passthrough_tolerance=0.5)
DEMO_SKOPJE_IBAN = "MK07250120000058984"


def _work(case: InvestigationCase, officer: User) -> None:
    """Patterns searched with one finding confirmed, and a WC21 request to North Macedonia (each once)."""
    with transaction.atomic():
        _patterns(case, officer)
    with transaction.atomic():
        _request_to_skopje(case, officer)


def _patterns(case: InvestigationCase, officer: User) -> None:
    """Search the ledger once and confirm the mule chain."""
    if PatternFinding.objects.filter(case=case).exists() or not case.transactions.exists():
        return
    patterns_run(case=case, actor=officer, params=DEMO_PATTERN_PARAMS)
    chain = PatternFinding.objects.filter(case=case, kind="pass-through").first()
    if chain is not None:
        reason = "Victims' money passed through both mule accounts to an exchange within a week (demo)."
        confirmed = PatternFinding.Decision.CONFIRMED
        finding_decide(finding=chain, actor=officer, decision=confirmed, reason=reason)


def _bind_for_wc21() -> bool:
    """Serbia and North Macedonia bound by ETS 198, assumed for the demo where the directory does not know."""
    for code in ("RS", "MK"):
        party = Party.objects.filter(code=code).first()
        if party is None:
            return False
        if eligibility.party_is_bound(party=party, instrument=Instrument.ETS_198):
            continue
        fact = InstrumentStatus.objects.filter(party=party, instrument=Instrument.ETS_198).first()
        if fact is not None and fact.status != TreatyStatus.UNKNOWN:
            return False  # a sourced fact says otherwise: the demo leaves it alone and drafts nothing
        changes = {
            "status": TreatyStatus.IN_FORCE,
            "confidence": Confidence.UNCONFIRMED,
            "source": DEMO_BINDING_SOURCE,
            "as_of": timezone.localdate(),
        }
        if fact is None:
            status = InstrumentStatus(party=party, instrument=Instrument.ETS_198, **changes)
            entry_create(actor=SYSTEM, instance=status)
        else:
            entry_update(actor=SYSTEM, instance=fact, changes=changes)
    return True


def _request_to_skopje(case: InvestigationCase, officer: User) -> None:
    """A WC21 freezing request drafted from the money in North Macedonia, when the catalogue is loaded.

    The trace's exit to North Macedonia when there is one; else the case's Skopje account (moneytrace's
    example statements send nothing to North Macedonia, so the demo asks about that account)."""
    if CaseRequest.objects.filter(case=case).exists() or not RequestType.objects.filter(code=WC21).exists():
        return
    if not _bind_for_wc21():
        return
    run = case.traces.first()
    skopje = [t for t in targets_for(case=case, run=run) if t.country == "MK" and not t.refusal]
    exits = [t for t in skopje if t.kind == "exit"]
    chosen = exits or [t for t in skopje if t.account == DEMO_SKOPJE_IBAN]
    if chosen:
        case_request_draft(case=case, actor=officer, target_key=chosen[0].key, type_code=WC21, run=run)
