"""One-click extension and follow-up MLA request of an executed preservation; pending MLA decision."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from iproceeds.audit.models import AuditEvent
from iproceeds.cooperation import deadlines as computed
from iproceeds.cooperation.models import CooperationRequest, DeadlineNotice
from iproceeds.cooperation.services.follow_ups import (
    preservation_extension_draft,
    preservation_follow_up_draft,
)
from iproceeds.cooperation.services.lifecycle import request_transition
from iproceeds.cooperation.services.requests import request_submit
from iproceeds.cooperation.tests.deadline_helpers import EXECUTED, EXPIRY, execute, scan, send
from iproceeds.directory.tests.factories import CompetenceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def preservation(officer, bc29, bound, foreign_authority, foreign_officer):
    """A BC29 from Belgrade to Tirana, executed on 2 Oct 2026; Tirana also receives BC31 requests."""
    CompetenceFactory(authority=foreign_authority, request_type="BC31_MLA_STORED_DATA", channel="central")
    return execute(send(officer, bc29, foreign_authority), foreign_officer)


def _post(client, user, name, coop_request):
    return client(user).post(reverse(f"cooperation:{name}", args=[coop_request.reference]))


def test_the_extension_button_creates_a_linked_draft_and_opens_it(preservation, officer, verified_client):
    # when the requester clicks "Request an extension"
    with time_machine.travel(EXECUTED + dt.timedelta(days=40), tick=False):
        response = _post(verified_client, officer, "preservation_extend", preservation)
    # then a BC29 draft follows the preservation, its content copied, and its edit page opens
    draft = CooperationRequest.objects.get(follows=preservation)
    assert response.status_code == 302
    assert response["Location"] == reverse("cooperation:edit", args=[draft.reference])
    assert (draft.request_type.code, draft.relation, draft.status) == (
        "BC29_PRESERVATION",
        "extension",
        "draft",
    )
    assert (draft.earlier_reference, draft.requested_authority_id) == (
        preservation.reference,
        preservation.requested_authority_id,
    )
    assert draft.values["request_status"] == {
        "status": "extension",
        "earlier_reference": preservation.reference,
    }
    assert draft.values["date_reference"] == {
        "request_date": "2026-11-11",
        "our_reference": "DEMO-CCU-2026-0042",
    }
    for section in ("data_sought", "offence", "requesting_authority", "custodian", "investigating_authority"):
        assert draft.values[section] == preservation.values[section]
    event = AuditEvent.objects.get(action="cooperation.request.extension_drafted")
    assert (event.actor_id, event.after["follows"]) == (officer.pk, preservation.reference)


def test_the_follow_up_button_creates_a_bc31_draft_with_the_fields_it_has(
    preservation, officer, verified_client
):
    # when the requester clicks "Send the follow-up MLA request"
    response = _post(verified_client, officer, "preservation_follow_up", preservation)
    # then a BC31 draft follows the preservation, without the BC29-only "intended MLA" section
    draft = CooperationRequest.objects.get(follows=preservation)
    assert response["Location"] == reverse("cooperation:edit", args=[draft.reference])
    assert (draft.request_type.code, draft.relation, draft.urgency) == (
        "BC31_MLA_STORED_DATA",
        "follow_up",
        "normal",
    )
    assert draft.values["request_status"] == {
        "status": "follow_up",
        "earlier_reference": preservation.reference,
    }
    assert draft.values["data_sought"] == preservation.values["data_sought"]
    assert draft.values["offence"] == preservation.values["offence"]
    assert "intended_mla" not in draft.values
    assert AuditEvent.objects.filter(action="cooperation.request.follow_up_drafted").count() == 1


def test_a_second_click_reopens_the_same_draft(preservation, officer):
    first = preservation_extension_draft(actor=officer, preservation=preservation)
    second = preservation_extension_draft(actor=officer, preservation=preservation)
    assert first.pk == second.pk
    assert AuditEvent.objects.filter(action="cooperation.request.extension_drafted").count() == 1


@pytest.mark.parametrize("name", ["preservation_extend", "preservation_follow_up"])
def test_the_receiving_side_is_refused_and_nothing_is_written(
    preservation, foreign_officer, verified_client, name
):
    before = CooperationRequest.objects.count(), AuditEvent.objects.count()
    response = _post(verified_client, foreign_officer, name, preservation)
    assert response.status_code == 403
    assert (CooperationRequest.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize("name", ["preservation_extend", "preservation_follow_up"])
def test_a_third_party_gets_the_same_404_as_for_a_missing_request(
    preservation, third_officer, verified_client, name
):
    client = verified_client(third_officer)
    response = client.post(reverse(f"cooperation:{name}", args=[preservation.reference]))
    missing = client.post(reverse(f"cooperation:{name}", args=["CR-NOTHERE"]))
    assert (response.status_code, missing.status_code) == (404, 404)
    assert CooperationRequest.objects.count() == 1


@pytest.mark.parametrize("name", ["preservation_extend", "preservation_follow_up"])
def test_a_preservation_not_executed_is_refused_with_a_message(
    officer, bc29, bound, foreign_authority, verified_client, name
):
    # given a preservation only submitted
    sent = send(officer, bc29, foreign_authority)
    before = CooperationRequest.objects.count(), AuditEvent.objects.count()
    # when the requester clicks a continuation button
    response = verified_client(officer).post(
        reverse(f"cooperation:{name}", args=[sent.reference]), follow=True
    )
    # then they are told why on the request page, and nothing was written
    assert response.redirect_chain == [(reverse("cooperation:detail", args=[sent.reference]), 302)]
    assert "The preservation has not been executed yet: it cannot be extended or followed up." in (
        response.content.decode()
    )
    assert (CooperationRequest.objects.count(), AuditEvent.objects.count() - 1) == before  # the page view


def test_an_executed_extension_moves_the_expiry(preservation, officer, foreign_officer):
    # given an extension sent on 20 Nov and executed on 25 Nov 2026
    draft = preservation_extension_draft(actor=officer, preservation=preservation)
    with time_machine.travel(dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC), tick=False):
        request_submit(actor=officer, coop_request=draft, warnings_confirmed=True)
    extension_executed = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
    execute(draft, foreign_officer, at=extension_executed)
    # when the preservation's deadlines are read
    preservation.refresh_from_db()
    with timezone.override("UTC"):
        (deadline,) = computed.deadlines_of(preservation, extension_executed)
    # then it is preserved 60 days from the extension's execution, and the kept next deadline follows
    assert deadline.due_at == extension_executed + dt.timedelta(days=60)
    assert deadline.reason == (
        f"Preserved until 24 Jan 2027: extension {draft.reference} executed 25 Nov 2026 + 60 days, "
        "ETS 185 Art 29(7)"
    )
    assert (preservation.next_due_at, preservation.next_due_key) == (deadline.due_at, "preservation_expiry")
    # and the extension carries no expiry of its own
    assert computed.deadlines_of(draft, extension_executed) == []


def test_the_sent_follow_up_marks_the_preservation_pending_and_stops_reminders(
    preservation, officer, foreign_officer, verified_client, django_capture_on_commit_callbacks
):
    # given the follow-up MLA request drafted and sent on 10 Nov 2026
    draft = preservation_follow_up_draft(actor=officer, preservation=preservation)
    sent_at = dt.datetime(2026, 11, 10, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(sent_at, tick=False):
        request_submit(actor=officer, coop_request=draft, warnings_confirmed=True)
    # then the preservation is pending the MLA decision since then, audited
    preservation.refresh_from_db()
    assert preservation.mla_pending_since == sent_at
    event = AuditEvent.objects.get(action="cooperation.preservation.mla_pending")
    assert (event.actor_id, event.target_id, event.after["follow_up"]) == (
        officer.pk,
        str(preservation.pk),
        draft.reference,
    )
    with timezone.override("UTC"):
        (deadline,) = computed.deadlines_of(preservation, sent_at)
    assert (deadline.state, deadline.reason) == (
        "pending_mla",
        f"Preserved pending the MLA decision: follow-up {draft.reference} sent 10 Nov 2026, "
        "ETS 185 Art 29(7)",
    )
    assert (preservation.next_due_at, preservation.next_due_key) == (None, "")
    # and no expiry reminder goes out
    scan(EXPIRY - dt.timedelta(days=7), django_capture_on_commit_callbacks)
    assert not DeadlineNotice.objects.filter(coop_request=preservation).exists()
    # and both pages link each other; the preservation shows "Pending MLA decision"
    client = verified_client(officer)
    page = client.get(reverse("cooperation:detail", args=[preservation.reference])).content.decode()
    assert "Pending MLA decision" in page
    assert reverse("cooperation:detail", args=[draft.reference]) in page
    follow_up_page = client.get(reverse("cooperation:detail", args=[draft.reference])).content.decode()
    assert reverse("cooperation:detail", args=[preservation.reference]) in follow_up_page


def test_the_mla_decision_ends_the_pending_preservation(preservation, officer, foreign_officer):
    draft = preservation_follow_up_draft(actor=officer, preservation=preservation)
    with time_machine.travel(dt.datetime(2026, 11, 10, 9, 0, tzinfo=dt.UTC), tick=False):
        request_submit(actor=officer, coop_request=draft, warnings_confirmed=True)
    decided = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)
    execute(draft, foreign_officer, at=decided)
    preservation.refresh_from_db()
    with timezone.override("UTC"):
        (deadline,) = computed.deadlines_of(preservation, decided)
    assert (deadline.state, deadline.reason) == (
        "met",
        f"Preservation ended with the MLA decision: follow-up {draft.reference} decided 1 Mar 2027, "
        "ETS 185 Art 29(7)",
    )


def test_a_withdrawn_follow_up_puts_the_expiry_back(preservation, officer):
    draft = preservation_follow_up_draft(actor=officer, preservation=preservation)
    request_submit(actor=officer, coop_request=draft, warnings_confirmed=True)
    request_transition(actor=officer, coop_request=draft, action="withdraw", reason="Sent by mistake")
    preservation.refresh_from_db()
    (deadline,) = computed.deadlines_of(preservation, EXECUTED)
    assert (deadline.state, preservation.next_due_key) == ("open", "preservation_expiry")


def test_once_the_follow_up_is_sent_the_buttons_go_and_a_second_one_is_refused(
    preservation, officer, verified_client
):
    # given the follow-up MLA request sent
    draft = preservation_follow_up_draft(actor=officer, preservation=preservation)
    request_submit(actor=officer, coop_request=draft, warnings_confirmed=True)
    # when the requester opens the preservation, then neither continuation button is offered
    page = verified_client(officer).get(reverse("cooperation:detail", args=[preservation.reference]))
    assert "Send the follow-up MLA request" not in page.content.decode()
    # and a second follow-up is refused with a message, writing nothing
    with pytest.raises(ValidationError) as refused:
        preservation_follow_up_draft(actor=officer, preservation=preservation)
    assert refused.value.message_dict == {
        "status": ["The follow-up MLA request was sent: the data stay preserved pending its decision."]
    }
    assert preservation.follow_ups.count() == 1
