"""A second invented demo case for "officer.rs" whose statements send the victims' money to North Macedonia.

The first demo case imports moneytrace's example statements, which send nothing to North Macedonia; this
one imports the demo statements of two Serbian mule accounts (``demo_data/mule_a.csv`` with its mapping,
``demo_data/mule_b.mt940``, the same files as the browser journey), traces the three victims' payments
with the lowest intermediate balance, and drafts a WC21 freezing request from the exit to Skopje.
Idempotent: created once; the draft is added on a later run if the catalogue was not loaded yet.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from iproceeds.accounts.models import User
from iproceeds.cooperation.models import RequestType
from iproceeds.investigations import services, statements, tracing
from iproceeds.investigations.choices import OffenceType
from iproceeds.investigations.demo import DEMO_OFFICER, _bind_for_wc21, victims_and_mule
from iproceeds.investigations.models import CaseRequest, InvestigationCase
from iproceeds.investigations.requests import WC21, case_request_draft, targets_for

SKOPJE_REFERENCE = "DEMO-FI-2026-002"
DATA = Path(__file__).resolve().parent / "demo_data"
MULE_A, MULE_B = "RS35160000001234567964", "RS35265000009876543208"
SKOPJE_EXIT = "MK07300000012345614"  # where mule account B sent 6000.00 EUR on 9 March 2026


def seed_skopje_demo() -> InvestigationCase | None:
    """Create the case once (None without the demo officer); draft the WC21 request once."""
    officer = User.objects.filter(username=DEMO_OFFICER).first()
    if officer is None:
        return None
    case = InvestigationCase.objects.filter(reference=SKOPJE_REFERENCE).first()
    if case is None:
        with transaction.atomic():
            case = _create(officer)
    with transaction.atomic():
        _ask_skopje(case, officer)
    return case


def _create(officer: User) -> InvestigationCase:
    """The case, its victims, the mule and his two accounts, both statements and the trace."""
    case = services.case_create(
        actor=officer,
        reference=SKOPJE_REFERENCE,
        title="Demo money mules: from Belgrade to Skopje",
        criminal_case_numbers=["KTK-DEMO-29/26"],
        offence_types=[OffenceType.COMPUTER_FRAUD, OffenceType.MONEY_LAUNDERING],
        parallel_cybercrime=True,
    )
    mule = victims_and_mule(case, officer, mule_country="RS")
    for iban, bank in ((MULE_A, "Demo Banka Beograd"), (MULE_B, "Demo Banka Novi Sad")):
        services.bank_account_add(
            case=case, actor=officer, iban=iban, currency="EUR", bank_name=bank, holder=mule
        )
    mapping = statements.parse_mapping((DATA / "mule_a.mapping.toml").read_text())
    for name, fmt, used in (("mule_a.csv", "csv", mapping), ("mule_b.mt940", "mt940", None)):
        data = (DATA / name).read_bytes()
        statements.statement_import(
            case=case, actor=officer, data=data, file_name=name, format=fmt, mapping=used
        )
    victims = dict(case.victims.values_list("name", "pk"))
    paid = case.transactions.filter(to_account=MULE_A, details__counterparty_name__in=list(victims))
    payments = {
        tx_id: victims[name] for tx_id, name in paid.values_list("tx_id", "details__counterparty_name")
    }
    tracing.trace_run(case=case, actor=officer, method="libr", currency="EUR", payments=payments)
    return case


def _ask_skopje(case: InvestigationCase, officer: User) -> None:
    """A WC21 draft from the trace's exit to North Macedonia, when the catalogue is loaded (once)."""
    if CaseRequest.objects.filter(case=case).exists() or not RequestType.objects.filter(code=WC21).exists():
        return
    run = case.traces.first()
    if run is None or not _bind_for_wc21():
        return
    exits = [t for t in targets_for(case=case, run=run) if t.kind == "exit" and t.account == SKOPJE_EXIT]
    if exits and not exits[0].refusal:
        case_request_draft(case=case, actor=officer, target_key=exits[0].key, type_code=WC21, run=run)
