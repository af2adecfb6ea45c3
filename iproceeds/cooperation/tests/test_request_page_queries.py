"""The request page's queries: a fixed number, whatever the request's timeline, messages and links."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iproceeds.cooperation.services.conversation import message_post
from iproceeds.cooperation.services.follow_ups import preservation_extension_draft
from iproceeds.cooperation.tests.deadline_helpers import execute, send


def _queries_of_page(client, coop_request):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("cooperation:detail", args=[coop_request.reference]))
    assert response.status_code == 200
    return [query["sql"] for query in captured]


@pytest.fixture
def executed(officer, bc29, bound, foreign_authority, foreign_officer):
    """An executed preservation from Belgrade to Tirana."""
    return execute(send(officer, bc29, foreign_authority), foreign_officer)


def test_the_receiver_s_page_reads_its_request_in_a_fixed_number_of_queries(
    executed, officer, foreign_officer, verified_client
):
    # given the receiver's page, opened once (the session's first page stamps its activity, and the
    # process reads the type's catalogue once)
    client = verified_client(foreign_officer)
    _queries_of_page(client, executed)
    # when it is opened again
    queries = _queries_of_page(client, executed)
    # then it reads: session, user, second factor, the request with its type and author, the two
    # sides' authorities and Parties, the audit of the view (lock, event, head; here inside the
    # test's transaction, so within a savepoint: 2 more), the timeline, the receiver's accepted
    # languages, the unread notifications, the follow-ups and the messages: no catalogue row
    assert len(queries) == 15
    assert not [sql for sql in queries if "cooperation_section" in sql or "cooperation_timer" in sql]


def test_the_page_costs_the_same_for_a_longer_history(executed, officer, foreign_officer, verified_client):
    # given the requester's page of the executed preservation with a message and an extension draft
    client = verified_client(officer)
    message_post(actor=foreign_officer, coop_request=executed, body="Preserved.", files=[])
    preservation_extension_draft(actor=officer, preservation=executed)
    _queries_of_page(client, executed)
    before = len(_queries_of_page(client, executed))
    # when four more messages come from both sides
    for number in range(4):
        message_post(actor=officer if number % 2 else foreign_officer, coop_request=executed,
                     body=f"Message {number}", files=[])  # fmt: skip
    # then the page reads them in the same number of queries (its case among them, for the requester)
    assert len(_queries_of_page(client, executed)) == before == 19
