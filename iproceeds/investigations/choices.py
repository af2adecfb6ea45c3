from django.db import models
from django.utils.translation import gettext_lazy as _


class OffenceType(models.TextChoices):
    """Offences a financial investigation may concern (Budapest Convention and laundering)."""

    COMPUTER_FRAUD = "computer_fraud", _("Computer-related fraud (ETS 185 Art 8)")
    COMPUTER_FORGERY = "computer_forgery", _("Computer-related forgery (ETS 185 Art 7)")
    ILLEGAL_ACCESS = "illegal_access", _("Illegal access (ETS 185 Art 2)")
    DATA_INTERFERENCE = "data_interference", _("Data or system interference (ETS 185 Art 4-5)")
    RANSOMWARE = "ransomware", _("Ransomware extortion")
    MONEY_LAUNDERING = "money_laundering", _("Money laundering (ETS 198 Art 9)")
    OTHER = "other", _("Other offence")


class CaseRole(models.TextChoices):
    """A member's role on one case team."""

    LEAD = "lead", _("Lead investigator")
    INVESTIGATOR = "investigator", _("Financial investigator")
    ANALYST = "analyst", _("Analyst")
    PROSECUTOR = "prosecutor", _("Prosecutor")
    READER = "reader", _("Reader (read only)")


class SubjectKind(models.TextChoices):
    """Whether a subject of the case is a natural person or a company."""

    PERSON = "person", _("Person")
    COMPANY = "company", _("Company")


class SubjectRole(models.TextChoices):
    """What part a person or company plays in the case."""

    SUSPECT = "suspect", _("Suspect")
    MULE = "mule", _("Money mule")
    BENEFICIARY = "beneficiary", _("Beneficial owner")
    WITNESS = "witness", _("Witness")
    OTHER = "other", _("Other")


class Chain(models.TextChoices):
    """Blockchains a wallet address may live on."""

    BITCOIN = "bitcoin", _("Bitcoin")
    ETHEREUM = "ethereum", _("Ethereum")
    TRON = "tron", _("Tron")
    LITECOIN = "litecoin", _("Litecoin")
    MONERO = "monero", _("Monero")
    OTHER = "other", _("Other")


class AssetKind(models.TextChoices):
    """Kinds of assets other than bank accounts and wallets."""

    REAL_ESTATE = "real_estate", _("Real estate")
    VEHICLE = "vehicle", _("Vehicle")
    OTHER = "other", _("Other asset")


class StatementFormat(models.TextChoices):
    """The statement formats moneytrace imports."""

    CSV = "csv", _("Bank CSV export (with a column mapping)")
    MT940 = "mt940", _("SWIFT MT940")
    CAMT053 = "camt053", _("ISO 20022 camt.053")
    OFX = "ofx", _("OFX")
    CRYPTO_CSV = "crypto-csv", _("Crypto exchange CSV export")


class MeasureStage(models.TextChoices):
    """Where an asset stands: identified, then frozen or seized, confiscated, disposed of."""

    IDENTIFIED = "identified", _("Identified")
    FROZEN = "frozen", _("Frozen")
    SEIZED = "seized", _("Seized")
    CONFISCATED = "confiscated", _("Confiscated")
    DISPOSED = "disposed", _("Disposed of")


# A measure only moves forward: to a stage of a higher rank (frozen and seized are one step).
STAGE_RANK = {
    MeasureStage.IDENTIFIED: 0,
    MeasureStage.FROZEN: 1,
    MeasureStage.SEIZED: 1,
    MeasureStage.CONFISCATED: 2,
    MeasureStage.DISPOSED: 3,
}


class DisposalKind(models.TextChoices):
    """What became of confiscated property (ETS 198 Art 25)."""

    VICTIMS = "victims", _("Returned to the victims")
    SHARED = "shared", _("Shared between Parties")
    STATE = "state", _("To the state")
