"""Which Parties may use a request type: both must be bound by its instrument (directory facts)."""

from __future__ import annotations

from django.db.models import QuerySet

from iproceeds.cooperation.models import RequestType
from iproceeds.directory.choices import TreatyStatus
from iproceeds.directory.models import InstrumentStatus, Party, PartyDeclaration

# A treaty binds a Party once it is in force for it; signature or ratification alone does not.
BOUND_STATUSES = (TreatyStatus.IN_FORCE,)


def party_is_bound(*, party: Party, instrument: str) -> bool:
    """True when the directory records the instrument as in force for the Party."""
    return InstrumentStatus.objects.filter(
        party=party, instrument=instrument, status__in=BOUND_STATUSES
    ).exists()


def parties_bound(*, instrument: str) -> QuerySet[Party]:
    """Every Party bound by the instrument."""
    return Party.objects.filter(
        instruments__instrument=instrument, instruments__status__in=BOUND_STATUSES
    ).distinct()


def refusal_declarations(*, request_type: RequestType, party: Party) -> list[PartyDeclaration]:
    """The requested Party's reservations or declarations that let it refuse this type of request."""
    if not request_type.refusal_effects:
        return []
    return list(
        PartyDeclaration.objects.filter(
            party=party, instrument=request_type.instrument, effect__in=request_type.refusal_effects
        )
    )
