"""The lifecycle: each side's steps from the right states, reasons where required, receipts with hashes."""

import datetime
import hashlib
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from iproceeds.audit.models import AuditEvent
from iproceeds.cooperation.choices import ReceiptKind, RequestStatus
from iproceeds.cooperation.lifecycle import RECEIVER, REQUESTER, content_hash, steps_for
from iproceeds.cooperation.models import CooperationRequest, Transition
from iproceeds.cooperation.services.lifecycle import request_transition
from iproceeds.cooperation.services.requests import request_create_draft, request_submit
from iproceeds.cooperation.tests.factories import bc29_values


@pytest.fixture
def sent(officer, bc29, bound, foreign_authority):
    """A BC29 sent from Belgrade to Tirana."""
    draft = request_create_draft(
        actor=officer, request_type=bc29, requested_party=foreign_authority.party,
        requested_authority=foreign_authority, urgency="normal", values=bc29_values(),
    )  # fmt: skip
    return request_submit(actor=officer, coop_request=draft, warnings_confirmed=True)


def _statuses(coop_request):
    return list(Transition.objects.filter(coop_request=coop_request).values_list("to_status", flat=True))


def test_the_whole_path_records_who_when_and_a_receipt_per_milestone(sent, officer, foreign_officer):
    # when the receiver confirms delivery, acknowledges, starts and executes, and the requester closes
    steps = [(foreign_officer, "deliver"), (foreign_officer, "acknowledge"), (foreign_officer, "start"),
             (foreign_officer, "execute"), (officer, "close")]  # fmt: skip
    for actor, action in steps:
        request_transition(actor=actor, coop_request=sent, action=action)
    # then each step is on the timeline with its actor and receipt kind
    rows = list(
        Transition.objects.filter(coop_request=sent).values_list("action", "actor__username", "receipt_kind")
    )
    assert rows == [
        ("submit", "officer", ReceiptKind.SUBMISSION), ("deliver", "foreign", ReceiptKind.DELIVERY),
        ("acknowledge", "foreign", ReceiptKind.ACKNOWLEDGEMENT), ("start", "foreign", ""),
        ("execute", "foreign", ReceiptKind.OUTCOME), ("close", "officer", ""),
    ]  # fmt: skip
    sent.refresh_from_db()
    assert sent.status == RequestStatus.CLOSED
    assert AuditEvent.objects.filter(action="cooperation.request.executed").count() == 1


def test_the_hash_is_the_sha256_of_the_canonical_content(sent):
    entry = Transition.objects.get(coop_request=sent, action="submit")
    body = {
        "reference": sent.reference, "type": "BC29_PRESERVATION", "urgency": "normal",
        "requesting_authority": sent.requesting_authority_id, "requested_party": sent.requested_party_id,
        "requested_authority": sent.requested_authority_id, "values": sent.values,
    }  # fmt: skip
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert entry.content_hash == content_hash(sent) == hashlib.sha256(canonical).hexdigest()


def test_a_later_change_of_content_shows_on_the_receipt(sent, officer, verified_client):
    # given the content is altered after submission (e.g. directly in the database)
    entry = Transition.objects.get(coop_request=sent, action="submit")
    CooperationRequest.objects.filter(pk=sent.pk).update(values={"custodian": {"custodian": "Changed"}})
    # when the requester downloads the submission receipt
    response = verified_client(officer).get(reverse("cooperation:receipt", args=[sent.reference, entry.pk]))
    # then it carries the hash at submission, today's hash, and says they differ; the download is audited
    document = json.loads(response.content)
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="{sent.reference}-submission-{entry.pk}.json"'
    )
    assert document["content_sha256"] == entry.content_hash
    assert document["content_sha256_now"] != entry.content_hash
    assert document["content_unchanged_since"] is False
    assert AuditEvent.objects.filter(action="cooperation.receipt.downloaded").count() == 1


def test_the_receiver_downloads_receipts_too_and_a_third_party_gets_404(
    sent, foreign_officer, third_officer, verified_client
):
    entry = request_transition(actor=foreign_officer, coop_request=sent, action="acknowledge")
    url = reverse("cooperation:receipt", args=[sent.reference, entry.pk])
    assert json.loads(verified_client(foreign_officer).get(url).content)["receipt"] == "acknowledgement"
    assert verified_client(third_officer).get(url).status_code == 404


@pytest.mark.parametrize("action", ["refuse", "postpone", "partially_execute", "request_completion"])
def test_refusal_postponement_partial_execution_and_completion_need_reasons(sent, foreign_officer, action):
    request_transition(actor=foreign_officer, coop_request=sent, action="acknowledge")
    request_transition(actor=foreign_officer, coop_request=sent, action="start")
    with pytest.raises(ValidationError) as exc:
        request_transition(actor=foreign_officer, coop_request=sent, action=action, reason="  ")
    assert exc.value.message_dict["reason"] == ["Give the reasons."]
    sent.refresh_from_db()
    assert sent.status == RequestStatus.IN_PROGRESS
    assert _statuses(sent)[-1] == RequestStatus.IN_PROGRESS


def test_completion_needs_a_time_limit_and_the_requester_answers_it(sent, officer, foreign_officer):
    # given the receiver asks for completion (ETS 198 Art 38) without a limit, then with one
    with pytest.raises(ValidationError) as exc:
        request_transition(
            actor=foreign_officer, coop_request=sent, action="request_completion", reason="Port missing"
        )
    assert exc.value.message_dict == {"time_limit": ["Give a time limit after today."]}
    limit = datetime.date.today() + datetime.timedelta(days=10)
    entry = request_transition(actor=foreign_officer, coop_request=sent, action="request_completion",
                               reason="Port missing", time_limit=limit)  # fmt: skip
    assert entry.time_limit == limit
    # when the requester sends the completion, the request is in progress again
    request_transition(actor=officer, coop_request=sent, action="complete", reason="Port 51234 added")
    sent.refresh_from_db()
    assert sent.status == RequestStatus.IN_PROGRESS


def test_a_step_from_the_wrong_state_is_refused_and_changes_nothing(sent, foreign_officer):
    with pytest.raises(ValidationError) as exc:
        request_transition(actor=foreign_officer, coop_request=sent, action="execute")
    assert exc.value.message_dict == {
        "action": ["“Report execution” is not possible while the request is “Submitted”."]
    }
    assert _statuses(sent) == [RequestStatus.SUBMITTED]
    assert not AuditEvent.objects.filter(action="cooperation.request.executed").exists()


@pytest.mark.parametrize(
    ("persona", "action"),
    [("officer", "acknowledge"), ("colleague", "deliver"), ("foreign_officer", "withdraw"),
     ("foreign_admin", "acknowledge"), ("third_officer", "acknowledge"), ("secretariat", "withdraw")],
)  # fmt: skip
def test_each_side_makes_only_its_own_steps(request, sent, persona, action):
    with pytest.raises(PermissionDenied):
        request_transition(
            actor=request.getfixturevalue(persona), coop_request=sent, action=action, reason="x"
        )
    sent.refresh_from_db()
    assert sent.status == RequestStatus.SUBMITTED


def test_steps_offered_per_side():
    assert [s.action for s in steps_for(RECEIVER, RequestStatus.SUBMITTED)] == [
        "deliver", "acknowledge", "request_completion", "refuse"
    ]  # fmt: skip
    assert [s.action for s in steps_for(REQUESTER, RequestStatus.SUBMITTED)] == ["withdraw"]
    assert [s.action for s in steps_for(REQUESTER, RequestStatus.CLOSED)] == []


def test_the_page_offers_the_receivers_steps_and_acts_on_them(sent, foreign_officer, verified_client):
    client = verified_client(foreign_officer)
    page = client.get(reverse("cooperation:detail", args=[sent.reference])).content.decode()
    assert 'value="acknowledge"' in page
    assert 'value="withdraw"' not in page
    response = client.post(
        reverse("cooperation:step", args=[sent.reference]), {"action": "refuse", "reason": ""}
    )
    assert response.status_code == 400
    assert "Reasons: Give the reasons." in response.content.decode()
    response = client.post(reverse("cooperation:step", args=[sent.reference]), {"action": "acknowledge"})
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.status == RequestStatus.ACKNOWLEDGED
