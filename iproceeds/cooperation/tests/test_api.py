"""The cooperation API: the whole lifecycle through the same services; who sees what; constant queries."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from iproceeds.api.tests.factories import bearer, make_token
from iproceeds.audit.models import AuditEvent
from iproceeds.cooperation.choices import RequestStatus
from iproceeds.cooperation.models import ConditionsAcceptance, CooperationRequest, Transition
from iproceeds.cooperation.services.lifecycle import request_transition
from iproceeds.cooperation.services.requests import request_create_draft, request_submit
from iproceeds.cooperation.tests.factories import bc29_values
from iproceeds.directory.tests.factories import AuthorityFactory

pytestmark = pytest.mark.django_db
BASE = "/api/v1/cooperation"


@pytest.fixture
def api():
    return APIClient()


def _auth(user, scopes=("read", "write")):
    _, raw = make_token(user, scopes=list(scopes))
    return bearer(raw)


def _draft(officer, bc29, foreign_authority, **values):
    return request_create_draft(
        actor=officer, request_type=bc29, requested_party=foreign_authority.party,
        requested_authority=foreign_authority, urgency="normal", values=bc29_values(**values),
    )  # fmt: skip


@pytest.fixture
def draft(officer, bc29, bound, foreign_authority):
    """A complete BC29 draft from Belgrade to Tirana."""
    return _draft(officer, bc29, foreign_authority)


@pytest.fixture
def sent(draft, officer):
    """The draft, sent."""
    return request_submit(actor=officer, coop_request=draft, warnings_confirmed=True)


def _create_body(foreign_authority, **extra):
    return {
        "request_type": "BC29_PRESERVATION", "requested_party": "AL",
        "requested_authority": foreign_authority.pk, "urgency": "normal", "values": bc29_values(),
    } | extra  # fmt: skip


def test_officer_creates_changes_and_sends_a_draft(api, officer, bc29, bound, foreign_authority):
    headers = _auth(officer)
    # when the officer creates a draft
    response = api.post(f"{BASE}/requests/", _create_body(foreign_authority), format="json", **headers)
    # then it is saved through the service, audited, and shown with its actions
    assert response.status_code == 201
    body = response.json()
    reference = body["reference"]
    assert (body["status"], body["urgency"], body["box"], body["content_hidden"]) == (
        "draft", "normal", "outbox", False,
    )  # fmt: skip
    assert body["values"]["custodian"] == {"custodian": "Demo Hosting Tirana"}
    assert body["warnings"] == []
    assert AuditEvent.objects.filter(action="cooperation.request.created").count() == 1
    # when they change the custodian, then only the content changes
    changed = bc29_values(custodian={"custodian": "Demo Cloud Durrës"})
    response = api.patch(f"{BASE}/requests/{reference}/", {"values": changed}, format="json", **headers)
    assert response.status_code == 200
    assert response.json()["values"]["custodian"] == {"custodian": "Demo Cloud Durrës"}
    assert response.json()["urgency"] == "normal"
    # when they send it, then it is submitted with a submission receipt
    response = api.post(f"{BASE}/requests/{reference}/submit/", {}, format="json", **headers)
    assert response.status_code == 200, response.json()
    assert response.json()["request"]["status"] == "submitted"
    assert response.json()["warnings"] == []
    transitions = api.get(f"{BASE}/requests/{reference}/transitions/", **headers).json()
    assert [(t["action"], t["to_status"], t["receipt_kind"]) for t in transitions] == [
        ("submit", "submitted", "submission")
    ]


def test_bad_input_names_the_fields_and_creates_nothing(api, officer, bc29, bound, foreign_authority):
    bad_ip = bc29_values(
        data_sought={"data_description": "x", "data_relationship": "y",
                     "ip_addresses": [{"address": "203.0.113.7", "port": 1, "timestamp": "2026-10-02T01:14"}]}
    )  # fmt: skip
    cases = [
        ({"request_type": "NOT_A_TYPE"}, "request_type"),
        ({"requested_party": "ZZ"}, "requested_party"),
        ({"urgency": "whenever"}, "urgency"),
        ({"values": bad_ip}, "data_sought__ip_addresses"),
        ({"requested_party": "RS", "requested_authority": None}, "requested_party"),
    ]
    for extra, field in cases:
        response = api.post(f"{BASE}/requests/", _create_body(foreign_authority, **extra), format="json",
                            **_auth(officer))  # fmt: skip
        assert response.status_code == 400, extra
        assert response.json()["error"]["code"] == "invalid"
        assert field in response.json()["error"]["fields"], (extra, response.json())
    assert CooperationRequest.objects.count() == 0
    assert AuditEvent.objects.filter(action__startswith="cooperation.request").count() == 0


def test_errors_speak_the_users_language(api, officer, bc29, bound):
    # given an officer whose language is French
    officer.language = "fr"
    officer.save(update_fields=["language"])
    # when they create a request without a type, then the field's message is in French
    response = api.post(f"{BASE}/requests/", {"requested_party": "AL"}, format="json", **_auth(officer))
    assert response.json()["error"]["fields"]["request_type"] == ["Ce champ est obligatoire."]


def test_sending_with_unread_warnings_lists_them_and_changes_nothing(
    api, officer, bc29, bound, foreign_authority
):
    # given a draft to an authority that does not list BC29 among what it receives
    other = AuthorityFactory(party=foreign_authority.party, name="Demo Prosecution Tirana")
    draft = request_create_draft(
        actor=officer, request_type=bc29, requested_party=other.party, requested_authority=other,
        urgency="normal", values=bc29_values(),
    )  # fmt: skip
    headers = _auth(officer)
    warning = "Demo Prosecution Tirana does not list “Expedited preservation of stored computer data” among the requests it receives."  # noqa: E501
    assert api.get(f"{BASE}/requests/{draft.reference}/", **headers).json()["warnings"] == [warning]
    # when the officer sends without confirming, then the refusal lists the warnings
    response = api.post(f"{BASE}/requests/{draft.reference}/submit/", {}, format="json", **headers)
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["warnings_confirmed"] == [
        "Read the warnings and confirm before sending.", warning,
    ]  # fmt: skip
    draft.refresh_from_db()
    assert draft.status == RequestStatus.DRAFT
    # when they confirm, then it is sent and the warnings they confirmed are returned
    response = api.post(f"{BASE}/requests/{draft.reference}/submit/", {"warnings_confirmed": True},
                        format="json", **headers)  # fmt: skip
    assert (response.status_code, response.json()["warnings"]) == (200, [warning])


def test_the_whole_lifecycle_over_the_api(api, officer, foreign_officer, sent):
    requester, receiver = _auth(officer), _auth(foreign_officer)
    url = f"{BASE}/requests/{sent.reference}"
    # the receiver finds the request in its inbox with its actions
    inbox = api.get(f"{BASE}/requests/", {"box": "inbox"}, **receiver).json()
    assert [r["reference"] for r in inbox["results"]] == [sent.reference]
    actions = [a["action"] for a in api.get(f"{url}/", **receiver).json()["actions"]]
    assert actions == ["deliver", "acknowledge", "request_completion", "refuse"]
    # the receiver acknowledges, starts and executes; the requester closes
    for headers, action in [(receiver, "acknowledge"), (receiver, "start"), (receiver, "execute"),
                            (requester, "close")]:  # fmt: skip
        response = api.post(f"{url}/steps/", {"action": action}, format="json", **headers)
        assert response.status_code == 201, (action, response.json())
    sent.refresh_from_db()
    assert sent.status == RequestStatus.CLOSED
    timeline = api.get(f"{url}/transitions/", **requester).json()
    assert [(t["action"], t["receipt_kind"]) for t in timeline] == [
        ("submit", "submission"), ("acknowledge", "acknowledgement"), ("start", ""),
        ("execute", "outcome"), ("close", ""),
    ]  # fmt: skip
    # either side downloads a receipt, and the download is audited
    receipt = api.get(f"{url}/transitions/{timeline[3]['id']}/receipt/", **requester).json()
    assert (receipt["receipt"], receipt["status_after"], receipt["content_unchanged_since"]) == (
        "outcome", "executed", True,
    )  # fmt: skip
    assert AuditEvent.objects.filter(action="cooperation.receipt.downloaded").count() == 1
    # a step without a receipt has none to download
    assert api.get(f"{url}/transitions/{timeline[2]['id']}/receipt/", **requester).status_code == 404


def test_a_refused_step_names_the_field_and_changes_nothing(api, foreign_officer, officer, sent):
    url = f"{BASE}/requests/{sent.reference}/steps/"
    cases = [
        (foreign_officer, {"action": "execute"}, 400, "action"),
        (foreign_officer, {"action": "refuse"}, 400, "reason"),
        (foreign_officer, {"action": "request_completion", "reason": "More facts"}, 400, "time_limit"),
        (foreign_officer, {"action": "request_completion", "reason": "x", "time_limit": "soon"}, 400,
         "time_limit"),
        (foreign_officer, {"action": "fly"}, 400, "action"),
        (officer, {"action": "acknowledge"}, 403, None),
    ]  # fmt: skip
    for user, data, status, field in cases:
        response = api.post(url, data, format="json", **_auth(user))
        assert response.status_code == status, data
        if field:
            assert list(response.json()["error"]["fields"]) == [field], data
    sent.refresh_from_db()
    assert sent.status == RequestStatus.SUBMITTED
    assert Transition.objects.filter(coop_request=sent).count() == 1


def test_request_completion_with_a_time_limit(api, foreign_officer, sent):
    limit = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    response = api.post(
        f"{BASE}/requests/{sent.reference}/steps/",
        {"action": "request_completion", "reason": "Give the port", "time_limit": limit},
        format="json", **_auth(foreign_officer),
    )  # fmt: skip
    assert response.status_code == 201
    assert (response.json()["to_status"], response.json()["time_limit"]) == ("completion_requested", limit)


def test_content_hidden_until_the_receiver_accepts_the_conditions(
    api, officer, foreign_officer, bc29, bound, foreign_authority
):
    # given a request sent with a confidentiality condition
    draft = _draft(officer, bc29, foreign_authority, conditions={"confidentiality": "Do not tell the user."})
    request_submit(actor=officer, coop_request=draft, warnings_confirmed=True)
    url = f"{BASE}/requests/{draft.reference}/"
    # then the receiver sees the conditions, not the content
    body = api.get(url, **_auth(foreign_officer)).json()
    assert (body["content_hidden"], body["values"], body["requester_reference"]) == (True, None, None)
    assert body["conditions"] == {"confidentiality": "Do not tell the user."}
    # while the requester sees the content
    assert api.get(url, **_auth(officer)).json()["values"]["custodian"] == {
        "custodian": "Demo Hosting Tirana"
    }
    # and once the receiver accepted the conditions, the content is shown
    from iproceeds.cooperation.conditions import conditions_hash

    ConditionsAcceptance.objects.create(
        coop_request=draft, authority=foreign_authority, accepted_by=foreign_officer,
        conditions_hash=conditions_hash(draft), accepted_at=timezone.now(),
    )  # fmt: skip
    body = api.get(url, **_auth(foreign_officer)).json()
    assert (body["content_hidden"], body["requester_reference"]) == (False, "DEMO-CCU-2026-0042")


def test_a_read_token_cannot_write(api, officer, draft, bc29, foreign_authority):
    headers = _auth(officer, ["read"])
    assert api.post(f"{BASE}/requests/", _create_body(foreign_authority), format="json",
                    **headers).status_code == 403  # fmt: skip
    assert api.post(f"{BASE}/requests/{draft.reference}/submit/", {}, format="json",
                    **headers).status_code == 403  # fmt: skip
    assert api.patch(f"{BASE}/requests/{draft.reference}/", {"urgency": "urgent"}, format="json",
                     **headers).status_code == 403  # fmt: skip
    draft.refresh_from_db()
    assert (CooperationRequest.objects.count(), draft.status, draft.urgency) == (1, "draft", "normal")


def _endpoints(reference, transition_id):
    return [
        ("get", f"{BASE}/requests/{reference}/", None),
        ("patch", f"{BASE}/requests/{reference}/", {"urgency": "urgent"}),
        ("post", f"{BASE}/requests/{reference}/submit/", {"warnings_confirmed": True}),
        ("post", f"{BASE}/requests/{reference}/steps/", {"action": "acknowledge"}),
        ("get", f"{BASE}/requests/{reference}/transitions/", None),
        ("get", f"{BASE}/requests/{reference}/transitions/{transition_id}/receipt/", None),
    ]


@pytest.mark.parametrize("persona", ["third_officer", "secretariat", "auditor"])
def test_other_organisations_get_the_same_404_as_for_a_missing_request(api, persona, request, sent):
    user = request.getfixturevalue(persona)
    headers = _auth(user)
    entry = Transition.objects.get(coop_request=sent)
    for (method, url, data), (_m, missing_url, _d) in zip(
        _endpoints(sent.reference, entry.pk), _endpoints("CR-NOTHERE", entry.pk), strict=True
    ):
        response = getattr(api, method)(url, data, format="json", **headers)
        missing = getattr(api, method)(missing_url, data, format="json", **headers)
        assert response.status_code == missing.status_code == 404, (persona, url)
        assert response.json()["error"] | {"request_id": ""} == missing.json()["error"] | {"request_id": ""}
    # and the lists hold nothing of theirs
    assert api.get(f"{BASE}/requests/", **headers).json()["results"] == []
    sent.refresh_from_db()
    assert (sent.status, sent.urgency) == ("submitted", "normal")


def test_a_draft_is_invisible_to_the_receiver(api, foreign_officer, draft):
    response = api.get(f"{BASE}/requests/{draft.reference}/", **_auth(foreign_officer))
    assert response.status_code == 404
    assert api.get(f"{BASE}/requests/", {"box": "inbox"}, **_auth(foreign_officer)).json()["count"] == 0


def _make(officer, bc29, foreign_authority, count, due=None):
    for _i in range(count):
        draft = _draft(officer, bc29, foreign_authority)
        request_submit(actor=officer, coop_request=draft, warnings_confirmed=True)
        if due is not None:
            CooperationRequest.objects.filter(pk=draft.pk).update(next_due_at=due, next_due_key="ack_target")


def test_the_list_filters_by_box_type_status_party_and_deadlines(
    api, officer, foreign_officer, bc29, bound, foreign_authority
):
    # given three sent requests (one acknowledged) with deadlines passed, in 10 hours, in 5 days, and a draft
    now = timezone.now()
    _make(officer, bc29, foreign_authority, 3)
    overdue, soon, later = CooperationRequest.objects.order_by("pk")
    request_transition(actor=foreign_officer, coop_request=soon, action="acknowledge")
    for row, due in [(overdue, -dt.timedelta(hours=2)), (soon, dt.timedelta(hours=10)),
                     (later, dt.timedelta(days=5))]:  # fmt: skip
        CooperationRequest.objects.filter(pk=row.pk).update(next_due_at=now + due)
    draft = _draft(officer, bc29, foreign_authority)
    mine = _auth(officer)

    def refs(**params):
        response = api.get(f"{BASE}/requests/", params, **mine)
        assert response.status_code == 200, response.json()
        return [r["reference"] for r in response.json()["results"]]

    assert refs(box="outbox", ordering="due") == [overdue.reference, soon.reference, later.reference,
                                                  draft.reference]  # fmt: skip
    assert refs(box="inbox") == []
    assert refs(overdue="true") == [overdue.reference]
    assert refs(due_soon="true") == [soon.reference]
    assert refs(status="acknowledged") == [soon.reference]
    assert refs(status="draft", type="BC29_PRESERVATION", party="AL", box="outbox") == [draft.reference]
    assert refs(party="RS", box="outbox") == []
    theirs = api.get(f"{BASE}/requests/", {"box": "inbox", "party": "RS", "ordering": "due"},
                     **_auth(foreign_officer)).json()  # fmt: skip
    assert [r["reference"] for r in theirs["results"]] == [overdue.reference, soon.reference, later.reference]


def test_bad_filters_name_the_parameter(api, officer):
    for params, field in [({"status": "lost"}, "status"), ({"box": "spam"}, "box"),
                          ({"type": "NOPE"}, "type"), ({"ordering": "random"}, "ordering"),
                          ({"page_size": "0"}, "page_size")]:  # fmt: skip
        response = api.get(f"{BASE}/requests/", params, **_auth(officer))
        assert response.status_code == 400
        assert list(response.json()["error"]["fields"]) == [field]


def test_request_types_are_read_from_the_catalogue(api, officer, catalogue):
    body = api.get(f"{BASE}/request-types/", {"page_size": 200}, **_auth(officer, ["read"])).json()
    codes = [t["code"] for t in body["results"]]
    assert "BC29_PRESERVATION" in codes
    bc29 = api.get(f"{BASE}/request-types/BC29_PRESERVATION/", **_auth(officer, ["read"])).json()
    assert [s["key"] for s in bc29["sections"]][:3] == ["date_reference", "request_status",
                                                       "requesting_authority"]  # fmt: skip
    assert api.get(f"{BASE}/request-types/NOPE/", **_auth(officer)).status_code == 404


def _count_queries(callable_):
    with CaptureQueriesContext(connection) as queries:
        response = callable_()
    assert response.status_code == 200
    return len(queries)


def test_list_and_detail_queries_do_not_grow_with_rows(api, officer, bc29, bound, foreign_authority):
    headers = _auth(officer)
    due = timezone.now() + dt.timedelta(hours=5)
    _make(officer, bc29, foreign_authority, 2, due=due)
    api.get(f"{BASE}/requests/", **headers)  # the token's first use of the minute records itself
    small = _count_queries(lambda: api.get(f"{BASE}/requests/", **headers))
    reference = CooperationRequest.objects.first().reference
    detail_small = _count_queries(lambda: api.get(f"{BASE}/requests/{reference}/", **headers))
    timeline_small = _count_queries(lambda: api.get(f"{BASE}/requests/{reference}/transitions/", **headers))
    _make(officer, bc29, foreign_authority, 18, due=due)
    assert _count_queries(lambda: api.get(f"{BASE}/requests/", **headers)) == small
    assert _count_queries(lambda: api.get(f"{BASE}/requests/{reference}/", **headers)) == detail_small
    assert (
        _count_queries(lambda: api.get(f"{BASE}/requests/{reference}/transitions/", **headers))
        == timeline_small
    )


def test_statistics_for_the_secretariat_only(
    api, officer, foreign_officer, secretariat, bc29, bound, foreign_authority
):
    # given three requests sent in November 2026: two acknowledged after 2 h and 10 h, one executed
    start = dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.UTC)
    made = []
    for ack_after in (2, 10, None):
        with time_machine.travel(start, tick=False):
            made.append(_draft(officer, bc29, foreign_authority))
            request_submit(actor=officer, coop_request=made[-1], warnings_confirmed=True)
        if ack_after:
            with time_machine.travel(start + dt.timedelta(hours=ack_after), tick=False):
                request_transition(actor=foreign_officer, coop_request=made[-1], action="acknowledge")
    with time_machine.travel(start + dt.timedelta(hours=30), tick=False):
        request_transition(actor=foreign_officer, coop_request=made[0], action="start")
        request_transition(actor=foreign_officer, coop_request=made[0], action="execute")
    CooperationRequest.objects.filter(pk=made[2].pk).update(next_due_at=start + dt.timedelta(hours=1))
    # when the secretariat reads the statistics
    response = api.get(f"{BASE}/statistics/", **_auth(secretariat, ["read"]))
    # then it sees counts and timings and no reference
    assert response.status_code == 200
    assert response.json() == [{
        "request_type": "BC29_PRESERVATION", "from_party": "RS", "to_party": "AL", "month": "2026-11",
        "count": 3, "overdue": 1, "acknowledged": 2, "ack_median_hours": 6.0, "ack_p90_hours": 10.0,
        "outcomes": 1, "outcome_median_hours": 30.0, "outcome_p90_hours": 30.0,
    }]  # fmt: skip
    assert "CR-" not in response.content.decode()
    # and officers are refused like on other secretariat-only pages
    refused = api.get(f"{BASE}/statistics/", **_auth(officer))
    assert refused.status_code == 403


def test_conditions_messages_and_attachments_over_the_api(
    api, officer, foreign_officer, third_officer, bc29, bound, foreign_authority
):
    from iproceeds.cooperation.tests.conversation_helpers import PDF

    # given a request sent with a condition, and a message with a PDF from the requester
    draft = _draft(officer, bc29, foreign_authority, conditions={"use_limitation": "Only for case 42."})
    request_submit(actor=officer, coop_request=draft, warnings_confirmed=True)
    url = f"{BASE}/requests/{draft.reference}"
    upload = SimpleUploadedFile("order.pdf", PDF, content_type="application/pdf")
    posted = api.post(f"{url}/messages/", {"body": "See the order.", "files": [upload]},
                      format="multipart", **_auth(officer))  # fmt: skip
    assert posted.status_code == 201, posted.json()
    attachment = posted.json()["attachments"][0]
    assert (attachment["filename"], attachment["size"]) == ("order.pdf", len(PDF))
    receiver = _auth(foreign_officer)
    # the receiver may read neither messages nor files before accepting the conditions
    assert api.get(f"{url}/messages/", **receiver).status_code == 403
    assert api.get(f"{url}/attachments/{attachment['id']}/", **receiver).status_code == 403
    # once it accepts, it reads the content, the messages and the file
    accepted = api.post(f"{url}/conditions/accept/", **receiver)
    assert (accepted.status_code, accepted.json()["content_hidden"]) == (200, False)
    messages = api.get(f"{url}/messages/", **receiver).json()
    assert [(m["body"], m["organisation"]) for m in messages] == [
        ("See the order.", "Demo Cybercrime Unit Belgrade")
    ]
    download = api.get(f"{url}/attachments/{attachment['id']}/", **receiver)
    assert (download.status_code, download.content) == (200, PDF)
    assert AuditEvent.objects.filter(action="cooperation.attachment.downloaded").count() == 1
    # a message without text or file names the field and writes nothing
    empty = api.post(f"{url}/messages/", {"body": " "}, format="json", **receiver)
    assert list(empty.json()["error"]["fields"]) == ["body"]
    # a third organisation gets the same 404 as for a missing request, everywhere
    third = _auth(third_officer)
    for path in ("messages/", f"attachments/{attachment['id']}/"):
        assert api.get(f"{url}/{path}", **third).status_code == 404
        assert api.get(f"{BASE}/requests/CR-NOTHERE/{path}", **third).status_code == 404
    assert api.post(f"{url}/conditions/accept/", **third).status_code == 404
    assert api.post(f"{url}/messages/", {"body": "Hi"}, format="json", **third).status_code == 404
