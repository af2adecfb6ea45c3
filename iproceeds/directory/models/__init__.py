"""The directory's models, one module per area."""

from iproceeds.directory.models.authority import Authority, Competence, Contact
from iproceeds.directory.models.party import InstrumentStatus, Party, PartyDeclaration, PartySetting
from iproceeds.directory.models.provider import ProviderIdentifier, ProviderRetention, ServiceProvider
from iproceeds.directory.models.roster import DutyOverride, DutyShift
from iproceeds.directory.validators import validate_timezone

__all__ = [
    "Authority",
    "Competence",
    "Contact",
    "DutyOverride",
    "DutyShift",
    "InstrumentStatus",
    "Party",
    "PartyDeclaration",
    "PartySetting",
    "ProviderIdentifier",
    "ProviderRetention",
    "ServiceProvider",
    "validate_timezone",
]
