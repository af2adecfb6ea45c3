"""Editing a Party's sourced facts from its page: instruments, declarations, settings."""

import datetime as dt

import pytest
from django.urls import reverse

from iproceeds.audit.models import AuditEvent
from iproceeds.directory.models import InstrumentStatus, PartyDeclaration, PartySetting
from iproceeds.directory.tests.factories import InstrumentStatusFactory

pytestmark = pytest.mark.django_db
SOURCED = {"source": "Treaty Office chart (demo)", "as_of": "2026-01-15", "confidence": "P"}


@pytest.fixture
def serbia_ets185(home_authority):
    """Serbia's ETS 185 status, signed but with the ratification to verify."""
    return InstrumentStatusFactory(party=home_authority.party, status="signed", signed_on=dt.date(2005, 4, 7))


def _instrument_url(code="RS", instrument="ETS185"):
    return reverse("directory:instrument_edit", args=[code, instrument])


def _ratified():
    return SOURCED | {"status": "ratified", "signed_on": "2005-04-07", "ratified_on": "2009-04-14"}


def test_org_admin_sees_edit_and_add_links_on_own_party(serbia_ets185, org_admin, verified_client):
    # given the Serbian organisation administrator
    client = verified_client(org_admin)
    # when they open Serbia's page
    page = client.get(reverse("directory:party_detail", args=["RS"])).content.decode()
    # then they find links to each fact's form
    assert f'href="{_instrument_url()}"' in page
    assert f'href="{_instrument_url(instrument="CETS224")}"' in page
    assert f'href="{reverse("directory:declaration_add", args=["RS"])}"' in page
    assert f'href="{reverse("directory:setting_edit", args=["RS", "max_preservation_days"])}"' in page


def test_officer_sees_no_edit_links(serbia_ets185, officer, verified_client):
    client = verified_client(officer)
    page = client.get(reverse("directory:party_detail", args=["RS"])).content.decode()
    assert _instrument_url() not in page
    assert reverse("directory:declaration_add", args=["RS"]) not in page


def test_org_admin_updates_an_instrument_status(serbia_ets185, org_admin, verified_client):
    # given Serbia's ETS 185 recorded as signed
    client = verified_client(org_admin)
    # when the administrator records the ratification
    response = client.post(_instrument_url(), _ratified())
    # then the status, dates and source are stored and audited
    assert response.status_code == 302
    fact = InstrumentStatus.objects.get(pk=serbia_ets185.pk)
    assert (fact.status, fact.ratified_on, fact.source, fact.confidence) == (
        "ratified", dt.date(2009, 4, 14), "Treaty Office chart (demo)", "P"
    )  # fmt: skip
    assert AuditEvent.objects.filter(action="directory.instrument.updated").count() == 1


def test_org_admin_adds_an_instrument_status(home_authority, org_admin, verified_client):
    client = verified_client(org_admin)
    response = client.post(_instrument_url(instrument="CETS224"), SOURCED | {"status": "signed"})
    assert response.status_code == 302
    fact = InstrumentStatus.objects.get(party__code="RS", instrument="CETS224")
    assert (fact.status, fact.as_of) == ("signed", dt.date(2026, 1, 15))
    assert AuditEvent.objects.filter(action="directory.instrument.created").count() == 1


def test_org_admin_adds_and_changes_a_declaration(home_authority, org_admin, verified_client):
    client = verified_client(org_admin)
    data = SOURCED | {"instrument": "ETS185", "article": "29(4)", "kind": "reservation",
                      "effect": "dual_criminality_preservation", "summary": "Demo summary"}  # fmt: skip
    assert client.post(reverse("directory:declaration_add", args=["RS"]), data).status_code == 302
    declaration = PartyDeclaration.objects.get(party__code="RS")
    response = client.post(
        reverse("directory:declaration_edit", args=["RS", declaration.pk]), data | {"kind": "declaration"}
    )
    assert response.status_code == 302
    assert PartyDeclaration.objects.get(pk=declaration.pk).kind == "declaration"
    assert AuditEvent.objects.filter(action__startswith="directory.declaration.").count() == 2


def test_org_admin_records_a_numeric_setting(home_authority, org_admin, verified_client):
    client = verified_client(org_admin)
    url = reverse("directory:setting_edit", args=["RS", "max_preservation_days"])
    response = client.post(url, SOURCED | {"value": " 90 "})
    assert response.status_code == 302
    assert PartySetting.objects.get(party__code="RS", key="max_preservation_days").value == "90"
    assert AuditEvent.objects.filter(action="directory.setting.created").count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"signed_on": "2010-01-01"}, "ratified_on"),
        ({"source": ""}, "source"),
        ({"as_of": "2999-01-01"}, "as_of"),
        ({"as_of": ""}, "as_of"),
    ],
)
def test_bad_instrument_input_names_the_field_and_changes_nothing(
    changes, field, serbia_ets185, org_admin, verified_client
):
    # given Serbia's ETS 185 status and the number of audit events so far
    events = AuditEvent.objects.count()
    client = verified_client(org_admin)
    # when the administrator sends a bad value
    response = client.post(_instrument_url(), _ratified() | changes)
    # then the form names the field, and nothing is stored or audited
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    fact = InstrumentStatus.objects.get(pk=serbia_ets185.pk)
    assert (fact.status, fact.ratified_on, fact.source) == ("signed", None, "Demo source")
    assert AuditEvent.objects.count() == events


def test_non_number_setting_is_refused_and_changes_nothing(home_authority, org_admin, verified_client):
    events = AuditEvent.objects.count()
    client = verified_client(org_admin)
    url = reverse("directory:setting_edit", args=["RS", "fiu_postponement_hours"])
    response = client.post(url, SOURCED | {"value": "two days"})
    assert response.status_code == 400
    assert response.context["form"].errors == {"value": ["Give a whole number greater than zero."]}
    assert not PartySetting.objects.exists()
    assert AuditEvent.objects.count() == events


def test_unknown_instrument_or_setting_is_404(home_authority, org_admin, verified_client):
    client = verified_client(org_admin)
    assert client.get(_instrument_url(instrument="ETS999")).status_code == 404
    assert client.get(reverse("directory:setting_edit", args=["RS", "colour"])).status_code == 404
    assert client.get(_instrument_url(code="ZZ")).status_code == 404


@pytest.mark.parametrize("persona", ["foreign_admin", "officer", "auditor"])
def test_others_are_refused_and_nothing_changes(persona, serbia_ets185, verified_client, request):
    # given a user who is neither Serbia's administrator nor the secretariat
    events = AuditEvent.objects.count()
    client = verified_client(request.getfixturevalue(persona))
    # when they open or send any of the fact forms
    assert client.get(_instrument_url()).status_code == 403
    assert client.post(_instrument_url(), _ratified()).status_code == 403
    assert client.post(reverse("directory:declaration_add", args=["RS"]), SOURCED).status_code == 403
    url = reverse("directory:setting_edit", args=["RS", "max_preservation_days"])
    assert client.post(url, SOURCED | {"value": "90"}).status_code == 403
    # then nothing is stored or audited
    assert InstrumentStatus.objects.get(pk=serbia_ets185.pk).status == "signed"
    assert not PartySetting.objects.exists()
    assert not PartyDeclaration.objects.exists()
    assert AuditEvent.objects.count() == events


def test_secretariat_edits_any_party(serbia_ets185, secretariat, verified_client):
    client = verified_client(secretariat)
    assert client.get(_instrument_url()).status_code == 200
    assert client.post(_instrument_url(), _ratified()).status_code == 302
    assert InstrumentStatus.objects.get(pk=serbia_ets185.pk).status == "ratified"


def test_fact_forms_open_and_existing_declaration_has_an_edit_link(
    home_authority, org_admin, verified_client
):
    # given a recorded declaration of Serbia
    declaration = PartyDeclaration.objects.create(
        party=home_authority.party, instrument="ETS185", article="27(9)(e)", kind="declaration",
        effect="urgent_via_central", source="Demo source", as_of=dt.date(2026, 1, 1),
    )  # fmt: skip
    client = verified_client(org_admin)
    # when the administrator opens the Party page and the forms
    page = client.get(reverse("directory:party_detail", args=["RS"])).content.decode()
    edit_url = reverse("directory:declaration_edit", args=["RS", declaration.pk])
    # then each form opens and the declaration links to its own form
    assert f'href="{edit_url}"' in page
    assert client.get(edit_url).status_code == 200
    assert client.get(reverse("directory:declaration_add", args=["RS"])).status_code == 200
    assert client.get(reverse("directory:setting_edit", args=["RS", "accepted_languages"])).status_code == 200


def test_duplicate_declaration_is_refused_and_changes_nothing(home_authority, org_admin, verified_client):
    data = SOURCED | {"instrument": "ETS185", "article": "29(4)", "kind": "reservation",
                      "effect": "dual_criminality_preservation"}  # fmt: skip
    client = verified_client(org_admin)
    assert client.post(reverse("directory:declaration_add", args=["RS"]), data).status_code == 302
    events = AuditEvent.objects.count()
    response = client.post(reverse("directory:declaration_add", args=["RS"]), data)
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert PartyDeclaration.objects.count() == 1
    assert AuditEvent.objects.count() == events
