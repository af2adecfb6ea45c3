"""Financial investigation cases and what they hold: team, victims, subjects, accounts, wallets, assets."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from moneytrace.money import format_amount

from iproceeds.directory.models import Authority
from iproceeds.investigations.choices import (
    AssetKind,
    CaseRole,
    Chain,
    OffenceType,
    StatementFormat,
    SubjectKind,
    SubjectRole,
)
from iproceeds.investigations.validators import normalise_bic, normalise_iban, validate_currency


class InvestigationCase(models.Model):
    """A financial investigation, owned by one authority and seen only by its team."""

    reference = models.CharField(_("reference"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    criminal_case_numbers = models.JSONField(_("linked criminal case numbers"), default=list, blank=True)
    offence_types = models.JSONField(_("offence types"), default=list, blank=True)
    parallel_cybercrime = models.BooleanField(
        _("parallel financial investigation of a cybercrime case"), default=False
    )
    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="investigation_cases", verbose_name=_("authority")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("investigation case")
        verbose_name_plural = _("investigation cases")

    def __str__(self) -> str:
        return self.reference

    def clean(self) -> None:
        """Offence types come from the list; case numbers are non-empty strings."""
        valid = set(OffenceType.values)
        if not isinstance(self.offence_types, list) or not set(self.offence_types) <= valid:
            raise ValidationError({"offence_types": _("Choose offence types from the list.")})
        numbers = self.criminal_case_numbers
        if not isinstance(numbers, list) or not all(isinstance(n, str) and n.strip() for n in numbers):
            raise ValidationError({"criminal_case_numbers": _("Each case number must be a non-empty text.")})


class CaseMember(models.Model):
    """A user on a case team with a role; only members see the case."""

    case = models.ForeignKey(InvestigationCase, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="case_memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role on the case"), max_length=20, choices=CaseRole.choices)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("case team member")
        verbose_name_plural = _("case team members")
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="one_membership_per_case_user")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Money(models.Model):
    """An amount in integer minor units with its ISO 4217 currency (abstract)."""

    amount_minor = models.BigIntegerField(_("amount (minor units)"))
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])

    class Meta:
        abstract = True

    @property
    def amount_display(self) -> str:
        """The amount with the currency's decimals, for people."""
        return format_amount(self.amount_minor, self.currency)


class Victim(Money):
    """A victim of the case with the money they lost (amount_minor is the loss)."""

    case = models.ForeignKey(InvestigationCase, on_delete=models.CASCADE, related_name="victims")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=SubjectKind.choices, default=SubjectKind.PERSON)
    account_identifier = models.CharField(_("victim's account (IBAN or wallet)"), max_length=120, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("victim")
        verbose_name_plural = _("victims")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_minor__gt=0), name="victim_loss_positive")
        ]

    def __str__(self) -> str:
        return self.name


class Subject(models.Model):
    """A person or company of interest in the case (suspect, mule, owner, witness)."""

    case = models.ForeignKey(InvestigationCase, on_delete=models.CASCADE, related_name="subjects")
    kind = models.CharField(_("kind"), max_length=10, choices=SubjectKind.choices)
    role = models.CharField(_("role in the case"), max_length=20, choices=SubjectRole.choices)
    name = models.CharField(_("name"), max_length=200)
    identifier = models.CharField(_("identity or registration number"), max_length=100, blank=True)
    country = models.CharField(_("country (ISO 3166 code)"), max_length=2, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("person or company")
        verbose_name_plural = _("persons and companies")

    def __str__(self) -> str:
        return self.name


class BankAccount(models.Model):
    """A bank account in the case, its IBAN and BIC validated and stored compact."""

    case = models.ForeignKey(InvestigationCase, on_delete=models.CASCADE, related_name="bank_accounts")
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    bank_name = models.CharField(_("bank"), max_length=200, blank=True)
    holder = models.ForeignKey(
        Subject, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("holder")
    )
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])

    class Meta:
        ordering = ["id"]
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")
        constraints = [models.UniqueConstraint(fields=["case", "iban"], name="one_iban_per_case")]

    def __str__(self) -> str:
        return self.iban

    def clean(self) -> None:
        """IBAN and BIC must be valid (schwifty); they are kept compact so duplicates are caught."""
        errors = {}
        for field, normalise in (("iban", normalise_iban), ("bic", normalise_bic)):
            value = getattr(self, field)
            if value:
                try:
                    setattr(self, field, normalise(value))
                except ValidationError as exc:
                    errors[field] = exc
        if errors:
            raise ValidationError(errors)

    @property
    def country(self) -> str:
        """The country of the account, from the first two letters of the IBAN."""
        return self.iban[:2]


class CryptoWallet(models.Model):
    """A crypto wallet address in the case."""

    case = models.ForeignKey(InvestigationCase, on_delete=models.CASCADE, related_name="wallets")
    chain = models.CharField(_("blockchain"), max_length=20, choices=Chain.choices)
    address = models.CharField(_("address"), max_length=120)
    holder = models.ForeignKey(
        Subject, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("holder")
    )
    service = models.CharField(_("custodian or exchange"), max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("crypto wallet")
        verbose_name_plural = _("crypto wallets")
        constraints = [
            models.UniqueConstraint(fields=["case", "chain", "address"], name="one_wallet_per_case")
        ]

    def __str__(self) -> str:
        return self.address


class Asset(Money):
    """Another asset (real estate, vehicle, other) with its estimated value."""

    case = models.ForeignKey(InvestigationCase, on_delete=models.CASCADE, related_name="assets")
    kind = models.CharField(_("kind"), max_length=20, choices=AssetKind.choices)
    description = models.CharField(_("description"), max_length=300)
    owner = models.ForeignKey(
        Subject, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("owner")
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_minor__gte=0), name="asset_value_not_negative")
        ]

    def __str__(self) -> str:
        return self.description


class ImportedStatement(models.Model):
    """A statement file imported into a case, known by its SHA-256 so it is never imported twice."""

    case = models.ForeignKey(InvestigationCase, on_delete=models.CASCADE, related_name="statements")
    file_name = models.CharField(_("file name"), max_length=255)
    format = models.CharField(_("format"), max_length=20, choices=StatementFormat.choices)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    mapping = models.JSONField(_("column mapping"), null=True, blank=True)
    # The file itself: the case ledger is rebuilt from every stored file (moneytrace merges them).
    content = models.BinaryField(_("file content"), default=b"", blank=True)
    # account -> currency -> minor units as moneytrace read them; a trace rebuilds the ledger from them.
    opening_balances = models.JSONField(_("opening balances"), default=dict, blank=True)
    library_version = models.CharField(_("moneytrace version"), max_length=40)
    transactions_added = models.PositiveIntegerField(_("transactions added"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("imported by")
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("imported statement")
        verbose_name_plural = _("imported statements")
        constraints = [
            models.UniqueConstraint(fields=["case", "sha256"], name="one_import_per_file_per_case")
        ]

    def __str__(self) -> str:
        return self.file_name


class CaseTransaction(models.Model):
    """One transaction of the case's ledger, under moneytrace's deterministic id."""

    case = models.ForeignKey(InvestigationCase, on_delete=models.CASCADE, related_name="transactions")
    statement = models.ForeignKey(ImportedStatement, on_delete=models.PROTECT, related_name="transactions")
    tx_id = models.CharField(_("transaction id"), max_length=64)
    timestamp = models.DateTimeField(_("time"))
    from_account = models.CharField(_("from account"), max_length=120, blank=True)
    to_account = models.CharField(_("to account"), max_length=120, blank=True)
    amount_minor = models.BigIntegerField(_("amount (minor units)"))
    currency = models.CharField(_("currency"), max_length=10)
    channel = models.CharField(_("channel"), max_length=20, blank=True)
    counterparty_bank = models.CharField(_("counterparty bank"), max_length=120, blank=True)
    counterparty_country = models.CharField(_("counterparty country"), max_length=2, blank=True)
    to_amount_minor = models.BigIntegerField(_("amount credited (minor units)"), null=True, blank=True)
    to_currency = models.CharField(_("currency credited"), max_length=10, blank=True)
    source = models.CharField(_("source (file and row)"), max_length=300, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["timestamp", "id"]
        verbose_name = _("case transaction")
        verbose_name_plural = _("case transactions")
        constraints = [
            models.UniqueConstraint(fields=["case", "tx_id"], name="one_transaction_id_per_case"),
            models.CheckConstraint(
                condition=models.Q(amount_minor__gt=0), name="case_transaction_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.tx_id

    @property
    def amount_display(self) -> str:
        """The amount with the currency's decimals, for people."""
        return format_amount(self.amount_minor, self.currency)


class TraceRun(models.Model):
    """One trace of the case's ledger: the method declared before running, inputs hashed, result kept."""

    case = models.ForeignKey(InvestigationCase, on_delete=models.CASCADE, related_name="traces")
    method = models.CharField(_("method"), max_length=20)
    currency = models.CharField(_("currency"), max_length=10)
    victims = models.JSONField(_("victims' payments (transaction id -> victim)"))
    inputs_sha256 = models.CharField(_("SHA-256 of the inputs"), max_length=64)
    library_version = models.CharField(_("moneytrace version"), max_length=40)
    result = models.JSONField(_("result"))
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("run by")
    )
    run_at = models.DateTimeField(_("run at"), auto_now_add=True)

    class Meta:
        ordering = ["-run_at", "-id"]
        verbose_name = _("trace")
        verbose_name_plural = _("traces")

    def __str__(self) -> str:
        return f"{self.method} {self.inputs_sha256[:12]}"
