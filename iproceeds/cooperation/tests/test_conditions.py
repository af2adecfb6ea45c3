"""Conditions on confidentiality and use: the receiver accepts them, audited, before reading the content."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from iproceeds.audit.models import AuditEvent
from iproceeds.cooperation.conditions import conditions_hash, must_accept_conditions
from iproceeds.cooperation.models import Attachment, ConditionsAcceptance, Message
from iproceeds.cooperation.services.conversation import attachment_read, conditions_accept, message_post
from iproceeds.cooperation.tests.conversation_helpers import CONDITIONS, PDF, send, upload
from iproceeds.notifications.models import OutboxMessage

NOON = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def conditional(officer, bc29, bound, foreign_authority):
    """A BC29 sent with conditions on confidentiality and use, and the requester's message with a file."""
    coop_request = send(officer, foreign_authority, bc29, conditions=CONDITIONS)
    message_post(
        actor=officer, coop_request=coop_request, body="Please hurry.", files=[upload("order.pdf", PDF)]
    )
    return coop_request


def _page(client, coop_request):
    return client.get(reverse("cooperation:detail", args=[coop_request.reference])).content.decode()


def test_the_receiver_sees_the_conditions_instead_of_the_content(
    conditional, foreign_officer, verified_client
):
    # when the receiver opens the request before accepting
    page = _page(verified_client(foreign_officer), conditional)
    # then the conditions and the acceptance button are shown, but no value, message or file
    assert "Do not tell the subscriber." in page
    assert "I accept these conditions on behalf of Demo Cybercrime Unit Tirana" in page
    assert "Demo Hosting Tirana" not in page
    assert "Please hurry." not in page
    assert "order.pdf" not in page
    assert reverse("cooperation:message_post", args=[conditional.reference]) not in page
    assert must_accept_conditions(user=foreign_officer, coop_request=conditional) is True


def test_accepting_is_recorded_and_audited_then_the_content_is_shown(
    conditional, officer, foreign_officer, verified_client
):
    # when the receiver accepts the conditions at noon (the clock stays there for the whole visit)
    with time_machine.travel(NOON, tick=False):
        client = verified_client(foreign_officer)
        response = client.post(reverse("cooperation:conditions_accept", args=[conditional.reference]))
        # then the acceptance names the organisation, the person, the time and the exact conditions
        assert response.status_code == 302
        acceptance = ConditionsAcceptance.objects.get(coop_request=conditional)
        assert (acceptance.authority, acceptance.accepted_by, acceptance.accepted_at) == (
            foreign_officer.authority, foreign_officer, NOON
        )  # fmt: skip
        assert acceptance.conditions_hash == conditions_hash(conditional)
        event = AuditEvent.objects.get(action="cooperation.conditions.accepted")
        assert (event.actor, event.after) == (
            foreign_officer,
            {"authority": foreign_officer.authority_id, "conditions_sha256": acceptance.conditions_hash},
        )  # fmt: skip
        # and the requester's officers are told
        assert (
            OutboxMessage.objects.filter(kind="cooperation.conditions_accepted", recipient=officer).count()
            == 2
        )
        # and now the content, the messages and the files are shown, with the form to answer
        page = _page(client, conditional)
        assert "Demo Hosting Tirana" in page
        assert "Please hurry." in page
        assert "order.pdf" in page
        assert reverse("cooperation:message_post", args=[conditional.reference]) in page


def test_downloading_and_posting_are_refused_until_accepted(conditional, foreign_officer, verified_client):
    client = verified_client(foreign_officer)
    attachment = Attachment.objects.get()
    # when the receiver tries to download the file or to write before accepting
    download = client.get(reverse("cooperation:attachment", args=[conditional.reference, attachment.pk]))
    post = client.post(reverse("cooperation:message_post", args=[conditional.reference]), {"body": "Hi"})
    # then both are refused, and neither a download nor a message is recorded
    assert (download.status_code, post.status_code) == (403, 403)
    with pytest.raises(PermissionDenied):
        attachment_read(actor=foreign_officer, attachment=attachment)
    assert Message.objects.count() == 1
    assert AuditEvent.objects.filter(action="cooperation.attachment.downloaded").count() == 0
    # and once accepted, both work
    conditions_accept(actor=foreign_officer, coop_request=conditional)
    assert (
        client.get(reverse("cooperation:attachment", args=[conditional.reference, attachment.pk])).content
        == PDF
    )


def test_the_requester_sees_who_accepted_and_when(conditional, officer, foreign_officer, verified_client):
    client = verified_client(officer)
    # given the requester sees that nobody accepted yet
    assert "Not accepted yet by the receiving organisation." in _page(client, conditional)
    # when the receiver accepts at noon UTC
    with time_machine.travel(NOON, tick=False):
        conditions_accept(actor=foreign_officer, coop_request=conditional)
    # then the requester sees the organisation, the person and the time
    page = _page(client, conditional)
    assert f"Accepted on behalf of {foreign_officer.authority} by {foreign_officer}" in page
    assert 'datetime="2026-11-23T12:00:00+00:00"' in page


def test_the_requester_and_a_request_without_conditions_are_never_gated(
    conditional, officer, bc29, foreign_authority, foreign_officer
):
    plain = send(officer, foreign_authority, bc29)
    assert must_accept_conditions(user=officer, coop_request=conditional) is False
    assert must_accept_conditions(user=foreign_officer, coop_request=plain) is False
    with pytest.raises(ValidationError) as refused:
        conditions_accept(actor=foreign_officer, coop_request=plain)
    assert refused.value.message_dict == {"conditions": ["This request sets no conditions."]}


def test_accepting_twice_keeps_one_acceptance(conditional, foreign_officer):
    first = conditions_accept(actor=foreign_officer, coop_request=conditional)
    second = conditions_accept(actor=foreign_officer, coop_request=conditional)
    assert first.pk == second.pk
    assert AuditEvent.objects.filter(action="cooperation.conditions.accepted").count() == 1


ACCEPT_MATRIX = [
    ("foreign_officer", 302),
    ("foreign_admin", 403),
    ("officer", 403),
    ("org_admin", 403),
    ("third_officer", 404),
    ("secretariat", 404),
    ("auditor", 404),
]


@pytest.mark.parametrize(("persona", "status"), ACCEPT_MATRIX)
def test_only_the_receivers_officers_accept(persona, status, conditional, verified_client, request):
    # when a persona accepts, then only an officer of the receiving organisation may; others who cannot
    # see the request get the 404 of a missing one
    client = verified_client(request.getfixturevalue(persona))
    response = client.post(reverse("cooperation:conditions_accept", args=[conditional.reference]))
    missing = client.post(reverse("cooperation:conditions_accept", args=["NO-SUCH-REF"]))
    assert (response.status_code, missing.status_code) == (status, 404)
    assert ConditionsAcceptance.objects.count() == (status == 302)
    assert AuditEvent.objects.filter(action="cooperation.conditions.accepted").count() == (status == 302)


def test_the_receivers_administrator_sees_the_gate_without_the_button(
    conditional, foreign_admin, verified_client
):
    # when the receiving organisation's administrator opens the request, then the content stays hidden
    # and they are told that an officer accepts
    page = _page(verified_client(foreign_admin), conditional)
    assert "Demo Hosting Tirana" not in page
    assert "An officer or supervisor of your organisation accepts them." in page
    assert reverse("cooperation:conditions_accept", args=[conditional.reference]) not in page
