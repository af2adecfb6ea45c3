"""Statement pages: preview, confirm, and the refusals that store nothing."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from iproceeds.audit.models import AuditEvent
from iproceeds.investigations.models import CaseTransaction, ImportedStatement
from iproceeds.investigations.tests.factories import make_case
from iproceeds.investigations.tests.test_statements import CSV, EXAMPLES, MT940


def _upload(client, case, data, name, fmt, mapping=""):
    url = reverse("investigations:statement_preview", args=[case.reference])
    return client.post(url, {"file": SimpleUploadedFile(name, data), "format": fmt, "mapping": mapping})


def test_preview_then_import(officer, verified_client, django_capture_on_commit_callbacks):
    # given a case and the officer signed in
    case = make_case(officer)
    client = verified_client(officer)
    # when a statement is uploaded, the report is shown and nothing is stored
    preview = _upload(client, case, MT940, "bank_b.mt940", "mt940")
    assert preview.status_code == 200
    assert preview.context["preview"].can_import
    assert CaseTransaction.objects.count() == 0
    # when the officer confirms, then the transactions are stored
    sha256 = preview.context["preview"].sha256
    with django_capture_on_commit_callbacks(execute=True):  # the import runs as a task after the commit
        confirm = reverse("investigations:statement_import", args=[case.reference])
        done = client.post(confirm, {"sha256": sha256})
    assert done.status_code == 302
    assert ImportedStatement.objects.get().sha256 == sha256
    assert CaseTransaction.objects.count() == len(preview.context["preview"].new_ids)
    # and the statements page lists them
    page = client.get(reverse("investigations:statements", args=[case.reference]))
    assert "bank_b.mt940" in page.content.decode()


def test_csv_with_mapping_previews(officer, verified_client):
    case = make_case(officer)
    mapping = (EXAMPLES / "bank_a.mapping.toml").read_text()
    response = _upload(verified_client(officer), case, CSV, "bank_a.csv", "csv", mapping)
    assert response.context["preview"].report.ok


def test_csv_without_mapping_goes_to_the_column_mapping_page(officer, verified_client):
    case = make_case(officer)
    response = _upload(verified_client(officer), case, CSV, "bank_a.csv", "csv")
    assert response.url == reverse("investigations:statement_mapping", args=[case.reference])
    assert ImportedStatement.objects.count() == 0


def test_confirm_without_a_preview_stores_nothing(officer, verified_client):
    case = make_case(officer)
    events = AuditEvent.objects.count()
    url = reverse("investigations:statement_import", args=[case.reference])
    response = verified_client(officer).post(url, {"sha256": "0" * 64})
    assert response.status_code == 302
    assert ImportedStatement.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_non_member_upload_is_404(officer, foreign_officer, verified_client):
    case = make_case(officer)
    response = _upload(verified_client(foreign_officer), case, MT940, "bank_b.mt940", "mt940")
    assert response.status_code == 404
    assert CaseTransaction.objects.count() == 0
