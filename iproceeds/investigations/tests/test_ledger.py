"""The case ledger rebuilt from storage equals what moneytrace read from the file."""

from moneytrace.importers import import_statements

from iproceeds.investigations.ledger import case_ledger
from iproceeds.investigations.tests.factories import make_case
from iproceeds.investigations.tests.test_statements import EXAMPLES, _import


def test_case_ledger_round_trips_an_imported_statement(officer):
    # given a case with the example MT940 imported
    case = make_case(officer)
    _import(case, officer)
    expected, _report = import_statements([EXAMPLES / "bank_b.mt940"], format="mt940")
    # when the ledger is rebuilt from the database
    ledger = case_ledger(case=case)
    # then it has the same transactions and opening balances, and is valid for a trace
    assert [t.id for t in ledger.transactions] == [t.id for t in expected.sorted().transactions]
    assert [t.amount for t in ledger.transactions] == [t.amount for t in expected.sorted().transactions]
    assert ledger.opening_balances == expected.opening_balances
    assert ledger.validate() == []
