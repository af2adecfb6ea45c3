"""Service providers and domain registrars, with what they keep and what they own."""

from __future__ import annotations

import ipaddress
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from iproceeds.directory.choices import DataCategory, IdentifierKind, ProviderKind
from iproceeds.directory.models.base import Confirmable, SourcedFact
from iproceeds.directory.validators import normalise_phone

_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}$")
_ASN = re.compile(r"^(?:as)?(\d{1,10})$", re.IGNORECASE)


class ServiceProvider(Confirmable):
    """A provider or registrar and how law enforcement reaches it."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=ProviderKind.choices, default=ProviderKind.PROVIDER
    )
    jurisdiction = models.CharField(_("jurisdiction"), max_length=8, help_text=_("ISO 3166 country code."))
    le_email = models.EmailField(_("law-enforcement e-mail"), blank=True)
    le_portal = models.URLField(_("law-enforcement portal"), blank=True)
    emergency_phone = models.CharField(_("emergency phone"), max_length=20, blank=True)
    emergency_email = models.EmailField(_("emergency e-mail"), blank=True)
    legal_process = models.TextField(_("legal process accepted"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service provider")
        verbose_name_plural = _("service providers")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Upper-case jurisdiction, E.164 emergency phone, and some way to reach the provider."""
        self.jurisdiction = (self.jurisdiction or "").strip().upper()
        try:
            self.emergency_phone = normalise_phone(self.emergency_phone or "", self.jurisdiction)
        except ValidationError as exc:
            raise ValidationError({"emergency_phone": exc.messages}) from exc
        if not (self.le_email or self.le_portal):
            raise ValidationError({"le_email": _("Give the law-enforcement e-mail or portal.")})


class ProviderRetention(SourcedFact):
    """How long a provider keeps one category of data."""

    provider = models.ForeignKey(ServiceProvider, on_delete=models.CASCADE, related_name="retentions")
    data_category = models.CharField(_("data category"), max_length=20, choices=DataCategory.choices)
    period_days = models.PositiveIntegerField(_("retention (days)"))
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    class Meta:
        ordering = ["provider", "data_category"]
        verbose_name = _("retention period")
        verbose_name_plural = _("retention periods")
        constraints = [
            models.UniqueConstraint(fields=["provider", "data_category"], name="retention_unique_category")
        ]

    def __str__(self) -> str:
        return f"{self.provider_id} {self.data_category} {self.period_days}"


def ip_bounds(network: ipaddress.IPv4Network | ipaddress.IPv6Network) -> tuple[str, str]:
    """First and last address as fixed-width hex, so ranges compare as text on any database."""
    return f"{int(network.network_address):032x}", f"{int(network.broadcast_address):032x}"


class ProviderIdentifier(models.Model):
    """A domain, IP range or AS number a provider owns."""

    provider = models.ForeignKey(ServiceProvider, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(_("kind"), max_length=10, choices=IdentifierKind.choices)
    value = models.CharField(_("value"), max_length=255)
    ip_version = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    range_start = models.CharField(max_length=32, blank=True, editable=False)
    range_end = models.CharField(max_length=32, blank=True, editable=False)

    class Meta:
        ordering = ["provider", "kind", "value"]
        verbose_name = _("provider identifier")
        verbose_name_plural = _("provider identifiers")
        constraints = [models.UniqueConstraint(fields=["kind", "value"], name="identifier_unique_value")]

    def __str__(self) -> str:
        return self.value

    def clean(self) -> None:
        """Normalise the value for its kind and refuse a malformed one, naming the value field."""
        value = (self.value or "").strip()
        if self.kind == IdentifierKind.DOMAIN:
            self.value = value.lower().rstrip(".")
            if not _DOMAIN.match(self.value):
                raise ValidationError({"value": _("This is not a domain name such as example.com.")})
        elif self.kind == IdentifierKind.IP_RANGE:
            self._clean_range(value)
        elif self.kind == IdentifierKind.ASN:
            match = _ASN.match(value)
            if not match:
                raise ValidationError({"value": _("This is not an AS number such as AS64500.")})
            self.value = f"AS{int(match.group(1))}"

    def _clean_range(self, value: str) -> None:
        try:
            network = ipaddress.ip_network(value, strict=True)
        except ValueError as exc:
            raise ValidationError(
                {"value": _("This is not an IP range in CIDR form such as 192.0.2.0/24.")}
            ) from exc
        self.value = str(network)
        self.ip_version = network.version
        self.range_start, self.range_end = ip_bounds(network)
