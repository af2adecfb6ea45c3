"""The conversation: messages between the two sides, notified and audited; who may read and write."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iproceeds.audit.models import AuditEvent
from iproceeds.cooperation.choices import RequestStatus
from iproceeds.cooperation.models import CooperationRequest, Message
from iproceeds.cooperation.services.conversation import message_post
from iproceeds.cooperation.services.requests import request_create_draft
from iproceeds.cooperation.tests.conversation_helpers import send, upload
from iproceeds.cooperation.tests.factories import bc29_values
from iproceeds.notifications.models import OutboxMessage

NOON = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def sent(officer, bc29, bound, foreign_authority):
    """A BC29 sent from Belgrade to Tirana, without conditions."""
    return send(officer, foreign_authority, bc29)


def _post(client, coop_request, **data):
    return client.post(reverse("cooperation:message_post", args=[coop_request.reference]), data)


def test_a_message_reaches_the_other_side_newest_last(sent, officer, foreign_officer, verified_client):
    # given the requester wrote first, then the receiver answers through the page
    message_post(actor=officer, coop_request=sent, body="Is the port number right?")
    response = _post(verified_client(foreign_officer), sent, body="Yes, 51234.")
    # then the receiver is sent back to the conversation and both messages are there, newest last
    assert response.status_code == 302
    assert response["Location"] == reverse("cooperation:detail", args=[sent.reference]) + "#conversation"
    rows = list(Message.objects.filter(coop_request=sent).values_list("author__username", "body"))
    assert rows == [("officer", "Is the port number right?"), ("foreign", "Yes, 51234.")]
    page = verified_client(officer).get(reverse("cooperation:detail", args=[sent.reference])).content.decode()
    assert page.index("Is the port number right?") < page.index("Yes, 51234.")


def test_the_page_shows_author_organisation_and_time_in_the_viewers_zone(
    sent, officer, foreign_officer, verified_client
):
    # given a message sent at noon UTC, and a receiver whose profile is in Tokyo's time zone
    with time_machine.travel(NOON, tick=False):
        message_post(actor=foreign_officer, coop_request=sent, body="Data preserved.")
    foreign_officer.timezone = "Asia/Tokyo"
    foreign_officer.save(update_fields=["timezone"])
    # when each side opens the request
    theirs = verified_client(foreign_officer).get(reverse("cooperation:detail", args=[sent.reference]))
    conversation = theirs.content.decode().split('id="conversation"')[1]
    # then the author, their organisation and the time in the viewer's zone are shown
    assert f"({foreign_officer.authority})" in conversation
    assert 'datetime="2026-11-23T21:00:00+09:00"' in conversation
    assert "JST" in conversation


def test_posting_notifies_the_other_organisation_and_is_audited_without_the_text(
    sent, officer, foreign_officer
):
    # when the requester writes
    message = message_post(actor=officer, coop_request=sent, body="Secret detail of the case.")
    # then the receiving organisation's officer is notified (in-app and e-mail), without the text
    notices = OutboxMessage.objects.filter(kind="cooperation.message")
    assert sorted(notices.values_list("recipient__username", "channel")) == [
        ("foreign", "email"),
        ("foreign", "in_app"),
    ]
    assert all("Secret detail" not in n.body and sent.reference in n.subject for n in notices)
    # and one audit event records the message without its body
    event = AuditEvent.objects.get(action="cooperation.message.posted")
    assert event.after == {"message": message.pk, "characters": 26, "attachments": []}
    assert "Secret" not in str(event.after)


def test_an_empty_message_is_refused_with_a_field_error_and_nothing_changes(sent, officer, verified_client):
    # when the requester sends only blanks
    response = _post(verified_client(officer), sent, body="   ")
    # then the page says what is wrong on the field, and nothing is stored or audited
    assert response.status_code == 400
    assert "Write a message or attach a file." in response.content.decode()
    assert Message.objects.count() == 0
    assert AuditEvent.objects.filter(action="cooperation.message.posted").count() == 0
    assert OutboxMessage.objects.filter(kind="cooperation.message").count() == 0


def test_messages_wait_for_the_request_to_be_sent(officer, bc29, bound, foreign_authority):
    # given a draft
    draft = request_create_draft(
        actor=officer, request_type=bc29, requested_party=foreign_authority.party,
        requested_authority=foreign_authority, urgency="normal", values=bc29_values(),
    )  # fmt: skip
    # when the requester writes on it, then it is refused on the body field
    with pytest.raises(ValidationError) as refused:
        message_post(actor=officer, coop_request=draft, body="Hello")
    assert refused.value.message_dict == {"body": ["Messages can be exchanged once the request is sent."]}
    assert Message.objects.count() == 0


def test_a_closed_request_takes_no_more_messages(sent, officer):
    # given the request was closed
    CooperationRequest.objects.filter(pk=sent.pk).update(status=RequestStatus.CLOSED)
    sent.refresh_from_db()
    # when the requester writes, then it is refused and nothing is stored
    with pytest.raises(ValidationError) as refused:
        message_post(actor=officer, coop_request=sent, body="One more thing")
    assert refused.value.message_dict == {"body": ["The request is closed: no more messages can be sent."]}
    assert Message.objects.count() == 0


def test_an_administrator_reads_the_conversation_but_may_not_write(sent, officer, org_admin, verified_client):
    # given a message from the requester
    message_post(actor=officer, coop_request=sent, body="Status please.")
    client = verified_client(org_admin)
    # when the organisation's administrator opens the page, then they read it without a form
    page = client.get(reverse("cooperation:detail", args=[sent.reference])).content.decode()
    assert "Status please." in page
    assert reverse("cooperation:message_post", args=[sent.reference]) not in page
    # and posting is refused, by the service as by the page
    with pytest.raises(PermissionDenied):
        message_post(actor=org_admin, coop_request=sent, body="Hello")
    assert _post(client, sent, body="Hello").status_code == 403
    assert Message.objects.count() == 1


POST_MATRIX = [
    ("officer", 302),
    ("foreign_officer", 302),
    ("third_officer", 404),
    ("secretariat", 404),
    ("auditor", 404),
    ("org_admin", 403),
]


@pytest.mark.parametrize(("persona", "status"), POST_MATRIX)
def test_who_may_post(persona, status, sent, verified_client, request):
    # given a persona signed in
    client = verified_client(request.getfixturevalue(persona))
    # when they post on the request, then only the two sides' officers may, others get the 404 of a
    # missing request (administrators of a side: 403, they see it but may not write)
    assert _post(client, sent, body="Hello").status_code == status
    assert _post(client, sent.__class__(reference="NO-SUCH-REF"), body="Hello").status_code == 404
    assert Message.objects.count() == (1 if status == 302 else 0)


READ_MATRIX = [
    ("officer", True),
    ("foreign_officer", True),
    ("org_admin", True),
    ("third_officer", False),
    ("secretariat", False),
    ("auditor", False),
]


@pytest.mark.parametrize(("persona", "reads"), READ_MATRIX)
def test_who_reads_the_conversation(persona, reads, sent, officer, verified_client, request):
    # given a message on the request
    message_post(actor=officer, coop_request=sent, body="Only for the two sides.")
    # when a persona opens the request page
    response = verified_client(request.getfixturevalue(persona)).get(
        reverse("cooperation:detail", args=[sent.reference])
    )
    missing = verified_client(request.getfixturevalue(persona)).get(
        reverse("cooperation:detail", args=["NO-SUCH-REF"])
    )
    # then the two sides read it; anyone else gets exactly the page of a missing request
    if reads:
        assert response.status_code == 200
        assert "Only for the two sides." in response.content.decode()
    else:
        assert (response.status_code, missing.status_code) == (404, 404)
        assert [t.name for t in response.templates] == [t.name for t in missing.templates]
        assert b"Only for the two sides." not in response.content


def _queries_of_page(client, coop_request):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("cooperation:detail", args=[coop_request.reference]))
    assert response.status_code == 200
    return len(captured)


def test_the_page_costs_the_same_queries_for_one_or_many_messages(
    sent, officer, foreign_officer, verified_client
):
    # given one message with a file, measured, then five more messages with files from both sides
    client = verified_client(officer)
    message_post(actor=officer, coop_request=sent, body="First", files=[upload("a.txt", b"one")])
    _queries_of_page(client, sent)  # the session's first page stamps its activity (a write)
    one = _queries_of_page(client, sent)
    for number in range(5):
        author = officer if number % 2 else foreign_officer
        message_post(
            actor=author, coop_request=sent, body=f"Message {number}", files=[upload("b.txt", b"two")]
        )
    # then the page reads them in the same number of queries
    assert _queries_of_page(client, sent) == one
