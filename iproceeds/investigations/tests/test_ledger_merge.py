"""Statements imported one at a time merge into one case ledger: a transfer seen twice counts once."""

import pytest
from django.core.exceptions import ValidationError

from iproceeds.investigations.ledger import case_ledger
from iproceeds.investigations.models import CaseTransaction, ImportedStatement
from iproceeds.investigations.tests.factories import make_case, make_victim
from iproceeds.investigations.tests.test_statements import CSV, MAPPING, _import
from iproceeds.investigations.tracing import trace_run

# The 6,000.00 EUR that account A (CSV) sent to account B (MT940): in both statements.
TRANSFER_SOURCE = "bank_a.csv:4+bank_b.mt940:5"
ANA_PAYMENT = "tx-9787fcbe83997fa6"  # Ana Example's credit into A (moneytrace's README)


def _import_both(case, actor, csv_first):
    steps = [
        lambda: _import(case, actor, data=CSV, name="bank_a.csv", fmt="csv", mapping=MAPPING),
        lambda: _import(case, actor),
    ]
    for step in steps if csv_first else reversed(steps):
        step()


@pytest.mark.parametrize("csv_first", [True, False])
def test_a_transfer_in_both_statements_is_one_transaction(officer, csv_first):
    # given a case
    case = make_case(officer)
    # when the statements of the two mule accounts are imported one at a time, in either order
    _import_both(case, officer, csv_first)
    # then the ledger holds the transfer once, from A to B, and the stored rows are that ledger
    ledger = case_ledger(case=case)
    transfers = [t for t in ledger.transactions if t.source == TRANSFER_SOURCE]
    assert len(transfers) == 1
    assert (transfers[0].from_account, transfers[0].to_account, transfers[0].amount) == (
        "DE62370400440532013001",
        "LT121000011101001000",
        600000,
    )
    assert len(ledger.transactions) == 8
    stored = list(CaseTransaction.objects.filter(case=case).order_by("timestamp", "id"))
    assert [row.tx_id for row in stored] == [t.id for t in ledger.transactions]
    assert ledger.validate() == []


def test_trace_result_does_not_depend_on_import_order(officer):
    # given two cases holding the same two statements, imported in opposite orders
    results = []
    for number, csv_first in enumerate((True, False)):
        case = make_case(officer, reference=f"FI-ORDER-{number}")
        _import_both(case, officer, csv_first)
        victim = make_victim(case, officer, name="Ana Example", amount="4800.00")
        # when the same lowest-intermediate-balance trace is run on each
        run = trace_run(
            case=case, actor=officer, method="libr", currency="EUR", payments={ANA_PAYMENT: victim.pk}
        )
        results.append((run.inputs_sha256, run.result))
    # then the inputs and the results are the same
    assert results[0] == results[1]
    assert results[0][1]["losses"] == {"Ana Example": "4800.00"}


def test_the_second_statement_adds_only_what_is_new(officer):
    # given the MT940 of account B imported
    case = make_case(officer)
    first = _import(case, officer)
    # when the CSV of account A is imported, whose transfer to B is already in B's statement
    second = _import(case, officer, data=CSV, name="bank_a.csv", fmt="csv", mapping=MAPPING)
    # then the count grows by A's entries minus the transfer, and every file is kept
    assert (first.transactions_added, second.transactions_added) == (4, 4)
    assert CaseTransaction.objects.filter(case=case).count() == 8
    assert [bytes(s.content) != b"" for s in ImportedStatement.objects.all()] == [True, True]


def test_a_statement_stored_without_its_file_stops_the_ledger(officer):
    # given a statement imported before files were kept (its content is empty)
    case = make_case(officer)
    statement = _import(case, officer)
    ImportedStatement.objects.filter(pk=statement.pk).update(content=b"")
    # when the ledger is rebuilt, then it is refused naming the file
    with pytest.raises(ValidationError) as refused:
        case_ledger(case=case)
    assert "bank_b.mt940" in refused.value.message_dict["file"][0]
