"""The auditor's view and CSV export; nobody else reads the trail."""

import csv
import io

import pytest
from django.urls import reverse

from iproceeds.audit import services
from iproceeds.audit.models import AuditEvent


def test_auditor_searches_the_trail(auditor, officer, verified_client):
    services.record(action="audit.chain.verified", actor=officer, target_label="first")
    services.record(action="audit.trail.exported", actor=officer, target_label="second")
    client = verified_client(auditor)
    response = client.get(reverse("audit:event_list"), {"action": "audit.trail.exported"})
    assert response.status_code == 200
    assert [e.target_label for e in response.context["page"]] == ["second"]


def test_auditor_exports_csv_and_the_export_is_audited(auditor, officer, verified_client):
    services.record(action="audit.chain.verified", actor=officer, target_label="row")
    client = verified_client(auditor)
    response = client.get(reverse("audit:event_export"))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [r["target_label"] for r in rows] == ["row"]
    assert AuditEvent.objects.filter(action="audit.trail.exported", actor=auditor).count() == 1


@pytest.mark.parametrize("persona", ["officer", "org_admin", "secretariat"])
def test_others_cannot_read_the_trail(persona, request, verified_client):
    client = verified_client(request.getfixturevalue(persona))
    assert client.get(reverse("audit:event_list")).status_code == 403
    assert client.get(reverse("audit:event_export")).status_code == 403


def test_invalid_date_range_names_the_field(auditor, verified_client):
    client = verified_client(auditor)
    response = client.get(reverse("audit:event_list"), {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert response.context["form"].errors == {"date_to": ["The end date is before the start date."]}


def test_searching_the_trail_is_itself_audited(auditor, verified_client):
    client = verified_client(auditor)
    client.get(reverse("audit:event_list"), {"q": "officer"})
    event = AuditEvent.objects.get(action="audit.trail.searched")
    assert (event.actor_id, event.after) == (auditor.pk, {"filters": {"q": "officer"}})


def test_opening_a_user_record_is_audited_as_a_view(org_admin, colleague, verified_client):
    client = verified_client(org_admin)
    response = client.get(reverse("accounts:user_detail", args=[colleague.pk]))
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="accounts.user.viewed")
    assert (event.actor_id, event.target_type, event.target_id) == (
        org_admin.pk,
        "accounts.user",
        str(colleague.pk),
    )
