"""Sending webhook deliveries: claim with a lease, POST the signed body, settle with backoff or give up."""

from __future__ import annotations

import http.client
import ipaddress
import json
import logging
import socket
import ssl
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from iproceeds.audit import services as audit
from iproceeds.integrations import signing
from iproceeds.integrations.choices import DeliveryStatus
from iproceeds.integrations.models import LOCAL_HOSTS, WebhookDelivery, internal_address

logger = logging.getLogger("iproceeds.integrations")
USER_AGENT = "iproceeds-webhooks/1"


def max_attempts() -> int:
    """How many attempts a delivery gets before it is given up."""
    return int(getattr(settings, "WEBHOOK_MAX_ATTEMPTS", 8))


def backoff(attempts: int) -> timedelta:
    """WEBHOOK_BACKOFF_SECONDS after the first failure, doubling after each further one, at most 6 hours."""
    base = int(getattr(settings, "WEBHOOK_BACKOFF_SECONDS", 30))
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 6 * 3600))


def body_of(delivery: WebhookDelivery) -> bytes:
    """The exact bytes sent (and signed): the payload as compact, key-sorted JSON."""
    return json.dumps(delivery.payload, sort_keys=True, separators=(",", ":")).encode()


def claimable(now: datetime) -> QuerySet[WebhookDelivery]:
    """Pending deliveries to active endpoints that are due, with attempts left and no live lease."""
    return WebhookDelivery.objects.filter(
        Q(claim_expires_at__isnull=True) | Q(claim_expires_at__lte=now),
        status=DeliveryStatus.PENDING,
        next_attempt_at__lte=now,
        attempts__lt=max_attempts(),
        endpoint__is_active=True,
    )


def _claim(delivery_id: int, worker: str) -> WebhookDelivery | None:
    """Take the lease with one conditional UPDATE, so two workers never both send."""
    now = timezone.now()
    lease = timedelta(seconds=int(getattr(settings, "WEBHOOK_CLAIM_SECONDS", 60)))
    won = (
        claimable(now)
        .filter(pk=delivery_id)
        .update(claimed_by=worker, claim_expires_at=now + lease, attempts=F("attempts") + 1)
    )
    return WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id) if won else None


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address vetted beforehand, not to whatever the name resolves to next."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """TLS to the vetted address, with the certificate checked for the host name (SNI)."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        self.tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self.tls)
        self.address = address

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)


def vetted_address(host: str, port: int) -> str:
    """An address of `host` to connect to; refused when any address it resolves to is internal (a name
    on the internet must not lead into the platform's own network, whatever it resolves to today)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = [str(info[4][0]) for info in infos]
    for address in addresses:
        if internal_address(ipaddress.ip_address(address.split("%", 1)[0])):
            raise ValueError(f"{host} resolves to an internal address ({address})")
    if not addresses:
        raise ValueError(f"{host} does not resolve")
    return addresses[0]


def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST the body and return the HTTP status (redirects are answers: never followed).

    The address is checked again here, not only when the endpoint was saved: the name is resolved,
    every address it has must be public, and the connection goes to that vetted address."""
    parts = urlsplit(url)
    local = (
        getattr(settings, "WEBHOOK_ALLOW_HTTP_LOCALHOST", settings.DEBUG) and parts.hostname in LOCAL_HOSTS
    )
    if not parts.hostname or parts.scheme not in ("https", "http") or (parts.scheme == "http" and not local):
        raise ValueError("webhook addresses are https (plain http only to localhost in development)")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = parts.hostname if local else vetted_address(parts.hostname, port)
    timeout = float(getattr(settings, "WEBHOOK_TIMEOUT_SECONDS", 5))
    kind = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    connection = kind(parts.hostname, port, address, timeout)
    try:
        connection.request(
            "POST", (parts.path or "/") + (f"?{parts.query}" if parts.query else ""), body, headers
        )
        response = connection.getresponse()
        response.read(4096)
        return int(response.status)
    finally:
        connection.close()


def _headers(delivery: WebhookDelivery, body: bytes) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Iproceeds-Event": delivery.event,
        "X-Iproceeds-Delivery": str(delivery.pk),
        signing.HEADER: signing.signature_header(delivery.endpoint.signing_secret(), body),
    }


def _give_up(delivery: WebhookDelivery, error: str, status: int | None) -> str:
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.FAILED,
            claim_expires_at=None,
            last_error=error[:2000],
            response_status=status,
        )
        audit.record(
            action="integrations.webhook_delivery.failed",
            actor=None,
            actor_label="system:webhooks",
            target=delivery.endpoint,
            after={"delivery": delivery.pk, "event": delivery.event, "attempts": delivery.attempts,
                   "error": error[:200]},
        )  # fmt: skip
    return DeliveryStatus.FAILED


def _settle_failure(delivery: WebhookDelivery, worker: str, error: str, status: int | None) -> str:
    """Retry later with backoff, or give up after WEBHOOK_MAX_ATTEMPTS."""
    logger.warning("Webhook delivery %s failed: %s", delivery.pk, error)
    if delivery.attempts >= max_attempts():
        return _give_up(delivery, error, status)
    WebhookDelivery.objects.filter(pk=delivery.pk, claimed_by=worker).update(
        next_attempt_at=timezone.now() + backoff(delivery.attempts),
        claim_expires_at=None,
        enqueued_at=None,
        last_error=error[:2000],
        response_status=status,
    )
    return DeliveryStatus.PENDING


def webhook_deliver(*, delivery_id: int, worker: str) -> str:
    """Claim, send and settle one delivery; returns its new status, or "skipped" if not claimable now."""
    delivery = _claim(delivery_id, worker)
    if delivery is None:
        return "skipped"
    body = body_of(delivery)
    try:
        status = post(delivery.endpoint.url, body, _headers(delivery, body))
    except (OSError, ValueError, http.client.HTTPException) as exc:  # refused, timeout, bad address or answer
        return _settle_failure(delivery, worker, f"{type(exc).__name__}: {exc}", None)
    if not 200 <= status < 300:
        return _settle_failure(delivery, worker, f"HTTP {status}", status)
    WebhookDelivery.objects.filter(pk=delivery.pk, claimed_by=worker).update(
        status=DeliveryStatus.DELIVERED,
        delivered_at=timezone.now(),
        claim_expires_at=None,
        last_error="",
        response_status=status,
    )
    return DeliveryStatus.DELIVERED
