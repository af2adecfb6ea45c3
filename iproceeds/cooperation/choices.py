from django.db import models
from django.utils.translation import gettext_lazy as _


class FieldKind(models.TextChoices):
    """The fixed set of field kinds a catalogue entry may use; each has a validated form field."""

    TEXT = "text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    CHOICE = "choice", _("Choice")
    BOOLEAN = "boolean", _("Yes or no")
    DATE = "date", _("Date")
    DATETIME_TZ = "datetime_tz", _("Date and time with time zone")
    TIMEZONE = "timezone", _("Time zone")
    IP_ADDRESS = "ip_address", _("IP address with port and time")
    PHONE = "phone", _("Phone number")
    EMAIL = "email", _("E-mail address")
    IMEI = "imei", _("IMEI")
    MAC = "mac", _("MAC address")
    DOMAIN = "domain", _("Domain name")
    URL = "url", _("URL")
    ACCOUNT = "account", _("Account or user name with its service")
    IBAN = "iban", _("IBAN")
    BIC = "bic", _("BIC")
    BITCOIN = "bitcoin", _("Bitcoin address")
    ETHEREUM = "ethereum", _("Ethereum address")
    AMOUNT = "amount", _("Amount with currency")


class Prefill(models.TextChoices):
    """Where the requesting side of a form is filled from (the directory and the user's profile)."""

    NONE = "", _("Nothing")
    TODAY = "today", _("Today's date")
    AUTHORITY_NAME = "authority.name", _("Requesting authority")
    AUTHORITY_ADDRESS = "authority.address", _("Authority address")
    AUTHORITY_PHONE = "authority.phone_247", _("Authority 24/7 line")
    AUTHORITY_EMAIL = "authority.email", _("Authority e-mail")
    AUTHORITY_TIMEZONE = "authority.timezone", _("Authority time zone")
    AUTHORITY_HOURS = "authority.office_hours", _("Authority office hours")
    USER_NAME = "user.full_name", _("User's name")
    USER_EMAIL = "user.email", _("User's e-mail")


class Urgency(models.TextChoices):
    """How fast a request must be handled."""

    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")
    EMERGENCY = "emergency", _("Emergency (imminent risk to life or safety)")


class TimerKind(models.TextChoices):
    """What a catalogue timer measures."""

    EXPIRY = "expiry", _("Expiry of a measure (e.g. preserved data)")
    RESPONSE_TARGET = "response_target", _("Target for the answer")
    ACKNOWLEDGEMENT_TARGET = "ack_target", _("Target for acknowledgement")
    EXTENSION = "extension", _("Extension of a measure")
    OBJECTION = "objection", _("Time to object")


class StartEvent(models.TextChoices):
    """The lifecycle event a timer counts from."""

    SUBMITTED = "submitted", _("Submission")
    DELIVERED = "delivered", _("Delivery")
    ACKNOWLEDGED = "acknowledged", _("Acknowledgement")
    EXECUTED = "executed", _("Execution")
    DECIDED = "decided", _("Decision")


class RequestStatus(models.TextChoices):
    """Where a cooperation request stands in its lifecycle."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    DELIVERED = "delivered", _("Delivered")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETION_REQUESTED = "completion_requested", _("Completion requested")
    EXECUTED = "executed", _("Executed")
    PARTIALLY_EXECUTED = "partially_executed", _("Partially executed")
    REFUSED = "refused", _("Refused")
    POSTPONED = "postponed", _("Postponed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CLOSED = "closed", _("Closed")


class ReceiptKind(models.TextChoices):
    """The receipts a status change produces, downloadable by both sides."""

    SUBMISSION = "submission", _("Submission receipt")
    DELIVERY = "delivery", _("Delivery receipt")
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement receipt")
    OUTCOME = "outcome", _("Outcome receipt")


class Relation(models.TextChoices):
    """Whether a request is new or continues an earlier one (T-CY templates: request status)."""

    NEW = "new", _("New request")
    EXTENSION = "extension", _("Extension of an earlier request")
    FOLLOW_UP = "follow_up", _("Follow-up to an earlier request")
