from django.db import models
from django.utils.translation import gettext_lazy as _


class AuthorityType(models.TextChoices):
    """The kinds of body a Party designates for cooperation."""

    POINT_OF_CONTACT = "poc247", _("24/7 point of contact")
    CENTRAL_AUTHORITY = "central", _("Central authority")
    FIU = "fiu", _("Financial intelligence unit")
    ASSET_RECOVERY = "aro", _("Asset-recovery office")
    PROSECUTION = "prosecution", _("Prosecution service")
    CYBERCRIME_UNIT = "cybercrime", _("Cybercrime unit")
    COURT = "court", _("Court")
    SECRETARIAT = "secretariat", _("Network secretariat")
    OTHER = "other", _("Other")


class Confidence(models.TextChoices):
    """How far a fact has been checked (the legal reference's [P], [S], [U] marks)."""

    PRIMARY = "P", _("Checked against the primary text")
    SECONDARY = "S", _("From a reliable secondary source")
    UNCONFIRMED = "U", _("To verify")


class Instrument(models.TextChoices):
    """The treaties whose status the directory records per Party."""

    ETS_185 = "ETS185", _("ETS 185 Budapest Convention on Cybercrime")
    ETS_198 = "ETS198", _("ETS 198 Warsaw Convention on proceeds of crime")
    CETS_224 = "CETS224", _("CETS 224 Second Additional Protocol to the Budapest Convention")


class TreatyStatus(models.TextChoices):
    """Where a Party stands with a treaty."""

    UNKNOWN = "unknown", _("To verify")
    NOT_SIGNED = "not_signed", _("Not signed")
    SIGNED = "signed", _("Signed")
    RATIFIED = "ratified", _("Ratified")
    IN_FORCE = "in_force", _("In force")


class DeclarationKind(models.TextChoices):
    """Reservation or declaration under a treaty."""

    RESERVATION = "reservation", _("Reservation")
    DECLARATION = "declaration", _("Declaration")


class DeclarationEffect(models.TextChoices):
    """What a reservation or declaration changes in day-to-day cooperation."""

    DUAL_CRIMINALITY_PRESERVATION = (
        "dual_criminality_preservation",
        _("Dual criminality required for preservation (ETS 185 Art 29(4))"),
    )
    URGENT_VIA_CENTRAL = (
        "urgent_via_central",
        _("Urgent requests must go through the central authority (ETS 185 Art 27(9)(e))"),
    )
    TRANSLATION_REQUIRED = "translation_required", _("Translation required (ETS 198 Art 35(3))")
    OTHER = "other", _("Other")


class SettingKey(models.TextChoices):
    """Per-Party facts about languages, electronic transmission and domestic periods."""

    ACCEPTED_LANGUAGES = "accepted_languages", _("Languages accepted for incoming requests")
    E_ENCRYPTION_REQUIRED = "e_encryption_required", _("Encryption required for electronic transmission")
    E_SIGNATURE_REQUIRED = "e_signature_required", _("Electronic signature required")
    E_TRANSMISSION_NOTES = "e_transmission_notes", _("Conditions for electronic transmission")
    MAX_PRESERVATION_DAYS = "max_preservation_days", _("Maximum preservation period (days)")
    FIU_POSTPONEMENT_HOURS = "fiu_postponement_hours", _("FIU postponement period (hours)")


class Channel(models.TextChoices):
    """The channel through which an authority receives a type of request."""

    NETWORK_247 = "poc247", _("24/7 network")
    CENTRAL = "central", _("Central authority (mutual legal assistance)")
    JUDICIAL_DIRECT = "judicial_direct", _("Direct judicial channel (urgent)")
    INTERPOL = "interpol", _("INTERPOL")
    FIU = "fiu", _("FIU to FIU")
    DIRECT = "direct", _("Directly from a foreign authority")
    ANY = "any", _("Any channel")


class ProviderKind(models.TextChoices):
    """Service provider, domain registrar, or both."""

    PROVIDER = "provider", _("Service provider")
    REGISTRAR = "registrar", _("Domain registrar")
    BOTH = "both", _("Provider and registrar")


class DataCategory(models.TextChoices):
    """Categories of data a provider retains (EU 2023/1543 Annex II)."""

    SUBSCRIBER = "subscriber", _("Subscriber data")
    IDENTIFICATION = "identification", _("Data for identification only (IP, port, time)")
    TRAFFIC = "traffic", _("Traffic data")
    CONTENT = "content", _("Content data")


class IdentifierKind(models.TextChoices):
    """Identifiers a provider owns, used to find the provider from evidence."""

    DOMAIN = "domain", _("Domain name")
    IP_RANGE = "ip_range", _("IP range (CIDR)")
    ASN = "asn", _("Autonomous system number")


class Weekday(models.IntegerChoices):
    """Days of the week as Python numbers them (Monday is 0)."""

    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


# Labels for the request-type codes of the legal reference; the cooperation catalogue (a later
# issue) becomes the authority on codes, so unknown codes are shown as they are.
REQUEST_TYPE_LABELS = {
    "BC29_PRESERVATION": _("Preservation of stored data (ETS 185 Art 29)"),
    "BC30_TRAFFIC_DISCLOSURE": _("Expedited disclosure of traffic data (ETS 185 Art 30)"),
    "BC31_MLA_STORED_DATA": _("Access to stored data (ETS 185 Art 31)"),
    "BC31_MLA_SUBSCRIBER": _("Subscriber information by MLA (ETS 185 Art 31)"),
    "BC33_REALTIME_TRAFFIC": _("Real-time collection of traffic data (ETS 185 Art 33)"),
    "BC34_INTERCEPTION": _("Interception of content data (ETS 185 Art 34)"),
    "BC26_SPONTANEOUS": _("Spontaneous information (ETS 185 Art 26)"),
    "BC35_ASSISTANCE": _("24/7 assistance (ETS 185 Art 35)"),
    "SP6_DOMAIN_REGISTRATION": _("Domain registration information (CETS 224 Art 6)"),
    "SP7_SUBSCRIBER_ORDER": _("Subscriber information from a provider (CETS 224 Art 7)"),
    "SP8_GIVE_EFFECT_ORDER": _("Giving effect to an order (CETS 224 Art 8)"),
    "SP9_EMERGENCY_DISCLOSURE": _("Emergency disclosure (CETS 224 Art 9)"),
    "SP10_EMERGENCY_MLA": _("Emergency mutual assistance (CETS 224 Art 10)"),
    "WC17_BANK_ACCOUNTS": _("Bank accounts (ETS 198 Art 17)"),
    "WC18_BANK_TRANSACTIONS": _("Banking transactions (ETS 198 Art 18)"),
    "WC19_TRANSACTION_MONITORING": _("Monitoring of banking transactions (ETS 198 Art 19)"),
    "WC21_PROVISIONAL_MEASURES": _("Freezing and seizure (ETS 198 Arts 21-22)"),
    "WC23_CONFISCATION": _("Confiscation (ETS 198 Arts 23-27)"),
    "WC46_FIU_INFORMATION": _("FIU information (ETS 198 Art 46)"),
    "WC47_FIU_POSTPONEMENT": _("FIU postponement of a transaction (ETS 198 Art 47)"),
}


def request_type_label(code: str) -> str:
    """The label of a request-type code, or the code itself when it is not known here."""
    return str(REQUEST_TYPE_LABELS.get(code, code))
