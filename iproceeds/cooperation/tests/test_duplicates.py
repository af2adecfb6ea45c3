"""No duplicate preservation: before sending, earlier requests to the same Party about the same identifier."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from iproceeds.accounts.choices import Role
from iproceeds.accounts.tests.factories import UserFactory
from iproceeds.cooperation.choices import FieldKind, RequestStatus
from iproceeds.cooperation.duplicates import duplicate_requests, identifier_key, identifiers_of
from iproceeds.cooperation.models import CooperationRequest, RequestType
from iproceeds.cooperation.services.requests import request_create_draft, request_submit
from iproceeds.cooperation.tests.factories import bc29_values, bind
from iproceeds.directory.tests.factories import AuthorityFactory, CompetenceFactory


def _ip(address="203.0.113.7", port=51234, timestamp="2026-10-02T01:14:00Z", version=4):
    return {"address": address, "version": version, "port": port, "timestamp": timestamp}


def _values(*ips, emails=()):
    return bc29_values(
        data_sought={
            "data_description": "Subscriber and traffic data of the connection",
            "data_relationship": "The connection was used to log in to the victim's account",
            "ip_addresses": list(ips),
            "email_addresses": list(emails),
        }
    )


def _draft(actor, to, *ips, emails=()):
    return request_create_draft(
        actor=actor, request_type=RequestType.objects.get(code="BC29_PRESERVATION"), requested_party=to.party,
        requested_authority=to, urgency="normal", values=_values(*ips, emails=emails),
    )  # fmt: skip


def _sent(actor, to, *ips, emails=()):
    return request_submit(
        actor=actor, coop_request=_draft(actor, to, *ips, emails=emails), warnings_confirmed=True
    )


@pytest.fixture
def prosecutor(home_authority, bound):
    """An officer of another authority of the same Party (Serbia) as the officer."""
    authority = AuthorityFactory(party=home_authority.party, name="Demo Prosecution Belgrade")
    return UserFactory(username="prosecutor", authority=authority, role=Role.OFFICER)


def test_the_identifiers_are_those_of_the_subject_not_of_the_requesting_side(
    officer, foreign_authority, bc29, bound
):
    # given a draft about one IP address and one e-mail address; its requesting side has a phone and e-mail
    draft = _draft(officer, foreign_authority, _ip(), emails=["Victim.Target@Example.invalid"])
    # then only the subject's identifiers count, in their normalised form
    assert identifiers_of(draft) == {
        ("ip_address", "203.0.113.7"): "203.0.113.7",
        ("email", "victim.target@example.invalid"): "victim.target@example.invalid",
    }


@pytest.mark.parametrize(
    ("kind", "first", "second"),
    [
        (FieldKind.IP_ADDRESS, _ip("2001:db8::7", None, version=6), _ip("2001:0db8:0:0::7", 443, version=6)),
        (FieldKind.EMAIL, "Someone@example.invalid", "someone@example.invalid"),
        (FieldKind.ACCOUNT, {"username": "Demo_User", "service": "Example.invalid"},
         {"username": "demo_user", "service": "example.invalid"}),
        (FieldKind.BITCOIN, "BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ",
         "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"),
    ],
)  # fmt: skip
def test_the_same_identifier_written_differently_is_the_same(kind, first, second):
    assert identifier_key(kind, first) == identifier_key(kind, second)


def test_an_earlier_request_to_the_same_party_about_the_same_ip_is_listed(
    officer, colleague, foreign_authority, bc29, bound
):
    # given a colleague sent a preservation for the same address (another port and time) 30 days ago
    with time_machine.travel(timezone.now() - timedelta(days=30), tick=False):
        earlier = _sent(colleague, foreign_authority, _ip(port=40000, timestamp="2026-09-01T10:00:00Z"))
    # when the officer prepares a new request about it
    draft = _draft(officer, foreign_authority, _ip(), emails=["someone@example.invalid"])
    report = duplicate_requests(user=officer, coop_request=draft)
    # then the earlier request is listed with the identifier they share
    assert [(e.reference, e.url, e.identifiers) for e in report.earlier] == [
        (earlier.reference, f"/cooperation/{earlier.reference}/", ["203.0.113.7"])
    ]
    assert report.earlier[0].status_label == "Submitted"
    assert report.asked_by_others == []


def test_older_requests_other_parties_and_drafts_do_not_count(
    officer, colleague, foreign_authority, third_officer, bc29, bound, settings
):
    # given a request sent 91 days ago, an unsent draft, and a request about the same address to another Party
    with time_machine.travel(timezone.now() - timedelta(days=91), tick=False):
        _sent(colleague, foreign_authority, _ip())
    _draft(colleague, foreign_authority, _ip())
    bind(third_officer.authority.party)
    CompetenceFactory(authority=third_officer.authority, request_type="BC29_PRESERVATION")
    _sent(colleague, third_officer.authority, _ip())
    # when the officer prepares a request to Albania about the address
    draft = _draft(officer, foreign_authority, _ip())
    # then nothing is reported
    assert not duplicate_requests(user=officer, coop_request=draft)
    # and a longer window (a setting) does catch the old one
    settings.COOPERATION_DUPLICATE_WINDOW_DAYS = 120
    assert len(duplicate_requests(user=officer, coop_request=draft).earlier) == 1


def test_an_extension_or_follow_up_of_the_same_request_is_not_a_duplicate(
    officer, foreign_authority, bc29, bound
):
    # given a preservation sent, and an extension of it being written about the same address
    earlier = _sent(officer, foreign_authority, _ip())
    draft = _draft(officer, foreign_authority, _ip())
    CooperationRequest.objects.filter(pk=draft.pk).update(follows=earlier)
    draft.refresh_from_db()
    # then the request it continues is not reported
    assert not duplicate_requests(user=officer, coop_request=draft)


def test_another_authority_of_the_same_party_is_mentioned_without_its_request(
    officer, prosecutor, foreign_authority, bc29
):
    # given a prosecutor's office of the same Party asked Albania about the address
    _sent(prosecutor, foreign_authority, _ip())
    # when the officer, who may not see that request, prepares one about it
    draft = _draft(officer, foreign_authority, _ip(), emails=["someone@example.invalid"])
    report = duplicate_requests(user=officer, coop_request=draft)
    # then only the shared identifier is named: no reference, authority, type or date
    assert report.earlier == []
    assert report.asked_by_others == ["203.0.113.7"]


def test_the_draft_page_warns_and_links_and_sending_is_not_blocked(
    verified_client, officer, colleague, prosecutor, foreign_authority, bc29
):
    # given two earlier requests about the address: one of the officer's unit, one of the prosecutor's office
    earlier = _sent(colleague, foreign_authority, _ip())
    hidden = _sent(prosecutor, foreign_authority, _ip())
    draft = _draft(officer, foreign_authority, _ip())
    client = verified_client(officer)
    # when the officer opens the draft
    page = client.get(reverse("cooperation:detail", args=[draft.reference])).content.decode()
    # then the visible one is linked and the other is mentioned without its reference
    assert f'<a href="/cooperation/{earlier.reference}/">{earlier.reference}</a>' in page
    assert hidden.reference not in page
    assert "Another authority of your country asked Albania about 203.0.113.7 in the last 90 days." in page
    # and the request is sent without any confirmation
    response = client.post(reverse("cooperation:submit", args=[draft.reference]))
    draft.refresh_from_db()
    assert response.status_code == 302
    assert draft.status == RequestStatus.SUBMITTED


def test_the_warning_is_not_shown_once_sent(
    verified_client, officer, colleague, foreign_authority, bc29, bound
):
    _sent(colleague, foreign_authority, _ip())
    sent = _sent(officer, foreign_authority, _ip())
    page = verified_client(officer).get(reverse("cooperation:detail", args=[sent.reference])).content.decode()
    assert "Already asked" not in page
