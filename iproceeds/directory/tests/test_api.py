"""The directory API: reads for any token with "read", changes through the same services with "write"."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from rest_framework.test import APIClient

from iproceeds.api.tests.factories import bearer, make_token
from iproceeds.audit.models import AuditEvent
from iproceeds.directory import services
from iproceeds.directory.models import Contact
from iproceeds.directory.permissions import SYSTEM
from iproceeds.directory.tests.factories import AuthorityFactory, CompetenceFactory, ContactFactory

pytestmark = pytest.mark.django_db
BASE = "/api/v1/directory"


@pytest.fixture
def api():
    return APIClient()


def _auth(user, scopes=("read", "write")):
    _, raw = make_token(user, scopes=list(scopes))
    return bearer(raw)


def test_party_list_shows_sourced_facts(api, officer):
    from iproceeds.directory.tests.factories import InstrumentStatusFactory

    InstrumentStatusFactory(party=officer.authority.party, instrument="CETS224", status="ratified",
                            ratified_on=dt.date(2023, 2, 9), confidence="P")  # fmt: skip
    response = api.get(f"{BASE}/parties/", **_auth(officer))
    assert response.status_code == 200
    serbia = next(p for p in response.json()["results"] if p["code"] == "RS")
    assert serbia["instruments"][0] | {"source": "x"} == {
        "instrument": "CETS224", "status": "ratified", "signed_on": None, "ratified_on": "2023-02-09",
        "in_force_on": None, "notes": "", "source": "x", "as_of": "2026-11-23", "confidence": "P",
        "to_verify": False,
    }  # fmt: skip


def test_contact_now_gives_belgrade_local_time(api, foreign_officer, home_authority):
    point = AuthorityFactory(party=home_authority.party, name="Demo 24/7 Point", authority_type="poc247",
                             phone_247="+381115550100")  # fmt: skip
    CompetenceFactory(authority=point, request_type="BC29_PRESERVATION")
    night = ContactFactory(authority=point, name="Night (demo)", phone="+381115550103")
    services.shift_create(actor=SYSTEM, contact=night, weekday=3, starts=dt.time(0), ends=dt.time(6))
    with time_machine.travel(dt.datetime(2027, 1, 14, 3, 0, tzinfo=ZoneInfo("Europe/Tirane")), tick=False):
        headers = _auth(foreign_officer, ["read"])
        response = api.get(
            f"{BASE}/parties/RS/contact-now/", {"request_type": "BC29_PRESERVATION"}, **headers
        )
    body = response.json()
    assert [(o["kind"], o["phone"]) for o in body] == [
        ("on_duty", "+381115550103"),
        ("line_247", "+381115550100"),
    ]
    assert body[0]["local_time"] == "2027-01-14T03:00:00+01:00"
    assert body[0]["on_duty_until"] == "2027-01-14T06:00:00+01:00"


def test_contact_now_without_request_type_names_the_parameter(api, officer):
    response = api.get(f"{BASE}/parties/RS/contact-now/", **_auth(officer))
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["request_type"]


def test_org_admin_adds_a_contact_phone_stored_in_e164(api, org_admin, home_authority):
    response = api.post(
        f"{BASE}/authorities/{home_authority.pk}/contacts/",
        {"name": "Demo Analyst", "phone": "+381 11 555 0777", "languages": "sr, en"},
        format="json",
        **_auth(org_admin),
    )
    assert response.status_code == 201
    assert response.json()["phone"] == "+381115550777"
    assert AuditEvent.objects.filter(action="directory.contact.created").count() == 1


def test_invalid_phone_is_400_naming_the_field_and_nothing_is_saved(api, org_admin, home_authority):
    response = api.post(
        f"{BASE}/authorities/{home_authority.pk}/contacts/", {"name": "Demo", "phone": "12"}, format="json",
        **_auth(org_admin),
    )  # fmt: skip
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["phone"]
    assert not Contact.objects.exists()


def test_foreign_admin_may_not_change_a_contact(api, foreign_admin, home_authority):
    contact = ContactFactory(authority=home_authority, function="Analyst")
    response = api.patch(
        f"{BASE}/contacts/{contact.pk}/", {"function": "Chief"}, format="json", **_auth(foreign_admin)
    )
    assert response.status_code == 403
    assert "only their own Party" in response.json()["error"]["message"]
    assert Contact.objects.get(pk=contact.pk).function == "Analyst"


def test_write_needs_the_write_scope(api, org_admin, home_authority):
    contact = ContactFactory(authority=home_authority)
    response = api.post(f"{BASE}/contacts/{contact.pk}/confirm/", **_auth(org_admin, ["read"]))
    assert response.status_code == 403
    assert Contact.objects.get(pk=contact.pk).last_confirmed_at is None


def test_org_admin_confirms_and_patches_own_contact(api, org_admin, home_authority):
    contact = ContactFactory(authority=home_authority)
    headers = _auth(org_admin)
    assert api.post(f"{BASE}/contacts/{contact.pk}/confirm/", **headers).status_code == 204
    response = api.patch(f"{BASE}/contacts/{contact.pk}/", {"is_active": False}, format="json", **headers)
    assert response.json()["is_active"] is False
    assert Contact.objects.get(pk=contact.pk).last_confirmed_at is not None


def test_unknown_contact_is_404(api, officer):
    assert api.get(f"{BASE}/contacts/999999/", **_auth(officer)).status_code == 404
