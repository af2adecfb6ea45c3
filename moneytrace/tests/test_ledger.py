from datetime import UTC, datetime, timedelta, timezone

from moneytrace.ledger import Ledger, LedgerError, Problem, Transaction

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def tx(id, minutes, frm, to, amount, currency="EUR", **kw):
    return Transaction(id, T0 + timedelta(minutes=minutes), frm, to, amount, currency, **kw)


def test_sorted_is_stable_by_utc_timestamp():
    # given: t2 is earlier in UTC although its local clock reads later; t3/t4 share a timestamp
    plus2 = timezone(timedelta(hours=2))
    t1 = tx("t1", 30, None, "A", 100)
    t2 = Transaction("t2", datetime(2026, 1, 5, 11, 10, tzinfo=plus2), "A", None, 10, "EUR")
    t3 = tx("t3", 40, "A", "B", 5)
    t4 = tx("t4", 40, "A", "C", 5)
    ledger = Ledger([t1, t4, t3, t2])
    # when / then
    assert [t.id for t in ledger.sorted().transactions] == ["t2", "t1", "t4", "t3"]


def test_currencies_and_accounts():
    ledger = Ledger(
        [
            tx("t1", 0, None, "A", 100),
            tx("t2", 1, "A", "B", 100, channel="exchange", to_amount=5, to_currency="BTC"),
        ],
        opening_balances={"C": {"USD": 10}},
    )
    assert ledger.currencies() == {"EUR", "BTC", "USD"}
    assert ledger.accounts() == {"A", "B", "C"}


def test_validate_lists_every_structural_problem():
    ledger = Ledger(
        [
            tx("t1", 0, None, "A", 0),
            Transaction("t1", datetime(2026, 1, 5), "A", "B", 5, "EUR"),
            tx("t3", 2, None, None, 5),
            tx("t4", 3, "A", "B", 5, channel="exchange"),
        ]
    )
    problems = ledger.validate()
    assert [(p.row, p.field) for p in problems] == [
        (1, "amount"),
        (2, "id"),
        (2, "timestamp"),
        (3, "from_account"),
        (4, "to_amount"),
    ]


def test_problem_and_error_text():
    problem = Problem("statement.csv", 4, "amount", "not a decimal amount: 'x'")
    assert str(problem) == "statement.csv, row 4, field 'amount': not a decimal amount: 'x'"
    assert str(Problem(None, None, None, "empty")) == "empty"
    error = LedgerError([problem, Problem(None, 2, None, "bad")])
    assert str(error) == "statement.csv, row 4, field 'amount': not a decimal amount: 'x'\nrow 2: bad"
    assert len(error.problems) == 2
    assert isinstance(error, ValueError)
