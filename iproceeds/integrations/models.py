"""Webhook endpoints of organisations, their deliveries, and users' calendar feed tokens."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iproceeds.directory.models import Authority
from iproceeds.integrations import sealing
from iproceeds.integrations.choices import ALL_EVENTS, DeliveryStatus

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1"})


def internal_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True for an address of this machine or a private network (the platform's own neighbourhood)."""
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:10.0.0.1 is 10.0.0.1
    if mapped is not None:
        address = mapped
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_unspecified
        or address.is_reserved
        or address.is_multicast
    )


def _internal_ip(host: str) -> bool:
    """True for an IP literal that is internal, in any spelling the resolver accepts (127.1, 2130706433)."""
    try:
        address: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        try:  # the legacy IPv4 forms inet_aton reads (and so would the connection)
            address = ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return False
    return internal_address(address)


def validate_webhook_url(value: str) -> None:
    """HTTPS only; plain HTTP only to localhost / 127.0.0.1 when WEBHOOK_ALLOW_HTTP_LOCALHOST is on."""
    parts = urlsplit(value or "")
    local_ok = getattr(settings, "WEBHOOK_ALLOW_HTTP_LOCALHOST", settings.DEBUG)
    if local_ok and parts.scheme in ("http", "https") and parts.hostname in LOCAL_HOSTS:
        return
    if parts.scheme != "https" or not parts.hostname:
        raise ValidationError(_("Use an https:// address."), code="insecure_url")
    if parts.hostname in LOCAL_HOSTS or _internal_ip(parts.hostname):
        raise ValidationError(
            _("Use an address on the internet, not a private network."), code="internal_url"
        )


class WebhookEndpoint(models.Model):
    """Where an organisation receives signed notices of events on its requests."""

    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="webhook_endpoints", verbose_name=_("organisation")
    )
    url = models.URLField(_("address"), max_length=500, validators=[validate_webhook_url])
    description = models.CharField(_("description"), max_length=200, blank=True)
    # Kept in clear because every delivery is signed with it; shown to the administrator only once.
    # sealed (integrations.sealing): never in clear in the database
    secret = models.CharField(_("signing secret"), max_length=200, editable=False)
    events = models.JSONField(_("events"), default=list)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    secret_rotated_at = models.DateTimeField(_("secret last changed"), default=timezone.now)

    class Meta:
        ordering = ["authority", "id"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return self.url

    def clean(self) -> None:
        """Subscribed events are a non-empty list of known event names."""
        from iproceeds.integrations.choices import webhook_event_choices

        known = {name for name, _label in webhook_event_choices()}
        if not isinstance(self.events, list) or not self.events or not set(self.events) <= known:
            raise ValidationError({"events": _("Choose at least one of the listed events.")})

    def subscribes(self, event: str) -> bool:
        """True when the endpoint wants this event."""
        return ALL_EVENTS in self.events or event in self.events

    def set_secret(self, secret: str) -> None:
        """Keep a new signing secret, sealed."""
        self.secret = sealing.seal_secret(secret, authority_id=self.authority_id)

    def signing_secret(self) -> str:
        """The signing secret in clear, for signing a delivery."""
        return sealing.open_secret(self.secret, authority_id=self.authority_id)

    @property
    def secret_hint(self) -> str:
        """The last characters of the secret, to tell secrets apart without showing them."""
        return "…" + self.signing_secret()[-4:] if self.secret else ""


class WebhookDelivery(models.Model):
    """One event sent (or to be sent) to one endpoint, retried with backoff until it succeeds or gives up."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("endpoint")
    )
    event = models.CharField(_("event"), max_length=100)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    claimed_by = models.CharField(_("claimed by"), max_length=100, blank=True)
    claim_expires_at = models.DateTimeField(_("claim expires at"), null=True, blank=True)
    enqueued_at = models.DateTimeField(_("enqueued at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    response_status = models.PositiveSmallIntegerField(_("response status"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.event}"


class CalendarFeedToken(models.Model):
    """A user's secret calendar address; only its SHA-256 is stored."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("user"),
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last fetched"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"calendar feed of user {self.user_id}"
