"""Background imports: confirming queues a job, the worker stores the statement, the page follows it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from moneytrace.methods.common import METHODS

from iproceeds.audit.models import AuditEvent
from iproceeds.investigations import statements
from iproceeds.investigations.models import BankMapping, CaseTransaction, ImportedStatement, ImportJob
from iproceeds.investigations.tests.factories import make_case
from iproceeds.investigations.tests.test_statements import MT940, _import


def _queue(case, actor, data=MT940, name="bank_b.mt940"):
    return statements.import_job_create(case=case, actor=actor, data=data, file_name=name, format="mt940")


def test_confirmed_import_runs_in_the_background(officer, django_capture_on_commit_callbacks):
    # given a case
    case = make_case(officer)
    # when the officer confirms a statement and the transaction commits (the test backend runs tasks at once)
    with django_capture_on_commit_callbacks(execute=True):
        job = _queue(case, officer)
    # then the job is done, its progress full, and the statement stored once
    job.refresh_from_db()
    statement = ImportedStatement.objects.get()
    assert (job.status, job.done, job.total, job.statement_id) == ("done", 2, 2, statement.pk)
    assert job.finished_at is not None
    assert CaseTransaction.objects.filter(case=case).count() == 4
    events = AuditEvent.objects.filter(action__startswith="investigations.").order_by("seq")
    actions = list(events.values_list("action", flat=True))
    assert actions[-3:] == [
        "investigations.import.queued",
        "investigations.statement.imported",
        "investigations.import.finished",
    ]


def test_queued_job_stores_nothing_until_the_worker_runs_it_once(officer):
    # given a queued job (the commit hook not run)
    case = make_case(officer)
    job = _queue(case, officer)
    assert (job.status, job.done, job.total) == ("queued", 0, 2)
    assert CaseTransaction.objects.count() == 0
    # when the worker runs it twice
    first = statements.import_job_run(job_id=job.pk)
    second = statements.import_job_run(job_id=job.pk)
    # then the statement is stored once and the second run changes nothing
    assert first.status == second.status == "done"
    assert ImportedStatement.objects.count() == 1
    assert AuditEvent.objects.filter(action="investigations.import.finished").count() == 1


def test_already_imported_statement_queues_nothing(officer):
    # given a case with the statement imported
    case = make_case(officer)
    _import(case, officer)
    events = AuditEvent.objects.count()
    # when it is confirmed again, then it is refused on the file, with no job and no event
    with pytest.raises(ValidationError) as refused:
        _queue(case, officer)
    assert refused.value.message_dict["file"] == ["This statement was already imported into the case."]
    assert ImportJob.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_second_confirmation_while_queued_is_refused(officer):
    case = make_case(officer)
    _queue(case, officer)
    with pytest.raises(ValidationError) as refused:
        _queue(case, officer)
    assert refused.value.message_dict["file"] == ["This statement is already being imported."]
    assert ImportJob.objects.count() == 1


def test_job_whose_statement_arrived_meanwhile_fails_and_adds_nothing(officer):
    # given a queued job, then the same statement imported by another way before the worker runs
    case = make_case(officer)
    job = _queue(case, officer)
    _import(case, officer)
    # when the worker runs the job
    statements.import_job_run(job_id=job.pk)
    # then the job failed with the reason, and the case holds the statement once
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.error == "This statement was already imported into the case."
    assert ImportedStatement.objects.count() == 1
    assert CaseTransaction.objects.count() == 4
    assert AuditEvent.objects.filter(action="investigations.import.failed").count() == 1


def test_missing_job_is_a_no_op(db):
    assert statements.import_job_run(job_id=999) is None


def test_job_page_polls_until_done(officer, verified_client):
    # given a queued job
    case = make_case(officer)
    job = _queue(case, officer)
    client = verified_client(officer)
    url = reverse("investigations:import_job", args=[case.reference, job.pk])
    # when the page is open, then the fragment polls every second
    page = client.get(url)
    assert page.status_code == 200
    assert 'hx-trigger="every 1s"' in page.content.decode()
    polled = client.get(url, headers={"HX-Request": "true"})
    assert polled.status_code == 200
    # when the worker has run it, then the poll answers 286 (htmx stops) with the result and no trigger
    statements.import_job_run(job_id=job.pk)
    done = client.get(url, headers={"HX-Request": "true"})
    body = done.content.decode()
    assert done.status_code == 286
    assert "Statement imported: 4 transactions added." in body
    assert "hx-trigger" not in body
    assert '<progress id="import-progress" max="2" value="2">' in body


def test_failed_job_page_shows_the_error(officer, verified_client):
    case = make_case(officer)
    job = _queue(case, officer)
    _import(case, officer)
    statements.import_job_run(job_id=job.pk)
    page = verified_client(officer).get(reverse("investigations:import_job", args=[case.reference, job.pk]))
    assert "The import failed; nothing was stored. This statement was already imported into the case." in (
        page.content.decode()
    )


def test_job_page_is_the_same_404_for_outsiders_and_other_cases(officer, foreign_officer, verified_client):
    # given a job of one case and another case of the same officer
    case = make_case(officer)
    other = make_case(officer, reference="FI-2026-0002")
    job = _queue(case, officer)
    # then an outsider and the wrong case both get 404, like a missing job
    outsider = verified_client(foreign_officer).get(
        reverse("investigations:import_job", args=[case.reference, job.pk])
    )
    wrong_case = verified_client(officer).get(
        reverse("investigations:import_job", args=[other.reference, job.pk])
    )
    missing = verified_client(officer).get(reverse("investigations:import_job", args=[case.reference, 999]))
    assert outsider.status_code == wrong_case.status_code == missing.status_code == 404


def test_confirm_in_the_page_queues_a_job_and_shows_its_progress(
    officer, verified_client, django_capture_on_commit_callbacks
):
    # given a previewed statement
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = make_case(officer)
    client = verified_client(officer)
    preview_url = reverse("investigations:statement_preview", args=[case.reference])
    preview = client.post(preview_url, {"file": SimpleUploadedFile("bank_b.mt940", MT940), "format": "mt940"})
    sha256 = preview.context["preview"].sha256
    # when the officer confirms
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            reverse("investigations:statement_import", args=[case.reference]), {"sha256": sha256}
        )
    # then the browser goes to the job's page, and the job stored the statement
    job = ImportJob.objects.get()
    assert done.url == reverse("investigations:import_job", args=[case.reference, job.pk])
    assert ImportJob.objects.get().status == "done"
    assert ImportedStatement.objects.get().sha256 == sha256


def test_demo_keeps_a_bank_mapping_and_a_finished_import_job(db):
    # given the demo users and the demo case
    from iproceeds.accounts.demo import seed_demo
    from iproceeds.investigations.demo import DEMO_BANK, seed_investigations_demo

    seed_demo()
    case = seed_investigations_demo()
    # then the demo organisation keeps the CSV mapping of the demo bank, and the CSV came in through a job
    saved = BankMapping.objects.get()
    assert (saved.bank_name, saved.authority_id) == (DEMO_BANK, case.authority_id)
    assert saved.mapping["columns"]["debit"] == "Soll"
    job = case.import_jobs.get()
    assert (job.file_name, job.status, job.done, job.total) == ("bank_a.csv", "done", 2, 2)
    assert job.statement.file_name == "bank_a.csv"
    # and the demo trace shows the methods side by side
    assert sorted(case.traces.get().result["comparison"]) == sorted(METHODS)
