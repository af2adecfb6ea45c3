"""Ledger files: CSV and Parquet round trips, every bad row reported, atomic writes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from moneytrace.io import check_victims, read_ledger, read_victims, write_ledger
from moneytrace.ledger import Ledger, LedgerError, Problem, Transaction

HEADER = "id,timestamp,from_account,to_account,amount,currency\n"


def _ledger() -> Ledger:
    cet = timezone(timedelta(hours=1))
    return Ledger(
        [
            Transaction(
                "t1", datetime(2025, 3, 3, 9, tzinfo=cet), None, "A", 120000, "EUR", source="a.csv:1"
            ),
            Transaction(
                "t2",
                datetime(2025, 3, 4, tzinfo=UTC),
                "A",
                "B",
                50050,
                "EUR",
                channel="transfer",
                counterparty_country="LT",
            ),
            Transaction(
                "t3",
                datetime(2025, 3, 5, tzinfo=UTC),
                "B",
                "B",
                50000,
                "EUR",
                channel="exchange",
                to_amount=100000,
                to_currency="USDT",
            ),
            Transaction("t4", datetime(2025, 3, 6, tzinfo=UTC), "A", None, 100, "EUR", channel="cash"),
        ],
        {"A": {"EUR": 2500}},
    )


@pytest.mark.parametrize("name", ["ledger.csv", "ledger.parquet"])
def test_round_trip_keeps_every_field_and_the_opening_balances(tmp_path: Path, name: str) -> None:
    # given a ledger with an exchange, optional columns and an opening balance
    ledger = _ledger()
    # when it is written and read back
    write_ledger(ledger, tmp_path / name)
    again = read_ledger(tmp_path / name)
    # then nothing is lost
    assert again.transactions == ledger.transactions
    assert again.opening_balances == {"A": {"EUR": 2500}}


def test_csv_amounts_are_decimal_strings(tmp_path: Path) -> None:
    # given a ledger
    # when written as CSV
    write_ledger(_ledger(), tmp_path / "l.csv")
    lines = (tmp_path / "l.csv").read_text().splitlines()
    # then amounts are decimal strings in the currency's precision and the opening balance is a row
    assert lines[0].startswith("id,timestamp,from_account,to_account,amount,currency,channel")
    assert lines[1].startswith("opening:A:EUR,2025-03-03T09:00:00+01:00,,A,25.00,EUR,opening")
    assert lines[2].startswith("t1,2025-03-03T09:00:00+01:00,,A,1200.00,EUR,")
    assert lines[4] == "t3,2025-03-05T00:00:00+00:00,B,B,500.00,EUR,exchange,,,0.100000,USDT,"


def test_every_bad_row_is_reported_with_row_and_field(tmp_path: Path) -> None:
    # given a ledger CSV with several faults
    path = tmp_path / "bad.csv"
    path.write_text(
        HEADER
        + "t1,2025-03-03T09:00:00+01:00,,A,12.00,EUR\n"
        + "t2,2025-03-03T09:00:00,A,B,5.00,EUR\n"
        + "t3,yesterday,A,B,5.001,EUR\n"
        + "t1,2025-03-04T09:00:00+00:00,,,-1,XXX\n"
    )
    # when it is read
    with pytest.raises(LedgerError) as caught:
        read_ledger(path)
    # then every problem names file, row and field
    assert caught.value.problems == [
        Problem(str(path), 2, "timestamp", "timestamp '2025-03-03T09:00:00' has no time zone offset"),
        Problem(str(path), 3, "timestamp", "not an ISO 8601 timestamp: 'yesterday'"),
        Problem(str(path), 3, "amount", "'5.001' has more than 2 decimals, the precision of EUR"),
        Problem(str(path), 4, "currency", "unknown currency 'XXX'"),
        Problem(str(path), 4, "from_account", "both from_account and to_account are empty"),
    ]
    assert str(caught.value.problems[0]).startswith(f"{path}, row 2, field 'timestamp': ")


def test_duplicate_ids_and_missing_columns_are_refused(tmp_path: Path) -> None:
    # given a file with a duplicate id and one without the amount column
    dup = tmp_path / "dup.csv"
    dup.write_text(HEADER + "t1,2025-03-03T09:00:00Z,,A,1,EUR\nt1,2025-03-03T09:00:00Z,,A,1,EUR\n")
    nocol = tmp_path / "nocol.csv"
    nocol.write_text("id,timestamp,from_account,to_account,currency\n")
    # when they are read, then each problem is named
    with pytest.raises(LedgerError) as caught:
        read_ledger(dup)
    assert caught.value.problems == [Problem(str(dup), 2, "id", "duplicate transaction id 't1'")]
    with pytest.raises(LedgerError) as caught:
        read_ledger(nocol)
    assert caught.value.problems == [Problem(str(nocol), 0, "amount", "required column is missing")]


def test_parquet_with_minor_units_and_datetime_column(tmp_path: Path) -> None:
    # given a Parquet ledger whose amounts are integer minor units and timestamps a datetime column
    import polars as pl

    path = tmp_path / "l.parquet"
    pl.DataFrame(
        {
            "id": ["a", "b"],
            "timestamp": [datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 1, 2, tzinfo=UTC)],
            "from_account": [None, "X"],
            "to_account": ["X", None],
            "amount_minor": [1000, 400],
            "currency": ["EUR", "EUR"],
        }
    ).write_parquet(path)
    # when read
    ledger = read_ledger(path)
    # then the amounts are the minor units as given
    assert [(t.id, t.amount, t.from_account, t.to_account) for t in ledger.transactions] == [
        ("a", 1000, None, "X"),
        ("b", 400, "X", None),
    ]


def test_a_failed_write_leaves_no_file(tmp_path: Path) -> None:
    # given a ledger whose currency cannot be formatted
    bad = Ledger([Transaction("t", datetime(2025, 1, 1, tzinfo=UTC), None, "A", 1, "???")])
    # when it is written
    with pytest.raises(ValueError, match="unknown currency"):
        write_ledger(bad, tmp_path / "out.csv")
    # then neither the file nor a temporary file is left
    assert list(tmp_path.iterdir()) == []


def test_victims_file_is_read_and_checked_against_the_ledger(tmp_path: Path) -> None:
    # given a victims file naming one real and one unknown transaction
    path = tmp_path / "victims.csv"
    path.write_text("transaction_id,victim\nt1,Ana\nnope,Ben\n")
    # when read and checked
    victims = read_victims(path)
    problems = check_victims(victims, _ledger(), str(path))
    # then the unknown one is reported by row and field
    assert victims == {"t1": "Ana", "nope": "Ben"}
    assert problems == [Problem(str(path), 2, "transaction_id", "no transaction 'nope' in the ledger")]


def test_victims_file_with_empty_cells_is_refused(tmp_path: Path) -> None:
    # given a victims file with an empty victim
    path = tmp_path / "victims.csv"
    path.write_text("transaction_id,victim\nt1,\n")
    # when read, then the cell is named
    with pytest.raises(LedgerError) as caught:
        read_victims(path)
    assert caught.value.problems == [Problem(str(path), 1, "victim", "victim is empty")]


def test_large_parquet_path_gives_the_same_ledger_as_csv(tmp_path: Path) -> None:
    # given a ledger without exchanges written as CSV and as Parquet
    from moneytrace.io_fast import read_parquet_fast

    ledger = _ledger()
    ledger.transactions.pop(2)  # the exchange: exchanges take the row-by-row path
    write_ledger(ledger, tmp_path / "l.csv")
    write_ledger(ledger, tmp_path / "l.parquet")
    # when both are read
    # then the vectorised Parquet reader vouches for the file and gives the same ledger
    assert read_parquet_fast(tmp_path / "l.parquet") is not None
    from_parquet = read_ledger(tmp_path / "l.parquet")
    assert from_parquet.transactions == read_ledger(tmp_path / "l.csv").transactions
    assert from_parquet.opening_balances == {"A": {"EUR": 2500}}


def test_large_parquet_path_leaves_bad_rows_to_the_row_checks(tmp_path: Path) -> None:
    # given a Parquet ledger with a datetime column and an amount with too many decimals
    import polars as pl
    from moneytrace.io_fast import read_parquet_fast

    path = tmp_path / "l.parquet"
    pl.DataFrame(
        {
            "id": ["a", "b"],
            "timestamp": [datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 1, 2, tzinfo=UTC)],
            "from_account": [None, "X"],
            "to_account": ["X", None],
            "amount": ["10.00", "4.001"],
            "currency": ["EUR", "EUR"],
        }
    ).write_parquet(path)
    # when read, then the fast reader declines and the row checks name the row and field
    assert read_parquet_fast(path) is None
    with pytest.raises(LedgerError) as caught:
        read_ledger(path)
    assert caught.value.problems == [
        Problem(str(path), 2, "amount", "'4.001' has more than 2 decimals, the precision of EUR")
    ]


def test_unknown_victim_transaction_is_named_on_its_own_row(tmp_path: Path) -> None:
    # given a victims file that names t1 twice before an unknown transaction
    path = tmp_path / "victims.csv"
    path.write_text("transaction_id,victim\nt1,Ana\nt1,Ana\nnope,Ben\n")
    # when checked, then the unknown one is reported on row 3
    problems = check_victims(read_victims(path), _ledger(), str(path))
    assert problems == [Problem(str(path), 3, "transaction_id", "no transaction 'nope' in the ledger")]
