"""Statements into a case: preview first, store once, refuse bad files without a trace."""

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from iproceeds.audit.models import AuditEvent
from iproceeds.investigations import ledger, statements
from iproceeds.investigations.models import CaseTransaction, ImportedStatement
from iproceeds.investigations.tests.factories import make_case

EXAMPLES = Path(__file__).resolve().parents[3] / "moneytrace" / "examples"
MT940 = (EXAMPLES / "bank_b.mt940").read_bytes()
CSV = (EXAMPLES / "bank_a.csv").read_bytes()
MAPPING = statements.parse_mapping((EXAMPLES / "bank_a.mapping.toml").read_text())


def _import(case, actor, data=MT940, name="bank_b.mt940", fmt="mt940", mapping=None):
    return statements.statement_import(
        case=case, actor=actor, data=data, file_name=name, format=fmt, mapping=mapping
    )


def test_preview_stores_nothing(officer):
    # given a case
    case = make_case(officer)
    events = AuditEvent.objects.count()
    # when an MT940 statement is previewed
    preview = statements.statement_preview(
        case=case, actor=officer, data=MT940, file_name="bank_b.mt940", format="mt940"
    )
    # then it reports the transactions it would add, and nothing is stored
    assert preview.report.ok
    assert preview.can_import
    assert len(preview.new_ids) == len(preview.ledger.transactions) > 0
    assert CaseTransaction.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_import_stores_transactions_once(officer):
    # given a case
    case = make_case(officer)
    # when the MT940 and the CSV statements are imported
    first = _import(case, officer)
    second = _import(case, officer, data=CSV, name="bank_a.csv", fmt="csv", mapping=MAPPING)
    # then their transactions are stored under moneytrace's ids, with the file's hash and the library version
    stored = CaseTransaction.objects.filter(case=case)
    assert stored.count() == first.transactions_added + second.transactions_added == 8
    opened = {f.file_name: f.data for f in ledger.stored_files(case=case)}  # sealed at rest, opened back
    assert opened["bank_b.mt940"] == MT940
    assert all(tx.startswith("tx-") for tx in stored.values_list("tx_id", flat=True))
    assert len(first.sha256) == 64
    assert first.library_version
    assert first.opening_balances == {"LT121000011101001000": {"EUR": 15000}}
    assert AuditEvent.objects.filter(action="investigations.statement.imported").count() == 2


def test_reimporting_the_same_statement_adds_nothing(officer):
    # given an imported statement
    case = make_case(officer)
    _import(case, officer)
    count, events = CaseTransaction.objects.count(), AuditEvent.objects.count()
    # when the same file is imported again, then it is refused and nothing is added
    with pytest.raises(ValidationError) as refused:
        _import(case, officer)
    assert "file" in refused.value.message_dict
    assert (CaseTransaction.objects.count(), ImportedStatement.objects.count()) == (count, 1)
    assert AuditEvent.objects.count() == events


def test_a_statement_with_problems_is_refused_and_changes_nothing(officer):
    # given a CSV with a row whose date cannot be read
    case = make_case(officer)
    bad = CSV.replace(b"04.03.2025", b"2025-13-45", 1)
    events = AuditEvent.objects.count()
    # when it is previewed, the problem is reported with its row
    preview = statements.statement_preview(
        case=case, actor=officer, data=bad, file_name="bank_a.csv", format="csv", mapping=MAPPING
    )
    assert not preview.report.ok
    assert not preview.can_import
    # when it is imported, then it is refused and nothing is stored
    with pytest.raises(ValidationError) as refused:
        _import(case, officer, data=bad, name="bank_a.csv", fmt="csv", mapping=MAPPING)
    assert "file" in refused.value.message_dict
    assert CaseTransaction.objects.count() == 0
    assert ImportedStatement.objects.count() == 0
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("data", "fmt", "mapping", "field"),
    [(b"", "mt940", None, "file"), (CSV, "csv", None, "mapping"), (CSV, "pdf", None, "format")],
)
def test_bad_upload_is_refused_naming_the_field(officer, data, fmt, mapping, field):
    case = make_case(officer)
    with pytest.raises(ValidationError) as refused:
        _import(case, officer, data=data, name="x.txt", fmt=fmt, mapping=mapping)
    assert field in refused.value.message_dict
    assert ImportedStatement.objects.count() == 0


def test_bad_mapping_is_refused_naming_the_key():
    with pytest.raises(ValidationError) as refused:
        statements.parse_mapping('account = "X"\ncurrency = "EUR"\n[columns]\namount = "A"\n')
    assert "mapping" in refused.value.message_dict


def test_non_editor_may_not_import(officer, colleague):
    case = make_case(officer)
    with pytest.raises(PermissionDenied):
        _import(case, colleague)
    assert CaseTransaction.objects.count() == 0
