"""Signed webhooks: emitted with the change, signed, retried with backoff, given up, metadata only."""

import datetime as dt
import hashlib
import hmac
import importlib
import json
import socket

import pytest
import time_machine
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError

from iproceeds.audit.models import AuditEvent
from iproceeds.cooperation import crypto
from iproceeds.cooperation.services.lifecycle import request_transition
from iproceeds.cooperation.services.requests import request_create_draft, request_submit
from iproceeds.cooperation.tests.factories import bc29_values
from iproceeds.integrations import delivery as sending
from iproceeds.integrations import scans, sealing, services, signing
from iproceeds.integrations.choices import DeliveryStatus
from iproceeds.integrations.models import WebhookDelivery, WebhookEndpoint
from iproceeds.integrations.tests.conftest import start_server

sealed_migration = importlib.import_module("iproceeds.integrations.migrations.0002_sealed_secrets")

T0 = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def endpoint_of(foreign_admin):
    """Register an endpoint of the receiving (Tirana) organisation at a URL; returns (endpoint, secret)."""

    def register(url, events=("*",)):
        return services.webhook_endpoint_create(actor=foreign_admin, url=url, events=list(events))

    return register


def _submit(officer, bc29, foreign_authority, capture):
    draft = request_create_draft(
        actor=officer, request_type=bc29, requested_party=foreign_authority.party,
        requested_authority=foreign_authority, urgency="urgent",
        values=bc29_values(urgency={"urgency_reasons": "Logs are overwritten within days."}),
    )  # fmt: skip
    with capture(execute=True):
        return request_submit(actor=officer, coop_request=draft, warnings_confirmed=True)


def _scan(capture, now):
    with time_machine.travel(now, tick=False), capture(execute=True):
        return scans.webhook_requeue_due(now)


def _emit(sent, capture):
    with capture(execute=True):
        return services.webhook_emit(
            authority=sent.requested_authority, event="cooperation.request.submitted", coop_request=sent
        )[0]


def test_submission_sends_one_signed_webhook_to_the_receiving_organisation(
    officer, bc29, bound, foreign_authority, receiver, endpoint_of, django_capture_on_commit_callbacks
):
    # given Tirana's endpoint
    endpoint, secret = endpoint_of(receiver.url)
    # when Belgrade submits a request to Tirana
    coop_request = _submit(officer, bc29, foreign_authority, django_capture_on_commit_callbacks)
    # then the server received one POST, whose signature verifies with the documented recipe
    assert len(receiver.received) == 1
    got = receiver.received[0]
    assert got.path == "/hooks/iproceeds"
    assert got.headers["X-Iproceeds-Event"] == "cooperation.request.submitted"
    header = got.headers["X-Iproceeds-Signature"]
    t, v1 = (part.split("=", 1)[1] for part in header.split(","))
    expected = hmac.new(secret.encode(), f"{t}.".encode() + got.body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(v1, expected)
    assert signing.verify_signature(secret, header, got.body)
    assert not signing.verify_signature("whsec_wrong", header, got.body)
    assert not signing.verify_signature(secret, header, got.body + b" ")
    assert not signing.verify_signature(secret, header, got.body, now=int(t) + 301)
    delivery = WebhookDelivery.objects.get()
    assert got.headers["X-Iproceeds-Delivery"] == str(delivery.pk)
    assert (delivery.endpoint, delivery.status, delivery.attempts, delivery.response_status) == (
        endpoint,
        DeliveryStatus.DELIVERED,
        1,
        200,
    )
    assert json.loads(got.body)["request"]["reference"] == coop_request.reference


def test_the_payload_is_metadata_only(sent, receiver, endpoint_of, django_capture_on_commit_callbacks):
    endpoint_of(receiver.url)
    with time_machine.travel(T0, tick=False):
        _emit(sent, django_capture_on_commit_callbacks)
    body = receiver.received[0].body
    payload = json.loads(body)
    assert payload == {
        "event": "cooperation.request.submitted",
        "occurred_at": "2026-11-23T02:00:00Z",
        "request": {
            "reference": sent.reference,
            "type": "BC29_PRESERVATION",
            "status": "submitted",
            "urgency": "normal",
            "requesting_party": "RS",
            "requested_party": "AL",
            "created_at": sent.created_at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
            "submitted_at": sent.submitted_at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
            "updated_at": sent.updated_at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
            "path": f"/cooperation/{sent.reference}/",
        },
    }
    # none of the content values leaves the platform
    content = ["203.0.113.7", "51234", "Invented facts", "Demo Hosting Tirana", "DEMO-CCU-2026-0042",
               "Computer fraud", "officer@example.invalid", "+381115550100"]  # fmt: skip
    assert [value for value in content if value.encode() in body] == []


def test_a_500_is_retried_with_doubling_backoff_by_the_scan(
    sent, receiver, endpoint_of, django_capture_on_commit_callbacks
):
    # given a receiver that fails twice, then accepts
    endpoint_of(receiver.url)
    receiver.statuses = [500, 500]
    with time_machine.travel(T0, tick=False):
        delivery = _emit(sent, django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_status, delivery.last_error) == (
        DeliveryStatus.PENDING,
        1,
        500,
        "HTTP 500",
    )
    assert delivery.next_attempt_at == T0 + dt.timedelta(seconds=30)
    # when the scan runs before the backoff is over, nothing is sent
    assert _scan(django_capture_on_commit_callbacks, T0 + dt.timedelta(seconds=29)) == 0
    assert len(receiver.received) == 1
    # when it runs after 30 s, the second attempt fails and the wait doubles to 60 s
    assert _scan(django_capture_on_commit_callbacks, T0 + dt.timedelta(seconds=30)) == 1
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.next_attempt_at) == (2, T0 + dt.timedelta(seconds=90))
    assert _scan(django_capture_on_commit_callbacks, T0 + dt.timedelta(seconds=89)) == 0
    # then the third attempt, 60 s later, is delivered, with the same delivery id every time
    assert _scan(django_capture_on_commit_callbacks, T0 + dt.timedelta(seconds=90)) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_status, delivery.last_error) == (
        DeliveryStatus.DELIVERED,
        3,
        200,
        "",
    )
    assert {r.headers["X-Iproceeds-Delivery"] for r in receiver.received} == {str(delivery.pk)}
    assert len(receiver.received) == 3
    assert _scan(django_capture_on_commit_callbacks, T0 + dt.timedelta(hours=1)) == 0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_connection_error_is_retried_until_the_receiver_is_up(
    sent, endpoint_of, django_capture_on_commit_callbacks
):
    # given an endpoint where nothing listens yet
    port = _free_port()
    endpoint_of(f"http://127.0.0.1:{port}/hooks/iproceeds")
    with time_machine.travel(T0, tick=False):
        delivery = _emit(sent, django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_status) == (DeliveryStatus.PENDING, 1, None)
    assert delivery.last_error.startswith("ConnectionRefusedError: ")
    assert delivery.next_attempt_at == T0 + dt.timedelta(seconds=30)
    # when the receiver comes up and the scan runs after the backoff
    server, receiver = start_server(port)
    try:
        assert _scan(django_capture_on_commit_callbacks, T0 + dt.timedelta(seconds=30)) == 1
    finally:
        server.shutdown()
        server.server_close()
    # then it is delivered on the second attempt
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, len(receiver.received)) == (DeliveryStatus.DELIVERED, 2, 1)


def test_delivery_gives_up_after_the_maximum_attempts(
    sent, receiver, endpoint_of, settings, django_capture_on_commit_callbacks
):
    # given at most 3 attempts and a receiver that always fails
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    endpoint, _secret = endpoint_of(receiver.url)
    receiver.statuses = [503] * 10
    with time_machine.travel(T0, tick=False):
        delivery = _emit(sent, django_capture_on_commit_callbacks)
    # when the scan runs again and again, an hour apart
    counts = [_scan(django_capture_on_commit_callbacks, T0 + dt.timedelta(hours=h)) for h in range(1, 5)]
    # then three attempts were made, the delivery is given up, once, and audited
    assert counts == [1, 1, 0, 0]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_status) == (DeliveryStatus.FAILED, 3, 503)
    assert len(receiver.received) == 3
    event = AuditEvent.objects.get(action="integrations.webhook_delivery.failed")
    assert (event.target_id, event.after["attempts"], event.after["error"]) == (
        str(endpoint.pk),
        3,
        "HTTP 503",
    )


def test_a_redirect_is_a_failure_not_followed(
    sent, receiver, endpoint_of, django_capture_on_commit_callbacks
):
    endpoint_of(receiver.url)
    receiver.statuses = [302]
    delivery = _emit(sent, django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.response_status, len(receiver.received)) == (
        DeliveryStatus.PENDING,
        302,
        1,
    )


def test_only_active_subscribed_endpoints_of_the_notified_organisation_receive(
    officer, bc29, bound, foreign_authority, home_authority, org_admin, receiver, endpoint_of,
    django_capture_on_commit_callbacks, foreign_admin, foreign_officer,
):  # fmt: skip
    # given a disabled endpoint and one subscribed only to executions at Tirana, one at Belgrade
    disabled, _s = endpoint_of(receiver.url)
    services.webhook_endpoint_set_active(actor=foreign_admin, endpoint=disabled, active=False)
    endpoint_of(receiver.url, events=["cooperation.request.executed"])
    services.webhook_endpoint_create(actor=org_admin, url=receiver.url, events=["*"])
    # when Belgrade submits to Tirana
    coop_request = _submit(officer, bc29, foreign_authority, django_capture_on_commit_callbacks)
    # then nothing is sent: the disabled delivery waits, nothing for the other subscriptions or side
    assert receiver.received == []
    assert WebhookDelivery.objects.count() == 0
    # when Tirana acknowledges, Belgrade's endpoint is told (the other side)
    with django_capture_on_commit_callbacks(execute=True):
        request_transition(actor=foreign_officer, coop_request=coop_request, action="acknowledge")
    assert [r.headers["X-Iproceeds-Event"] for r in receiver.received] == ["cooperation.request.acknowledged"]
    assert WebhookDelivery.objects.get().endpoint.authority == home_authority


def test_endpoint_addresses_must_be_https(foreign_admin, settings):
    for url in ["http://example.invalid/hook", "ftp://example.invalid/hook", "https://"]:
        with pytest.raises(ValidationError) as error:
            services.webhook_endpoint_create(actor=foreign_admin, url=url, events=["*"])
        assert "url" in error.value.message_dict
    settings.WEBHOOK_ALLOW_HTTP_LOCALHOST = False
    for url in ["http://127.0.0.1:8080/h", "https://127.0.0.1/h", "https://10.1.2.3/h", "https://[::1]/h",
                "https://169.254.169.254/latest", "https://localhost/h", "https://127.1/h",
                "https://2130706433/h", "https://0x7f.1/h", "https://[::ffff:10.0.0.1]/h"]:  # fmt: skip
        with pytest.raises(ValidationError) as error:
            services.webhook_endpoint_create(actor=foreign_admin, url=url, events=["*"])
        assert "url" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.webhook_endpoint_create(
            actor=foreign_admin, url="https://hooks.example.invalid/", events=["x"]
        )
    assert set(error.value.message_dict) == {"events"}
    assert WebhookEndpoint.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="integrations.").exists()


def test_only_the_organisations_administrator_manages_its_endpoints(
    foreign_admin, foreign_officer, org_admin
):
    endpoint, secret = services.webhook_endpoint_create(
        actor=foreign_admin, url="https://hooks.example.invalid/in", events=["*"]
    )
    for actor in [foreign_officer, org_admin]:
        with pytest.raises(PermissionDenied):
            services.webhook_endpoint_set_active(actor=actor, endpoint=endpoint, active=False)
        with pytest.raises(PermissionDenied):
            services.webhook_endpoint_rotate_secret(actor=actor, endpoint=endpoint)
    with pytest.raises(PermissionDenied):
        services.webhook_endpoint_create(
            actor=foreign_officer, url="https://hooks.example.invalid/x", events=["*"]
        )
    endpoint.refresh_from_db()
    assert (endpoint.is_active, endpoint.signing_secret()) == (True, secret)
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["integrations.webhook.created"]
    # the owner rotates: a new secret, audited without the secret itself
    new = services.webhook_endpoint_rotate_secret(actor=foreign_admin, endpoint=endpoint)
    endpoint.refresh_from_db()
    assert new != secret
    assert endpoint.signing_secret() == new
    assert new.startswith("whsec_")
    rotated = AuditEvent.objects.get(action="integrations.webhook.secret_rotated")
    assert new not in json.dumps([rotated.before, rotated.after])


def test_the_retry_scan_is_registered_with_the_timers():
    from iproceeds.core import timers

    assert timers.all_scanners()["integrations.webhook_retry"] is scans.webhook_requeue_due


def test_a_name_resolving_to_an_internal_address_is_not_contacted(
    sent, receiver, foreign_authority, settings, django_capture_on_commit_callbacks
):
    # given an endpoint saved under a name that now resolves to this machine (localhost, by the
    # resolver), and local addresses no longer allowed
    settings.WEBHOOK_ALLOW_HTTP_LOCALHOST = False
    port = receiver.url.split(":")[2].split("/")[0]
    WebhookEndpoint.objects.create(
        authority=foreign_authority,
        url=f"https://localhost:{port}/hooks/iproceeds",
        events=["*"],
        secret=sealing.seal_secret("s" * 40, authority_id=foreign_authority.pk),
    )
    # when a webhook is emitted
    delivery = _emit(sent, django_capture_on_commit_callbacks)
    # then nothing reaches the address, and the delivery says why
    delivery.refresh_from_db()
    assert receiver.received == []
    assert (delivery.status, delivery.response_status) == (DeliveryStatus.PENDING, None)
    assert delivery.last_error.startswith("ValueError: localhost resolves to an internal address (")


def test_the_vetted_address_is_the_one_connected_to(receiver):
    # given the local receiver, reached by name with local addresses allowed (development)
    # when a body is posted
    status = sending.post(receiver.url.replace("127.0.0.1", "localhost"), b"{}", {"X-Test": "1"})
    # then it arrived whole, at the path asked for
    assert (status, receiver.received[0].path, receiver.received[0].body) == (200, "/hooks/iproceeds", b"{}")
    with pytest.raises(ValueError, match="internal address"):
        sending.vetted_address("localhost", 443)


def test_the_signing_secret_is_sealed_at_rest(endpoint_of, foreign_authority):
    # given an endpoint and the secret shown to its administrator
    endpoint, secret = endpoint_of("https://hooks.example.invalid/iproceeds")
    # when the stored column is read as it is in the database
    stored = WebhookEndpoint.objects.filter(pk=endpoint.pk).values_list("secret", flat=True).get()
    # then it does not hold the secret, opens to it, and only for its own organisation
    assert secret not in stored
    assert stored.startswith(sealing.PREFIX)
    assert endpoint.signing_secret() == secret
    assert endpoint.secret_hint == "…" + secret[-4:]
    with pytest.raises(crypto.AttachmentDecryptionError):
        sealing.open_secret(stored, authority_id=foreign_authority.pk + 1)


def test_the_migration_seals_secrets_stored_in_clear(endpoint_of):
    # given an endpoint whose secret was stored in clear (before sealing)
    endpoint, secret = endpoint_of("https://hooks.example.invalid/iproceeds")
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(secret=secret)
    # when the migration runs, twice
    sealed_migration.seal_secrets(django_apps, None)
    once = WebhookEndpoint.objects.get(pk=endpoint.pk).secret
    sealed_migration.seal_secrets(django_apps, None)
    # then it is sealed once, and opens to the secret; the reverse migration opens it again
    assert once.startswith(sealing.PREFIX)
    assert WebhookEndpoint.objects.get(pk=endpoint.pk).secret == once
    assert WebhookEndpoint.objects.get(pk=endpoint.pk).signing_secret() == secret
    sealed_migration.open_secrets(django_apps, None)
    assert WebhookEndpoint.objects.get(pk=endpoint.pk).secret == secret
