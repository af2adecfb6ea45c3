"""The webhook pages: administrators of the organisation only; another organisation's endpoint is a 404."""

import pytest
from django.urls import reverse

from iproceeds.audit.models import AuditEvent
from iproceeds.integrations import services
from iproceeds.integrations.models import WebhookEndpoint


@pytest.fixture
def tirana_endpoint(foreign_admin):
    """An endpoint of the Tirana unit."""
    endpoint, _secret = services.webhook_endpoint_create(
        actor=foreign_admin, url="https://hooks.tirana.example.invalid/in", events=["*"], description="SIEM"
    )
    return endpoint


def test_the_administrator_adds_an_endpoint_and_sees_its_secret_once(foreign_admin, verified_client):
    client = verified_client(foreign_admin)
    # when the administrator adds an endpoint
    response = client.post(
        reverse("integrations:webhook_list"),
        {"url": "https://hooks.tirana.example.invalid/in", "description": "SIEM", "events": ["*"]},
    )
    # then the page shows the secret, uncached, and the endpoint is of their organisation, audited
    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 200
    assert endpoint.signing_secret() in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert (endpoint.authority, endpoint.events, endpoint.created_by) == (
        foreign_admin.authority,
        ["*"],
        foreign_admin,
    )
    assert (
        AuditEvent.objects.filter(action="integrations.webhook.created", target_id=str(endpoint.pk)).count()
        == 1
    )
    # and later views of the endpoint never show it again
    detail = client.get(reverse("integrations:webhook_detail", args=[endpoint.pk]))
    assert detail.status_code == 200
    assert endpoint.signing_secret() not in detail.content.decode()
    assert endpoint.secret_hint in detail.content.decode()


def test_a_plain_http_address_is_refused_with_the_field_named(foreign_admin, verified_client, settings):
    settings.WEBHOOK_ALLOW_HTTP_LOCALHOST = False
    response = verified_client(foreign_admin).post(
        reverse("integrations:webhook_list"), {"url": "http://hooks.example.invalid/in", "events": ["*"]}
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["url"]
    assert WebhookEndpoint.objects.count() == 0


def test_disable_enable_and_rotate_are_audited(foreign_admin, verified_client, tirana_endpoint):
    client = verified_client(foreign_admin)
    old_secret = tirana_endpoint.signing_secret()
    client.post(reverse("integrations:webhook_set_active", args=[tirana_endpoint.pk]), {"active": "0"})
    tirana_endpoint.refresh_from_db()
    assert tirana_endpoint.is_active is False
    client.post(reverse("integrations:webhook_set_active", args=[tirana_endpoint.pk]), {"active": "1"})
    response = client.post(reverse("integrations:webhook_rotate", args=[tirana_endpoint.pk]))
    tirana_endpoint.refresh_from_db()
    assert tirana_endpoint.is_active is True
    assert tirana_endpoint.signing_secret() != old_secret
    assert tirana_endpoint.signing_secret() in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    actions = list(
        AuditEvent.objects.filter(action__startswith="integrations.")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "integrations.webhook.created", "integrations.webhook.disabled", "integrations.webhook.enabled",
        "integrations.webhook.secret_rotated",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("method", "name", "data"),
    [
        ("get", "integrations:webhook_detail", None),
        ("post", "integrations:webhook_set_active", {"active": "0"}),
        ("post", "integrations:webhook_rotate", None),
    ],
)
def test_another_organisations_endpoint_is_the_same_404_as_a_missing_one(
    org_admin, verified_client, tirana_endpoint, method, name, data
):
    client = verified_client(org_admin)
    secret = tirana_endpoint.signing_secret()
    theirs = getattr(client, method)(reverse(name, args=[tirana_endpoint.pk]), data or {})
    missing = getattr(client, method)(reverse(name, args=[tirana_endpoint.pk + 1000]), data or {})
    assert (theirs.status_code, missing.status_code) == (404, 404)
    tirana_endpoint.refresh_from_db()
    assert (tirana_endpoint.is_active, tirana_endpoint.signing_secret()) == (True, secret)
    assert (
        AuditEvent.objects.exclude(action="integrations.webhook.created")
        .filter(action__startswith="integrations.")
        .count()
        == 0
    )


@pytest.mark.parametrize("persona", ["officer", "supervisor", "auditor", "secretariat", "foreign_officer"])
@pytest.mark.parametrize("name", ["integrations:webhook_list", "integrations:webhook_detail"])
def test_only_organisation_administrators_reach_the_pages(
    request, verified_client, tirana_endpoint, persona, name
):
    user = request.getfixturevalue(persona)
    args = [tirana_endpoint.pk] if name.endswith("detail") else []
    assert verified_client(user).get(reverse(name, args=args)).status_code == 403


def test_the_list_shows_only_the_administrators_organisation(org_admin, verified_client, tirana_endpoint):
    services.webhook_endpoint_create(
        actor=org_admin, url="https://hooks.belgrade.example.invalid/in", events=["*"]
    )
    response = verified_client(org_admin).get(reverse("integrations:webhook_list"))
    assert [e.url for e in response.context["endpoints"]] == ["https://hooks.belgrade.example.invalid/in"]
    assert "hooks.tirana" not in response.content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(client, tirana_endpoint):
    response = client.get(reverse("integrations:webhook_detail", args=[tirana_endpoint.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
