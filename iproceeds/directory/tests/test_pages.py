"""The directory pages: search, Party page with who is on duty, authority, provider, staleness, confirm."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from iproceeds.audit.models import AuditEvent
from iproceeds.directory import services
from iproceeds.directory.models import Contact, Party
from iproceeds.directory.permissions import SYSTEM
from iproceeds.directory.tests.factories import AuthorityFactory, CompetenceFactory, ContactFactory

pytestmark = pytest.mark.django_db
TIRANA_3AM = dt.datetime(2027, 1, 14, 3, 0, tzinfo=ZoneInfo("Europe/Tirane"))


@pytest.fixture
def serbia_on_duty(home_authority):
    """Serbia's 24/7 point with a night officer on duty every night, competent for preservation."""
    party = home_authority.party
    services.entry_update(actor=SYSTEM, instance=party, changes={"name_local": "Србија", "aliases": "Srbija"})
    point = AuthorityFactory(
        party=party, name="Demo 24/7 Point Belgrade", authority_type="poc247", phone_247="+381115550100",
        office_opens=dt.time(8), office_closes=dt.time(16),
    )  # fmt: skip
    CompetenceFactory(authority=point, request_type="BC29_PRESERVATION")
    night = ContactFactory(authority=point, name="Nikola Demović (demo)", phone="+381115550103")
    for weekday in range(7):
        services.shift_create(
            actor=SYSTEM, contact=night, weekday=weekday, starts=dt.time(22), ends=dt.time(6)
        )
    return point


@pytest.mark.parametrize("query", ["Srbija", "Србија"])
def test_search_page_finds_serbia(query, serbia_on_duty, foreign_officer, verified_client):
    client = verified_client(foreign_officer)
    response = client.get(reverse("directory:search"), {"q": query})
    assert response.status_code == 200
    assert [p.code for p in response.context["results"].parties] == ["RS"]
    assert reverse("directory:party_detail", args=["RS"]) in response.content.decode()


def test_officer_in_tirana_sees_who_is_on_duty_in_belgrade(serbia_on_duty, foreign_officer, verified_client):
    # given an officer in Tirana at 03:00 local time
    with time_machine.travel(TIRANA_3AM, tick=False):
        client = verified_client(foreign_officer)
        # when they open Serbia and choose preservation
        response = client.get(
            reverse("directory:party_detail", args=["RS"]), {"request_type": "BC29_PRESERVATION"}
        )
    # then the night officer comes first, with Belgrade's local time and the office closed
    page = response.content.decode()
    assert response.status_code == 200
    assert [o.kind for o in response.context["answer"]] == ["on_duty", "line_247"]
    assert "On duty now: Nikola Demović (demo)" in page
    assert "Local time in Belgrade: 03:00 (Thursday, Europe/Belgrade)" in page
    assert "Outside office hours" in page
    assert 'href="tel:+381115550103"' in page


def test_party_page_shows_facts_to_verify(home_authority, foreign_officer, verified_client):
    client = verified_client(foreign_officer)
    page = client.get(reverse("directory:party_detail", args=["RS"])).content.decode()
    assert "Not recorded" in page
    assert "To verify" in page


def test_unknown_party_is_404(foreign_officer, verified_client):
    client = verified_client(foreign_officer)
    assert client.get(reverse("directory:party_detail", args=["ZZ"])).status_code == 404


def test_anonymous_users_are_sent_to_sign_in(client, home_authority):
    response = client.get(reverse("directory:party_detail", args=["RS"]))
    assert response.status_code == 302


def test_authority_page_shows_roster_and_contacts(serbia_on_duty, officer, verified_client):
    with time_machine.travel(TIRANA_3AM, tick=False):
        client = verified_client(officer)
        response = client.get(reverse("directory:authority_detail", args=[serbia_on_duty.pk]))
    page = response.content.decode()
    assert response.context["status"].contact.name == "Nikola Demović (demo)"
    assert "22:00–06:00 (ends the next day)" in page
    assert "+381 11 5550103" in page


def test_stale_page_lists_unconfirmed_entries(serbia_on_duty, officer, verified_client):
    client = verified_client(officer)
    response = client.get(reverse("directory:stale"), {"party": "RS"})
    names = [c.name for c in response.context["entries"].contacts]
    assert names == ["Nikola Demović (demo)"]


def test_org_admin_confirms_own_contact(serbia_on_duty, org_admin, verified_client):
    contact = Contact.objects.get(name="Nikola Demović (demo)")
    client = verified_client(org_admin)
    response = client.post(
        reverse("directory:entry_confirm", args=["contact", contact.pk]), {"next": "/directory/"}
    )
    assert response.status_code == 302
    assert Contact.objects.get(pk=contact.pk).last_confirmed_at is not None


def test_refused_confirmation_says_why_and_changes_nothing(serbia_on_duty, foreign_admin, verified_client):
    contact = Contact.objects.get(name="Nikola Demović (demo)")
    events = AuditEvent.objects.count()
    client = verified_client(foreign_admin)
    response = client.post(
        reverse("directory:entry_confirm", args=["contact", contact.pk]),
        {"next": "/directory/stale/"},
        follow=True,
    )
    assert "Organisation administrators may change only their own Party" in response.content.decode()
    assert Contact.objects.get(pk=contact.pk).last_confirmed_at is None
    assert AuditEvent.objects.count() == events


def test_index_and_provider_pages_render(officer, verified_client):
    from iproceeds.directory.tests.factories import ServiceProviderFactory

    provider = ServiceProviderFactory(name="Demo Hosting")
    client = verified_client(officer)
    assert client.get(reverse("directory:index")).status_code == 200
    assert client.get(reverse("directory:provider_list")).status_code == 200
    assert client.get(reverse("directory:provider_detail", args=[provider.pk])).status_code == 200
    assert Party.objects.filter(code="RS").exists()


def test_org_admin_changes_own_contact_phone_in_e164(serbia_on_duty, org_admin, verified_client):
    contact = Contact.objects.get(name="Nikola Demović (demo)")
    client = verified_client(org_admin)
    data = {"name": contact.name, "phone": "011 555 0199", "email": "n@example.invalid", "languages": "sr",
            "office_days": "01234", "is_active": "on"}  # fmt: skip
    response = client.post(reverse("directory:contact_edit", args=[contact.pk]), data)
    assert response.status_code == 302
    assert Contact.objects.get(pk=contact.pk).phone == "+381115550199"


def test_contact_form_refuses_a_bad_phone_naming_the_field(serbia_on_duty, org_admin, verified_client):
    contact = Contact.objects.get(name="Nikola Demović (demo)")
    client = verified_client(org_admin)
    data = {"name": contact.name, "phone": "12", "email": "n@example.invalid", "office_days": "01234"}
    response = client.post(reverse("directory:contact_edit", args=[contact.pk]), data)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["phone"]
    assert Contact.objects.get(pk=contact.pk).phone == "+381115550103"


def test_foreign_admin_cannot_open_the_contact_form(serbia_on_duty, foreign_admin, verified_client):
    contact = Contact.objects.get(name="Nikola Demović (demo)")
    client = verified_client(foreign_admin)
    assert client.get(reverse("directory:contact_edit", args=[contact.pk])).status_code == 403


def test_overlapping_shift_form_names_the_start_field(serbia_on_duty, org_admin, verified_client):
    contact = Contact.objects.get(name="Nikola Demović (demo)")
    client = verified_client(org_admin)
    data = {"contact": contact.pk, "weekday": 3, "starts": "05:00", "ends": "09:00"}
    response = client.post(reverse("directory:shift_add", args=[serbia_on_duty.pk]), data)
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "starts": ["This shift overlaps the Wednesday 22:00–06:00 shift."]
    }


def test_override_form_takes_the_authority_local_time(serbia_on_duty, org_admin, verified_client):
    contact = Contact.objects.get(name="Nikola Demović (demo)")
    client = verified_client(org_admin)
    data = {"contact": contact.pk, "starts_at": "2027-03-28T01:00", "ends_at": "2027-03-28T09:00"}
    response = client.post(reverse("directory:override_add", args=[serbia_on_duty.pk]), data)
    assert response.status_code == 302
    override = serbia_on_duty.overrides.get()
    # 01:00 CET is 00:00 UTC; 09:00 CEST (after the spring change) is 07:00 UTC
    assert (override.starts_at.hour, override.ends_at.hour) == (0, 7)
