"""The list API's summary representation, built directly, is DRF's field-by-field representation."""

import datetime as dt

import pytest
from django.test import RequestFactory
from django.utils import timezone
from rest_framework import serializers

from iproceeds.cooperation.api import SUMMARY_FIELDS
from iproceeds.cooperation.api_serializers import RequestDetailOutput, RequestSummaryOutput
from iproceeds.cooperation.choices import RequestStatus, Urgency
from iproceeds.cooperation.models import CooperationRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(officer, foreign_officer, bc29, bound, foreign_authority):
    """Sent with a deadline, a draft without authority or dates, one received from Tirana."""
    now = timezone.now()
    made = CooperationRequest.objects.bulk_create([
        CooperationRequest(request_type=bc29, requesting_authority=officer.authority, created_by=officer,
                           requested_party=foreign_authority.party, requested_authority=foreign_authority,
                           status=RequestStatus.SUBMITTED, urgency=Urgency.URGENT, submitted_at=now,
                           next_due_at=now + dt.timedelta(hours=1), next_due_key="ack_target"),
        CooperationRequest(request_type=bc29, requesting_authority=officer.authority, created_by=officer,
                           requested_party=foreign_authority.party, requested_authority=None),
        CooperationRequest(request_type=bc29, requesting_authority=foreign_authority,
                           created_by=foreign_officer, requested_party=officer.authority.party,
                           requested_authority=officer.authority,
                           status=RequestStatus.EXECUTED, submitted_at=now - dt.timedelta(days=3)),
    ])  # fmt: skip
    return list(
        CooperationRequest.objects.filter(pk__in=[r.pk for r in made])
        .select_related("request_type", "requesting_authority__party", "requested_party",
                        "requested_authority__party")
        .only(*SUMMARY_FIELDS).order_by("pk")
    )  # fmt: skip


@pytest.mark.parametrize("zone", ["UTC", "Asia/Tokyo"])
def test_summary_is_drfs_own_representation_key_for_key(rows, officer, zone):
    request = RequestFactory().get("/")
    request.user = officer
    summary = RequestSummaryOutput(context={"request": request})
    with timezone.override(zone):
        fast = [summary.to_representation(row) for row in rows]
        drf = [serializers.ModelSerializer.to_representation(summary, row) for row in rows]
    assert fast == drf
    assert [list(item) for item in fast] == [list(item) for item in drf]  # the same key order
    assert [item["box"] for item in fast] == ["outbox", "outbox", "inbox"]
    assert (fast[1]["requested_authority"], fast[1]["submitted_at"]) == (None, None)


def test_the_detail_keeps_drfs_representation():
    assert RequestDetailOutput.to_representation is serializers.ModelSerializer.to_representation
