"""Work done on a case's ledger: saved bank mappings, background imports, pattern findings, requests."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from iproceeds.cooperation.models import CooperationRequest
from iproceeds.directory.models import Authority
from iproceeds.investigations.models.case import ImportedStatement, InvestigationCase


class BankMapping(models.Model):
    """A CSV column mapping an organisation saved for one bank's statements, to reuse next time."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+")
    bank_name = models.CharField(_("bank"), max_length=200)
    mapping = models.JSONField(_("column mapping"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("saved by")
    )
    updated_at = models.DateTimeField(_("saved at"))

    class Meta:
        ordering = ["authority", "bank_name"]
        verbose_name = _("bank column mapping")
        verbose_name_plural = _("bank column mappings")
        constraints = [models.UniqueConstraint(fields=["authority", "bank_name"], name="bank_mapping_once")]

    def __str__(self) -> str:
        return self.bank_name


class ImportJob(models.Model):
    """A statement import confirmed by the user and run by the task worker, with its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    case = models.ForeignKey(InvestigationCase, on_delete=models.CASCADE, related_name="import_jobs")
    file_name = models.CharField(_("file name"), max_length=255)
    format = models.CharField(_("format"), max_length=20)
    content = models.BinaryField(_("file content"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    mapping = models.JSONField(_("column mapping"), null=True, blank=True)
    options = models.JSONField(_("options"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(_("steps done"), default=0)
    total = models.PositiveIntegerField(_("steps in all"), default=0)
    error = models.TextField(_("error"), blank=True)
    statement = models.ForeignKey(
        ImportedStatement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("started by")
    )
    created_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("statement import")
        verbose_name_plural = _("statement imports")

    def __str__(self) -> str:
        return f"{self.case_id}:{self.file_name}"


class PatternFinding(models.Model):
    """A laundering pattern moneytrace found in the case's ledger, to be confirmed or dismissed."""

    class Decision(models.TextChoices):
        OPEN = "open", _("To review")
        CONFIRMED = "confirmed", _("Confirmed")
        DISMISSED = "dismissed", _("Dismissed")

    case = models.ForeignKey(InvestigationCase, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(_("pattern"), max_length=30)
    key = models.CharField(_("finding key"), max_length=64)  # SHA-256 of kind + evidence: re-runs match
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=4)
    evidence = models.JSONField(_("evidence (transaction ids)"))
    details = models.JSONField(_("details"), default=dict, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    library_version = models.CharField(_("moneytrace version"), max_length=40)
    found_at = models.DateTimeField(_("found at"))
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, default=Decision.OPEN)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["case", "-score", "pk"]
        verbose_name = _("pattern finding")
        verbose_name_plural = _("pattern findings")
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="finding_once_per_case")]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.kind}"


class CaseRequest(models.Model):
    """A cooperation request drafted from the case (e.g. from an exit to another Party)."""

    case = models.ForeignKey(InvestigationCase, on_delete=models.CASCADE, related_name="requests")
    coop_request = models.OneToOneField(
        CooperationRequest, on_delete=models.CASCADE, related_name="investigation_link"
    )
    trace = models.ForeignKey(
        "investigations.TraceRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    exit_transaction = models.CharField(_("exit transaction"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("drafted by")
    )
    created_at = models.DateTimeField(_("drafted at"))

    class Meta:
        ordering = ["case", "-created_at"]
        verbose_name = _("request from a case")
        verbose_name_plural = _("requests from cases")

    def __str__(self) -> str:
        return f"{self.case_id}:{self.coop_request_id}"
