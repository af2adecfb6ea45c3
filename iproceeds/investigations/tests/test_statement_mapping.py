"""An unknown CSV mapped in the page: header and rows shown, moneytrace's options, kept per bank."""

import base64

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from iproceeds.audit.models import AuditEvent
from iproceeds.investigations import mapping, statements
from iproceeds.investigations.models import BankMapping, ImportedStatement, ImportJob
from iproceeds.investigations.tests.factories import make_case
from iproceeds.investigations.tests.test_statements import CSV, MAPPING

# The example CSV of moneytrace (bank_a.csv) mapped in the form as bank_a.mapping.toml maps it.
FORM = {
    "bank": "Demo Bank A",
    "save_for_bank": "on",
    "account": "DE62370400440532013001",
    "currency": "EUR",
    "delimiter": ";",
    "encoding": "utf-8-sig",
    "date": "Buchungstag",
    "date_format": "%d.%m.%Y",
    "timezone": "Europe/Berlin",
    "amount_mode": "split",
    "sign": "credit-positive",
    "debit": "Soll",
    "credit": "Haben",
    "decimal": ",",
    "thousands": ".",
    "opening_balance": "1.250,00",
    "closing_balance": "1.250,00",
    "col_counterparty_name": "Name",
    "col_counterparty_account": "IBAN",
    "col_counterparty_bank": "BIC",
    "col_reference": "Verwendungszweck",
    "col_currency": "Währung",
    "col_channel": "Art",
}
HEADER = [
    "Buchungstag",
    "Wertstellung",
    "Name",
    "IBAN",
    "BIC",
    "Verwendungszweck",
    "Soll",
    "Haben",
    "Währung",
    "Art",
]


def test_sample_shows_the_header_and_first_rows_with_the_guessed_delimiter():
    sample = mapping.csv_sample(CSV)
    assert sample.delimiter == ";"
    assert sample.header == HEADER
    assert len(sample.rows) == 5
    assert sample.rows[0][:3] == ["03.03.2025", "03.03.2025", "Ana Example"]


def test_form_gives_the_same_mapping_as_moneytraces_file():
    # when the example's options are chosen in the form
    form = mapping.MappingForm(FORM, header=HEADER)
    # then it is valid and equals the mapping file, key by key
    assert form.is_valid(), form.errors
    produced = form.to_mapping()
    assert produced["columns"] == MAPPING["columns"]
    for key in ("account", "currency", "delimiter", "date_formats", "timezone", "decimal", "thousands"):
        assert produced[key] == MAPPING[key]
    assert (produced["opening_balance"], produced["closing_balance"]) == ("1.250,00", "1.250,00")


def test_preview_with_the_form_mapping_reads_like_the_file_mapping(officer):
    case = make_case(officer)
    form = mapping.MappingForm(FORM, header=HEADER)
    assert form.is_valid()
    from_form = statements.statement_preview(
        case=case, actor=officer, data=CSV, file_name="bank_a.csv", format="csv", mapping=form.to_mapping()
    )
    from_file = statements.statement_preview(
        case=case, actor=officer, data=CSV, file_name="bank_a.csv", format="csv", mapping=MAPPING
    )
    assert from_form.report.ok
    assert from_form.new_ids == from_file.new_ids


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"date": ""}, "date"),
        ({"amount_mode": "signed", "amount": ""}, "amount"),
        ({"account": ""}, "account"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"save_for_bank": "on", "bank": ""}, "bank"),
    ],
)
def test_bad_mapping_is_refused_on_its_field(change, field):
    form = mapping.MappingForm(FORM | change, header=HEADER)
    assert not form.is_valid()
    assert field in form.errors


def test_saved_mapping_is_kept_per_bank_without_the_file_own_values(officer):
    # when the officer keeps the mapping for a bank, twice
    form = mapping.MappingForm(FORM, header=HEADER)
    assert form.is_valid()
    first = mapping.bank_mapping_save(actor=officer, bank_name="Demo Bank A", mapping=form.to_mapping())
    second = mapping.bank_mapping_save(
        actor=officer, bank_name="Demo Bank A", mapping=form.to_mapping() | {"timezone": "UTC"}
    )
    # then one mapping per bank of the organisation, without account and balances, each save audited
    assert first.pk == second.pk
    saved = BankMapping.objects.get()
    assert (saved.authority_id, saved.bank_name, saved.updated_by) == (
        officer.authority_id,
        "Demo Bank A",
        officer,
    )
    assert "account" not in saved.mapping
    assert "opening_balance" not in saved.mapping
    assert saved.mapping["timezone"] == "UTC"
    events = AuditEvent.objects.filter(action="investigations.bank_mapping.saved").order_by("seq")
    assert [e.before is None for e in events] == [True, False]


def test_bad_mapping_is_not_saved(officer):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        mapping.bank_mapping_save(actor=officer, bank_name="Demo Bank A", mapping={"columns": {}})
    assert "date" in refused.value.message_dict
    assert BankMapping.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_unreadable_csv_is_refused_on_the_file():
    with pytest.raises(ValidationError) as refused:
        mapping.csv_sample(b"\n\n")
    assert refused.value.message_dict["file"] == ["The file has no header line."]


def _upload_csv(client, case, bank=""):
    url = reverse("investigations:statement_preview", args=[case.reference])
    return client.post(url, {"file": SimpleUploadedFile("bank_a.csv", CSV), "format": "csv", "bank": bank})


def test_map_preview_confirm_and_keep_for_the_bank(
    officer, verified_client, django_capture_on_commit_callbacks
):
    # given an officer who uploads a CSV of an unknown bank
    case = make_case(officer)
    client = verified_client(officer)
    url = reverse("investigations:statement_mapping", args=[case.reference])
    assert _upload_csv(client, case).url == url
    # when the mapping page opens, then it shows the header and the first rows
    page = client.get(url)
    body = page.content.decode()
    assert page.context["sample"].header == HEADER
    assert '<th scope="col">Verwendungszweck</th>' in body
    assert "<td>Ana Example</td>" in body
    # when the columns are chosen, then the validation report is shown and nothing is stored
    preview = client.post(url, FORM)
    assert preview.context["preview"].report.ok
    assert (ImportedStatement.objects.count(), BankMapping.objects.count()) == (0, 0)
    # when the officer confirms, then the statement is imported in the background and the mapping kept
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            reverse("investigations:statement_import", args=[case.reference]),
            {"sha256": preview.context["preview"].sha256},
        )
    job = ImportJob.objects.get()
    assert done.url == reverse("investigations:import_job", args=[case.reference, job.pk])
    assert (job.status, job.options) == ("done", {"bank": "Demo Bank A"})
    assert ImportedStatement.objects.get().mapping["account"] == "DE62370400440532013001"
    assert BankMapping.objects.get().mapping["columns"] == MAPPING["columns"]


def test_picking_the_bank_prefills_its_saved_mapping(officer, verified_client):
    # given a mapping kept for the bank
    form = mapping.MappingForm(FORM, header=HEADER)
    assert form.is_valid()
    mapping.bank_mapping_save(actor=officer, bank_name="Demo Bank A", mapping=form.to_mapping())
    case = make_case(officer)
    client = verified_client(officer)
    # when a new statement of the bank is uploaded with the bank picked
    _upload_csv(client, case, bank="Demo Bank A")
    page = client.get(reverse("investigations:statement_mapping", args=[case.reference]))
    # then the form is filled with the kept mapping (the file's own account is left to the officer)
    initial = page.context["form"].initial
    assert (initial["date"], initial["debit"], initial["credit"], initial["decimal"]) == (
        "Buchungstag",
        "Soll",
        "Haben",
        ",",
    )
    assert "account" not in initial
    assert "Demo Bank A" in page.content.decode()


def test_the_cases_one_account_at_the_bank_is_offered(officer, verified_client):
    # given a case with one account at the bank picked
    from iproceeds.investigations import services

    case = make_case(officer)
    services.bank_account_add(
        case=case, actor=officer, iban="DE62370400440532013001", currency="EUR", bank_name="Demo Bank A"
    )
    client = verified_client(officer)
    _upload_csv(client, case, bank="Demo Bank A")
    page = client.get(reverse("investigations:statement_mapping", args=[case.reference]))
    assert page.context["form"].initial["account"] == "DE62370400440532013001"


def test_another_organisations_mapping_is_not_offered(officer, foreign_officer):
    form = mapping.MappingForm(FORM, header=HEADER)
    assert form.is_valid()
    mapping.bank_mapping_save(actor=foreign_officer, bank_name="Demo Bank A", mapping=form.to_mapping())
    assert mapping.bank_names(actor=officer) == []
    assert mapping.bank_mapping_for(actor=officer, bank_name="Demo Bank A") is None


def test_mapping_page_is_404_for_outsiders(officer, foreign_officer, verified_client):
    case = make_case(officer)
    response = verified_client(foreign_officer).get(
        reverse("investigations:statement_mapping", args=[case.reference])
    )
    assert response.status_code == 404


def test_mapping_page_without_a_waiting_file_sends_back(officer, verified_client):
    case = make_case(officer)
    response = verified_client(officer).get(
        reverse("investigations:statement_mapping", args=[case.reference])
    )
    assert response.url == reverse("investigations:statements", args=[case.reference])


def test_bad_mapping_in_the_page_stores_nothing(officer, verified_client):
    case = make_case(officer)
    client = verified_client(officer)
    _upload_csv(client, case)
    events = AuditEvent.objects.count()
    response = client.post(
        reverse("investigations:statement_mapping", args=[case.reference]), FORM | {"date": ""}
    )
    assert "date" in response.context["form"].errors
    assert response.context["preview"] is None
    assert (ImportedStatement.objects.count(), BankMapping.objects.count()) == (0, 0)
    assert AuditEvent.objects.count() == events
    assert base64.b64decode(client.session["investigations.pending_statement"]["data"]) == CSV
