"""Factories for investigation tests (invented names, numbers and accounts only)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from iproceeds.investigations import services
from iproceeds.investigations.choices import OffenceType, SubjectKind
from iproceeds.investigations.models import InvestigationCase, Victim

# Invented IBANs with valid check digits (schwifty accepts them; no real account is meant).
IBAN_RS = "RS35260005601001611379"
IBAN_MK = "MK07250120000058984"
IBAN_DE = "DE89370400440532013000"


def make_case(actor: Any, reference: str = "FI-2026-0001", **overrides: Any) -> InvestigationCase:
    """A case opened through the service, the actor its lead investigator."""
    arguments: dict[str, Any] = {
        "reference": reference,
        "title": "Demo investment fraud",
        "criminal_case_numbers": ["KT-123/26"],
        "offence_types": [OffenceType.COMPUTER_FRAUD],
        "parallel_cybercrime": True,
    } | overrides
    return services.case_create(actor=actor, **arguments)


def make_victim(
    case: InvestigationCase,
    actor: Any,
    name: str = "Demo Victim One",
    amount: str = "1500.00",
    currency: str = "EUR",
) -> Victim:
    """A victim with a loss, added through the service."""
    return services.victim_add(
        case=case, actor=actor, name=name, kind=SubjectKind.PERSON, amount=Decimal(amount), currency=currency
    )
