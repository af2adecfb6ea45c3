"""Pages: a draft form built from the catalogue and prefilled, the request page, sending; who sees what."""

import json

import pytest
from django.conf import settings
from django.urls import reverse

from iproceeds.audit.models import AuditEvent
from iproceeds.cooperation.choices import RequestStatus
from iproceeds.cooperation.forms import ContentForm
from iproceeds.cooperation.models import CooperationRequest, RequestType
from iproceeds.cooperation.services.catalogue import SHIPPED_FILE, catalogue_load
from iproceeds.cooperation.services.requests import request_create_draft, request_submit
from iproceeds.cooperation.tests.factories import bc29_values
from iproceeds.directory.permissions import SYSTEM


def _post_data(foreign_authority, **extra):
    data = {
        "requested_party": foreign_authority.party_id, "requested_authority": foreign_authority.pk,
        "urgency": "normal", "date_reference__our_reference": "DEMO-CCU-2026-0042",
        "data_sought__ip_addresses": "203.0.113.7 51234 2026-10-02T03:14:00+02:00",
        "custodian__custodian": "Demo Hosting Tirana",
    } | extra  # fmt: skip
    return data


def test_the_draft_form_follows_the_catalogue_and_is_prefilled(officer, verified_client, bc29, bound):
    # given the officer of the Belgrade unit
    client = verified_client(officer)
    # when they open a new BC29
    response = client.get(reverse("cooperation:create", args=["BC29_PRESERVATION"]))
    # then the sections come in template order and the requesting side is filled in
    content = response.content.decode()
    assert response.status_code == 200
    assert (
        content.index("Date and reference")
        < content.index("Requesting authority")
        < content.index("Urgency</legend>")
    )
    assert 'value="Demo Cybercrime Unit Belgrade"' in content
    assert f'value="{officer.email}"' in content
    assert 'value="Europe/Belgrade"' in content


def test_the_form_labels_follow_the_users_language(officer, verified_client, bc29, bound):
    # given the officer has chosen Serbian in Cyrillic
    client = verified_client(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sr"
    # when they open the form, then the catalogue's labels are in that language
    response = client.get(reverse("cooperation:create", args=["BC29_PRESERVATION"]))
    assert "Орган молилац" in response.content.decode()


def test_posting_the_form_creates_a_draft_shown_in_both_zones(
    officer, verified_client, bc29, bound, foreign_authority
):
    client = verified_client(officer)
    # when the officer saves the draft
    response = client.post(
        reverse("cooperation:create", args=["BC29_PRESERVATION"]), _post_data(foreign_authority)
    )
    # then it exists and its page shows the timestamp in UTC, Belgrade and Tirana time
    draft = CooperationRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("cooperation:detail", args=[draft.reference])
    page = client.get(response.url).content.decode()
    assert "203.0.113.7:51234 at 2026-10-02 01:14 UTC = 2026-10-02 03:14 Europe/Belgrade" in page
    assert "2026-10-02 03:14 Europe/Tirane" in page


def test_a_timestamp_without_zone_is_refused_on_the_form_and_nothing_is_saved(
    officer, verified_client, bc29, bound, foreign_authority
):
    client = verified_client(officer)
    data = _post_data(foreign_authority, data_sought__ip_addresses="203.0.113.7 51234 2026-10-02T03:14:00")
    response = client.post(reverse("cooperation:create", args=["BC29_PRESERVATION"]), data)
    assert response.status_code == 200
    assert "Line 1: This timestamp has no time zone." in response.content.decode()
    assert not CooperationRequest.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="cooperation.request").exists()


def test_sending_from_the_page_lists_what_is_missing(
    officer, verified_client, bc29, bound, foreign_authority
):
    client = verified_client(officer)
    client.post(reverse("cooperation:create", args=["BC29_PRESERVATION"]), _post_data(foreign_authority))
    draft = CooperationRequest.objects.get()
    response = client.post(reverse("cooperation:submit", args=[draft.reference]))
    assert response.status_code == 400
    assert (
        "Offence and facts › Offence(s) and legal provisions: This field is required."
        in response.content.decode()
    )
    draft.refresh_from_db()
    assert draft.status == RequestStatus.DRAFT


def test_adding_a_request_type_is_adding_data(db):
    # given a new type written only as data, reusing a shared section and adding its own
    shipped = json.loads(SHIPPED_FILE.read_text(encoding="utf-8"))
    labels = {code: f"Demo {code}" for code in ["en", "fr", "sq", "sr-latn", "sr", "mk", "bs", "tr"]}
    data = {
        "sections": shipped["sections"],
        "types": [{
            "code": "SP6_DOMAIN_REGISTRATION", "instrument": "CETS224", "article": "Art 6",
            "channel": "direct",
            "urgency_options": ["normal"], "labels": labels,
            "sections": ["date_reference", {"key": "domain", "labels": labels, "fields": [
                {"key": "domain_name", "kind": "domain", "required": True, "labels": labels},
            ]}],
            "timers": [{"key": "answer", "kind": "response_target", "days": 30, "start_event": "delivered",
                        "confidence": "U", "source": "Set by the requester", "labels": labels}],
        }],
    }  # fmt: skip
    # when it is loaded
    catalogue_load(data=data, actor=SYSTEM)
    rtype = RequestType.objects.get(code="SP6_DOMAIN_REGISTRATION")
    # then a form is built from it, validating its identifier
    form = ContentForm({"domain__domain_name": "Bücher.example", "date_reference__our_reference": "R-1"},
                       request_type=rtype)  # fmt: skip
    assert list(form.fields) == [
        "date_reference__request_date",
        "date_reference__our_reference",
        "domain__domain_name",
    ]
    assert form.is_valid()
    assert form.values() == {
        "date_reference": {"our_reference": "R-1"},
        "domain": {"domain_name": "xn--bcher-kva.example"},
    }
    assert not ContentForm({"domain__domain_name": "not a domain"}, request_type=rtype).is_valid()
    assert rtype.timers.get().to_verify


# --- who sees what ---------------------------------------------------------------------------------

PERSONAS = ["officer", "colleague", "supervisor", "org_admin", "foreign_officer", "foreign_admin",
            "secretariat", "auditor", "third_officer"]  # fmt: skip
# Status codes per persona: (detail of a draft, edit of a draft, detail once sent)
EXPECTED = {
    "officer": (200, 200, 200), "colleague": (200, 200, 200), "supervisor": (200, 200, 200),
    "org_admin": (200, 403, 200), "foreign_officer": (404, 404, 200), "foreign_admin": (404, 404, 200),
    "secretariat": (404, 404, 404), "auditor": (404, 404, 404), "third_officer": (404, 404, 404),
}  # fmt: skip


@pytest.fixture
def draft(officer, bc29, bound, foreign_authority):
    """A complete BC29 draft from Belgrade to Tirana."""
    return request_create_draft(
        actor=officer, request_type=bc29, requested_party=foreign_authority.party,
        requested_authority=foreign_authority, urgency="normal", values=bc29_values(),
    )  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_access_matrix(persona, request, verified_client, draft, officer):
    user = request.getfixturevalue(persona)
    client = verified_client(user)
    detail, edit, sent = EXPECTED[persona]
    assert client.get(reverse("cooperation:detail", args=[draft.reference])).status_code == detail
    assert client.get(reverse("cooperation:edit", args=[draft.reference])).status_code == edit
    request_submit(actor=officer, coop_request=draft, warnings_confirmed=True)
    assert client.get(reverse("cooperation:detail", args=[draft.reference])).status_code == sent
    # nobody edits a sent request; a guessed reference looks like an absent one
    assert client.get(reverse("cooperation:edit", args=[draft.reference])).status_code in {403, 404}
    assert client.get(reverse("cooperation:detail", args=["CR-NOTHERE"])).status_code == 404


@pytest.mark.parametrize("persona", ["foreign_officer", "third_officer", "org_admin"])
def test_only_the_requesting_officers_may_send(persona, request, verified_client, draft):
    client = verified_client(request.getfixturevalue(persona))
    response = client.post(
        reverse("cooperation:submit", args=[draft.reference]), {"warnings_confirmed": "on"}
    )
    draft.refresh_from_db()
    assert response.status_code in {403, 404}
    assert draft.status == RequestStatus.DRAFT


def test_the_lists_show_sent_and_received_requests(
    verified_client, draft, officer, foreign_officer, third_officer
):
    request_submit(actor=officer, coop_request=draft, warnings_confirmed=True)
    assert draft.reference in verified_client(officer).get(reverse("cooperation:list")).content.decode()
    assert (
        draft.reference in verified_client(foreign_officer).get(reverse("cooperation:list")).content.decode()
    )
    assert (
        draft.reference
        not in verified_client(third_officer).get(reverse("cooperation:list")).content.decode()
    )


def test_opening_a_request_is_audited_and_a_refused_look_is_not(
    officer, foreign_officer, verified_client, draft
):
    # when the requesting officer opens the draft and an officer of the other side guesses its reference
    verified_client(officer).get(reverse("cooperation:detail", args=[draft.reference]))
    verified_client(foreign_officer).get(reverse("cooperation:detail", args=[draft.reference]))
    # then only the view that showed the request is recorded
    views = AuditEvent.objects.filter(action="cooperation.request.viewed")
    assert list(views.values_list("actor_id", "target_id")) == [(officer.pk, str(draft.pk))]
