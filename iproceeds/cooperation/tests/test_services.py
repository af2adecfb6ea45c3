"""Drafting and sending: permission, eligibility, content checked against the catalogue, audit."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from iproceeds.audit.models import AuditEvent
from iproceeds.cooperation.choices import RequestStatus
from iproceeds.cooperation.models import CooperationRequest, RequestType
from iproceeds.cooperation.services.requests import request_create_draft, request_submit, request_update_draft
from iproceeds.cooperation.tests.factories import bc29_values, bind
from iproceeds.directory.choices import DeclarationEffect, DeclarationKind, Instrument
from iproceeds.directory.models import PartyDeclaration
from iproceeds.directory.tests.factories import AuthorityFactory, PartyFactory


def _draft(actor, bc29, foreign_authority, **changes):
    arguments = {
        "actor": actor, "request_type": bc29, "requested_party": foreign_authority.party,
        "requested_authority": foreign_authority, "urgency": "urgent",
        "values": bc29_values(urgency={"urgency_reasons": "Logs expire soon."}),
    } | changes  # fmt: skip
    return request_create_draft(**arguments)


def _actions():
    return list(
        AuditEvent.objects.filter(action__startswith="cooperation.request")
        .order_by("seq")
        .values_list("action", flat=True)
    )


def test_an_officer_creates_a_draft_of_normalised_content(officer, bc29, bound, foreign_authority):
    # given content with an IP timestamp written in local time with an offset
    values = bc29_values()
    values["data_sought"]["ip_addresses"] = [
        {"address": "203.0.113.7", "port": "51234", "timestamp": "2026-10-02T03:14:00+02:00"}
    ]
    # when the officer creates the draft
    draft = _draft(officer, bc29, foreign_authority, values=values, urgency="normal")
    # then it is stored as a draft of their authority, the timestamp in UTC, and audited
    assert (draft.status, draft.requesting_authority, draft.requester_reference) == (
        RequestStatus.DRAFT, officer.authority, "DEMO-CCU-2026-0042"
    )  # fmt: skip
    assert draft.values["data_sought"]["ip_addresses"] == [
        {"address": "203.0.113.7", "version": 4, "port": 51234, "timestamp": "2026-10-02T01:14:00Z"}
    ]
    assert _actions() == ["cooperation.request.created"]


def test_a_half_written_draft_is_kept_but_an_invalid_value_is_refused(
    officer, bc29, bound, foreign_authority
):
    # given a draft with only a reference, then one with a timestamp without zone
    _draft(
        officer,
        bc29,
        foreign_authority,
        values={"date_reference": {"our_reference": "X-1"}},
        urgency="normal",
    )
    bad = bc29_values()
    bad["data_sought"]["ip_addresses"] = [
        {"address": "203.0.113.7", "port": 1, "timestamp": "2026-10-02T03:14"}
    ]
    # when the second is created, then the field is named and nothing more is written
    with pytest.raises(ValidationError) as exc:
        _draft(officer, bc29, foreign_authority, values=bad)
    assert exc.value.message_dict == {"data_sought__ip_addresses": ["This timestamp has no time zone."]}
    assert CooperationRequest.objects.count() == 1
    assert _actions() == ["cooperation.request.created"]


def test_unknown_fields_are_refused(officer, bc29, bound, foreign_authority):
    with pytest.raises(ValidationError) as exc:
        _draft(officer, bc29, foreign_authority, values={"offence": {"motive": "x"}})
    assert exc.value.message_dict == {"offence__motive": ["This type of request has no such field."]}


def test_a_request_to_a_party_not_bound_by_the_instrument_is_refused(officer, bc29, bound):
    # given a Party with no record of ETS 185, and one of its authorities
    outsider = AuthorityFactory(party=PartyFactory(code="QZ", name="Demoland Outside"))
    # when the officer drafts a request to it, then it is refused and nothing is written
    with pytest.raises(ValidationError) as exc:
        _draft(officer, bc29, outsider)
    assert exc.value.message_dict == {
        "requested_party": [
            "Demoland Outside is not bound by ETS 185 Budapest Convention on Cybercrime: "
            "this type of request cannot be used."
        ]
    }
    assert not CooperationRequest.objects.exists()
    assert _actions() == []


@pytest.mark.parametrize("persona", ["org_admin", "auditor", "secretariat"])
def test_only_officers_and_supervisors_draft(persona, request, bc29, bound, foreign_authority):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        _draft(user, bc29, foreign_authority)
    assert not CooperationRequest.objects.exists()


def test_a_colleague_may_change_the_draft_and_the_foreign_officer_may_not(
    officer, colleague, foreign_officer, bc29, bound, foreign_authority
):
    draft = _draft(officer, bc29, foreign_authority)
    values = bc29_values(custodian={"custodian": "Demo Hosting Durrës"}, urgency={"urgency_reasons": "Soon."})
    # when the colleague changes the custodian, it is saved and the changed field audited
    request_update_draft(actor=colleague, coop_request=draft, requested_party=foreign_authority.party,
                         requested_authority=foreign_authority, urgency="urgent", values=values)  # fmt: skip
    event = AuditEvent.objects.get(action="cooperation.request.updated")
    assert event.after["changed_fields"] == ["custodian.custodian", "urgency.urgency_reasons"]
    # when the foreign officer tries, they are refused and nothing changes
    with pytest.raises(PermissionDenied):
        request_update_draft(
            actor=foreign_officer, coop_request=draft, requested_party=foreign_authority.party,
            urgency="urgent", values={},
        )  # fmt: skip
    draft.refresh_from_db()
    assert draft.values["custodian"] == {"custodian": "Demo Hosting Durrës"}


def test_submission_needs_every_required_field_and_conditional_ones(officer, bc29, bound, foreign_authority):
    # given an urgent extension without earlier reference, reasons for urgency or custodian
    values = bc29_values(request_status={"status": "extension"})
    del values["custodian"]
    draft = _draft(officer, bc29, foreign_authority, values=values)
    # when it is submitted, then each missing field is named and it stays a draft
    with pytest.raises(ValidationError) as exc:
        request_submit(actor=officer, coop_request=draft, warnings_confirmed=True)
    assert exc.value.message_dict == {
        "request_status__earlier_reference": ["This field is required."],
        "custodian__custodian": ["This field is required."],
        "urgency__urgency_reasons": ["This field is required."],
    }
    draft.refresh_from_db()
    assert draft.status == RequestStatus.DRAFT
    assert _actions() == ["cooperation.request.created"]


def test_a_reservation_allowing_refusal_must_be_read_before_sending(officer, bc29, bound, foreign_authority):
    # given Albania's (invented) Art 29(4) reservation
    PartyDeclaration.objects.create(
        party=foreign_authority.party, instrument=Instrument.ETS_185, article="29(4)",
        kind=DeclarationKind.RESERVATION, effect=DeclarationEffect.DUAL_CRIMINALITY_PRESERVATION,
        source="Demo", as_of="2026-11-23",
    )  # fmt: skip
    draft = _draft(officer, bc29, foreign_authority)
    # when sent without confirming the warning, then it is refused
    with pytest.raises(ValidationError) as exc:
        request_submit(actor=officer, coop_request=draft, warnings_confirmed=False)
    assert exc.value.message_dict == {"warnings_confirmed": ["Read the warnings and confirm before sending."]}
    # when sent after confirming, then it is submitted and audited
    request_submit(actor=officer, coop_request=draft, warnings_confirmed=True)
    draft.refresh_from_db()
    assert (draft.status, draft.submitted_by) == (RequestStatus.SUBMITTED, officer)
    assert _actions() == ["cooperation.request.created", "cooperation.request.submitted"]


def test_a_sent_request_can_no_longer_be_changed_or_sent_again(officer, bc29, bound, foreign_authority):
    draft = _draft(officer, bc29, foreign_authority)
    request_submit(actor=officer, coop_request=draft, warnings_confirmed=False)
    with pytest.raises(ValidationError):
        request_submit(actor=officer, coop_request=draft, warnings_confirmed=False)
    with pytest.raises(ValidationError):
        request_update_draft(actor=officer, coop_request=draft, requested_party=foreign_authority.party,
                             urgency="urgent", values={})  # fmt: skip
    assert _actions() == ["cooperation.request.created", "cooperation.request.submitted"]


def test_sending_needs_the_receiving_authority(officer, bc29, bound, foreign_authority):
    draft = _draft(officer, bc29, foreign_authority, requested_authority=None)
    with pytest.raises(ValidationError) as exc:
        request_submit(actor=officer, coop_request=draft, warnings_confirmed=True)
    assert exc.value.message_dict == {
        "requested_authority": ["Choose the authority that receives the request."]
    }


def test_an_urgency_the_type_does_not_offer_is_refused(officer, catalogue, bound, foreign_authority):
    sp9 = RequestType.objects.get(code="SP9_EMERGENCY_DISCLOSURE")
    bind(officer.authority.party, Instrument.CETS_224)
    bind(foreign_authority.party, Instrument.CETS_224)
    with pytest.raises(ValidationError) as exc:
        _draft(officer, sp9, foreign_authority, urgency="normal", values={})
    assert exc.value.message_dict == {"urgency": ["This type of request does not offer this urgency."]}
