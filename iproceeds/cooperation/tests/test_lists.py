"""Pages: inbox, outbox and the list of all requests with filters; the "what is due" dashboard; statistics."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from iproceeds.cooperation.choices import RequestStatus
from iproceeds.cooperation.models import CooperationRequest, Transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def make(officer, bc29, bound, foreign_authority):
    """Rows straight into the table (the services are tested elsewhere): Belgrade to Tirana."""

    def make_rows(count=1, *, status=RequestStatus.SUBMITTED, due=None, **fields):
        rows = [
            CooperationRequest(
                request_type=bc29, requesting_authority=officer.authority, created_by=officer,
                requested_party=foreign_authority.party, requested_authority=foreign_authority,
                status=status, next_due_at=due, next_due_key="ack_target" if due else "",
                submitted_at=None if status == RequestStatus.DRAFT else timezone.now(), **fields,
            )
            for _i in range(count)
        ]  # fmt: skip
        return CooperationRequest.objects.bulk_create(rows)

    return make_rows


def _refs(response):
    assert response.status_code == 200
    return [row.reference for row in response.context["page"]]


def test_inbox_and_outbox_split_received_and_sent(verified_client, officer, foreign_officer, make):
    # given a sent request and a draft from Belgrade to Tirana
    (sent,) = make()
    (draft,) = make(status=RequestStatus.DRAFT)
    mine, theirs = verified_client(officer), None
    # then Belgrade's outbox has both, its inbox nothing
    assert sorted(_refs(mine.get(reverse("cooperation:outbox")))) == sorted([sent.reference, draft.reference])
    assert _refs(mine.get(reverse("cooperation:inbox"))) == []
    # and Tirana's inbox has the sent one only (never a draft)
    theirs = verified_client(foreign_officer)
    assert _refs(theirs.get(reverse("cooperation:inbox"))) == [sent.reference]
    assert _refs(theirs.get(reverse("cooperation:outbox"))) == []
    assert _refs(theirs.get(reverse("cooperation:list"))) == [sent.reference]


@pytest.mark.parametrize("name", ["cooperation:list", "cooperation:inbox", "cooperation:outbox"])
@pytest.mark.parametrize("persona", ["third_officer", "secretariat", "auditor"])
def test_other_organisations_see_nothing_in_the_lists(verified_client, request, make, name, persona):
    (sent,) = make(due=timezone.now() - dt.timedelta(hours=1))
    response = verified_client(request.getfixturevalue(persona)).get(reverse(name))
    assert _refs(response) == []
    assert sent.reference not in response.content.decode()


def test_the_lists_filter_and_sort(verified_client, officer, foreign_officer, make):
    now = timezone.now()
    (overdue,) = make(due=now - dt.timedelta(hours=3))
    (soon,) = make(due=now + dt.timedelta(hours=48), status=RequestStatus.ACKNOWLEDGED)
    (later,) = make(due=now + dt.timedelta(days=10))
    (draft,) = make(status=RequestStatus.DRAFT)
    client = verified_client(officer)
    outbox = reverse("cooperation:outbox")
    assert _refs(client.get(outbox, {"ordering": "due"})) == [
        overdue.reference, soon.reference, later.reference, draft.reference,
    ]  # fmt: skip
    assert _refs(client.get(outbox, {"overdue": "on"})) == [overdue.reference]
    # "due soon" looks 72 hours ahead by default
    assert _refs(client.get(outbox, {"due_soon": "on"})) == [soon.reference]
    assert _refs(client.get(outbox, {"status": "acknowledged"})) == [soon.reference]
    assert _refs(client.get(outbox, {"status": "draft", "type": "BC29_PRESERVATION", "party": "AL"})) == [
        draft.reference
    ]
    theirs = verified_client(foreign_officer).get(
        reverse("cooperation:inbox"), {"party": "RS", "ordering": "due"}
    )
    assert _refs(theirs) == [overdue.reference, soon.reference, later.reference]


def test_due_soon_follows_the_setting(verified_client, officer, make, settings):
    settings.COOPERATION_DUE_SOON_HOURS = 24
    make(due=timezone.now() + dt.timedelta(hours=48))
    assert _refs(verified_client(officer).get(reverse("cooperation:outbox"), {"due_soon": "on"})) == []


def test_a_bad_filter_is_named_and_shows_nothing(verified_client, officer, make):
    make()
    response = verified_client(officer).get(reverse("cooperation:outbox"), {"status": "lost"})
    assert _refs(response) == []
    assert list(response.context["form"].errors) == ["status"]


def test_the_lists_are_paginated(verified_client, officer, make):
    make(30)
    client = verified_client(officer)
    assert len(_refs(client.get(reverse("cooperation:outbox")))) == 25
    second = client.get(reverse("cooperation:outbox"), {"page": 2})
    assert len(_refs(second)) == 5
    assert "Page 2 of 2" in second.content.decode()


def test_what_is_due_groups_the_organisations_work(
    verified_client, officer, foreign_officer, make, home_authority, foreign_authority
):
    now = timezone.now()
    (overdue,) = make(due=now - dt.timedelta(hours=1))
    (in_a_day,) = make(due=now + dt.timedelta(hours=20))
    (in_a_week,) = make(due=now + dt.timedelta(days=3))
    make(due=now + dt.timedelta(days=30))
    (completion,) = make(status=RequestStatus.COMPLETION_REQUESTED)
    (draft,) = make(status=RequestStatus.DRAFT)
    # when the requesting officer opens the dashboard
    response = verified_client(officer).get(reverse("cooperation:due"))
    buckets = {
        key: (total, [r.reference for r in rows]) for key, _l, total, rows in response.context["buckets"]
    }
    # then each bucket lists its own requests
    assert buckets == {
        "overdue": (1, [overdue.reference]),
        "due_24h": (1, [in_a_day.reference]),
        "due_7d": (1, [in_a_week.reference]),
        "awaiting_acknowledgement": (0, []),
        "completion_requested": (1, [completion.reference]),
        "drafts": (1, [draft.reference]),
    }
    # and the receiving side sees what awaits its acknowledgement, never the requester's drafts
    theirs = verified_client(foreign_officer).get(reverse("cooperation:due"))
    buckets = {key: total for key, _l, total, _rows in theirs.context["buckets"]}
    assert (buckets["awaiting_acknowledgement"], buckets["drafts"], buckets["overdue"]) == (4, 0, 1)


@pytest.mark.parametrize("persona", ["third_officer", "secretariat", "auditor"])
def test_what_is_due_shows_nothing_of_other_organisations(verified_client, request, make, persona):
    (row,) = make(due=timezone.now() - dt.timedelta(hours=1))
    response = verified_client(request.getfixturevalue(persona)).get(reverse("cooperation:due"))
    assert response.status_code == 200
    assert all(total == 0 for _k, _l, total, _r in response.context["buckets"])
    assert row.reference not in response.content.decode()


def test_the_dashboard_is_linked_from_home_and_navigation(verified_client, officer):
    html = verified_client(officer).get(reverse("core:home")).content.decode()
    assert html.count(f'href="{reverse("cooperation:due")}"') == 2


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "name", ["cooperation:list", "cooperation:inbox", "cooperation:outbox", "cooperation:due"]
)
def test_queries_per_page_do_not_grow_with_rows(verified_client, officer, foreign_officer, make, name):
    now = timezone.now()
    for user in (officer, foreign_officer):
        make(2, due=now + dt.timedelta(hours=5))
        make(2, status=RequestStatus.DRAFT)
        client = verified_client(user)
        client.get(reverse(name))  # warm the session
        small = _queries(client, reverse(name))
        make(18, due=now + dt.timedelta(hours=5))
        make(18, status=RequestStatus.DRAFT)
        assert _queries(client, reverse(name)) == small, user


def test_the_statistics_page_is_for_the_secretariat_only(
    verified_client, secretariat, officer, org_admin, make, foreign_authority, foreign_officer
):
    # given a request acknowledged four hours after submission
    (row,) = make()
    submitted = row.submitted_at
    Transition.objects.create(
        coop_request=row, action="acknowledge", from_status="submitted", to_status="acknowledged",
        actor=foreign_officer, actor_authority=foreign_authority, at=submitted + dt.timedelta(hours=4),
        content_hash="0" * 64,
    )  # fmt: skip
    # the secretariat sees counts and timings, no reference
    client = verified_client(secretariat)
    response = client.get(reverse("cooperation:statistics"))
    assert response.status_code == 200
    assert [(r["request_type"], r["from_party"], r["to_party"], r["count"], r["ack_median_hours"])
            for r in response.context["rows"]] == [("BC29_PRESERVATION", "RS", "AL", 1, 4.0)]  # fmt: skip
    assert row.reference not in response.content.decode()
    # but gets the same 404 as for a missing request on the request's page
    assert client.get(reverse("cooperation:detail", args=[row.reference])).status_code == 404
    # and members of organisations are refused like on other secretariat-only pages
    for user in (officer, org_admin):
        assert verified_client(user).get(reverse("cooperation:statistics")).status_code == 403
