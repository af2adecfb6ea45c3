"""Importers: every format, validation reports naming file/row/field, merging of two statements."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from moneytrace.importers import import_statements, load_mapping, mapping_from_dict
from moneytrace.ledger import LedgerError

DATA = Path(__file__).parent / "data"
A = "DE62370400440532013001"
B = "LT121000011101001000"


def _rows(ledger):  # type: ignore[no-untyped-def]
    return [(t.from_account, t.to_account, t.amount, t.currency, t.channel) for t in ledger.transactions]


def test_csv_with_decimal_comma_and_debit_credit_columns() -> None:
    # given a German bank export and its mapping
    mapping = load_mapping(DATA / "bank_a.mapping.toml")
    # when imported
    ledger, report = import_statements([DATA / "bank_a.csv"], format="csv", mapping=mapping)
    # then every row is a transaction with exact minor units, in the mapping's time zone
    assert report.problems == []
    assert _rows(ledger) == [
        (None, A, 480000, "EUR", "transfer"),
        (None, A, 250000, "EUR", "transfer"),
        (A, None, 30000, "EUR", "card"),
        (A, B, 600000, "EUR", "transfer"),
        (A, None, 100000, "EUR", "cash"),
    ]
    assert ledger.transactions[0].timestamp == datetime(2025, 3, 3, tzinfo=timezone(timedelta(hours=1)))
    assert ledger.transactions[0].counterparty_country == "AT"
    assert ledger.opening_balances == {A: {"EUR": 125000}}
    assert report.details[ledger.transactions[0].id] == {
        "counterparty_account": "AT341904300234573299",
        "counterparty_name": "Ana Example",
        "reference": "Invoice 2025-117",
    }


def test_csv_problems_name_file_row_and_column(tmp_path: Path) -> None:
    # given an export with a bad date, a bad IBAN, a bad amount, both sides filled and a wrong currency
    path = tmp_path / "bad.csv"
    path.write_text(
        "Date;IBAN;Soll;Haben;Cur\n"
        "31.02.2025;;-5,00;;EUR\n"
        "01.03.2025;DE00370400440532013001;-5,00;;EUR\n"
        "01.03.2025;;-5,0x;;EUR\n"
        "01.03.2025;;-5,00;7,00;EUR\n"
        "01.03.2025;;-5,00;;USD\n"
        "02.03.2025;;;;EUR\n"
    )
    mapping = mapping_from_dict(
        {
            "account": A,
            "currency": "EUR",
            "delimiter": ";",
            "decimal": ",",
            "date_formats": ["%d.%m.%Y"],
            "columns": {
                "date": "Date",
                "counterparty_account": "IBAN",
                "debit": "Soll",
                "credit": "Haben",
                "currency": "Cur",
            },
        }
    )
    # when imported
    ledger, report = import_statements([path], format="csv", mapping=mapping)
    # then each faulty row is named and left out, nothing else is lost
    name = str(path)
    assert [(p.file, p.row, p.field) for p in report.problems] == [
        (name, 1, "Date"),
        (name, 2, "IBAN"),
        (name, 3, "Soll"),
        (name, 4, "Soll"),
        (name, 5, "Cur"),
        (name, 6, "Soll"),
    ]
    assert report.problems[0].message == "cannot parse date '31.02.2025' with %d.%m.%Y"
    assert report.problems[1].message.startswith("invalid IBAN 'DE00370400440532013001'")
    assert report.problems[3].message == "both debit and credit are filled"
    assert report.problems[4].message == "currency USD differs from the statement's EUR"
    assert report.problems[5].message == "neither debit nor credit is filled"
    assert ledger.transactions == []


def test_single_amount_column_with_debit_positive_sign_and_thousands(tmp_path: Path) -> None:
    # given an export where positive amounts are debits and thousands are separated by commas
    path = tmp_path / "us.csv"
    path.write_text('date,amount,ref\n2025-03-01,"1,250.50",x\n2025-03-02,-10.00,y\n')
    mapping = mapping_from_dict(
        {
            "account": A,
            "currency": "EUR",
            "thousands": ",",
            "sign": "debit-positive",
            "columns": {"date": "date", "amount": "amount", "id": "ref"},
        }
    )
    # when imported
    ledger, report = import_statements([path], format="csv", mapping=mapping)
    # then the first is a debit of 1250.50, the second a credit of 10.00
    assert report.problems == []
    assert _rows(ledger) == [(A, None, 125050, "EUR", None), (None, A, 1000, "EUR", None)]


def test_bad_mapping_names_every_bad_key() -> None:
    # given a mapping with an unknown key, no date column and both amount styles
    data = {
        "account": A,
        "currency": "EUR",
        "sign": "sideways",
        "columns": {"amount": "a", "debit": "d", "credit": "c", "colour": "x"},
    }
    # when checked, then every fault is named
    with pytest.raises(LedgerError) as caught:
        mapping_from_dict(data, "m.toml")
    assert [p.field for p in caught.value.problems] == [
        "columns.colour",
        "columns.date",
        "columns.amount",
        "sign",
    ]


def test_mt940_with_balances_and_details() -> None:
    # given an MT940 statement of account B
    # when imported
    ledger, report = import_statements([DATA / "bank_b.mt940"], format="mt940")
    # then the lines, counterparties and balances are read and the closing balance agrees
    assert report.problems == []
    assert _rows(ledger) == [
        (None, B, 600000, "EUR", "transfer"),
        (None, B, 80000, "EUR", "transfer"),
        (B, "DE77100100100123456789", 350000, "EUR", "transfer"),
        (B, None, 200000, "EUR", "cash"),
    ]
    assert ledger.opening_balances == {B: {"EUR": 15000}}
    assert report.details[ledger.transactions[2].id]["counterparty_name"] == "Example Exchange GmbH"
    assert ledger.transactions[2].counterparty_bank == "PBNKDEFFXXX"
    assert ledger.transactions[0].source == "bank_b.mt940:5"


def test_mt940_problems_name_the_line(tmp_path: Path) -> None:
    # given an MT940 with a broken statement line and a wrong closing balance
    path = tmp_path / "bad.mt940"
    path.write_text(
        ":20:X\n:25:LT121000011101001000\n:60F:C250228EUR100,00\n"
        ":61:25030X0306C6000,00NTRFNONREF\n"
        ":61:2503060306D50,00NTRFNONREF\n"
        ":62F:C250312EUR10,00\n"
    )
    # when imported
    _, report = import_statements([path], format="mt940")
    # then both problems carry their line
    assert [(p.row, p.field) for p in report.problems] == [(4, "61"), (6, "closing_balance")]
    assert report.problems[1].message == (
        "closing balance 10.00 EUR does not equal opening balance plus entries (50.00)"
    )


def test_statements_of_two_banks_merge_and_the_transfer_is_one_transaction() -> None:
    # given A's CSV (debit 6000 to B on 5 March) and B's MT940 (credit 6000 from A on 6 March)
    mapping = load_mapping(DATA / "bank_a.mapping.toml")
    # when both are imported together
    ledger, report = import_statements(
        [DATA / "bank_a.csv", DATA / "bank_b.mt940"], format=["csv", "mt940"], mapping=mapping
    )
    # then the transfer appears once, dated when B booked it, and nothing is reported
    assert report.problems == []
    assert report.merged_transfers == 1
    transfers = [t for t in ledger.transactions if t.from_account == A and t.to_account == B]
    assert len(transfers) == 1
    assert transfers[0].timestamp == datetime(2025, 3, 6, tzinfo=UTC)
    assert transfers[0].source == "bank_a.csv:4+bank_b.mt940:5"
    assert len(ledger.transactions) == 8
    assert ledger.opening_balances == {A: {"EUR": 125000}, B: {"EUR": 15000}}


def test_transfer_outside_the_tolerance_is_reported_not_merged() -> None:
    # given the same two statements but a tolerance of zero days
    mapping = load_mapping(DATA / "bank_a.mapping.toml")
    # when imported
    ledger, report = import_statements(
        [DATA / "bank_a.csv", DATA / "bank_b.mt940"],
        format=["csv", "mt940"],
        mapping=mapping,
        tolerance=timedelta(0),
    )
    # then both halves are kept and each is reported
    assert report.merged_transfers == 0
    assert [(Path(p.file or "").name, p.row, p.field) for p in report.problems] == [
        ("bank_a.csv", 4, "counterparty_account"),
        ("bank_b.mt940", 5, "counterparty_account"),
    ]
    assert len(ledger.transactions) == 9


def test_ids_are_deterministic() -> None:
    # given the same file imported twice
    mapping = load_mapping(DATA / "bank_a.mapping.toml")
    first, _ = import_statements([DATA / "bank_a.csv"], format="csv", mapping=mapping)
    second, _ = import_statements([DATA / "bank_a.csv"], format="csv", mapping=mapping)
    # then the ids are the same and distinct
    assert [t.id for t in first.transactions] == [t.id for t in second.transactions]
    assert len({t.id for t in first.transactions}) == 5


def test_camt053_reads_booked_entries_only() -> None:
    # given a camt.053 with two booked entries and a pending one
    ledger, report = import_statements([DATA / "camt053.xml"], format="camt053")
    # then the pending one is left out, the parties and balances are read
    assert report.problems == []
    assert _rows(ledger) == [
        (None, "BE68539007547034", 400000, "EUR", "transfer"),
        ("BE68539007547034", "DE77100100100123456789", 130000, "EUR", "transfer"),
    ]
    assert ledger.transactions[0].timestamp == datetime(2025, 3, 3, 9, 15, tzinfo=UTC)
    assert ledger.opening_balances == {"BE68539007547034": {"EUR": 50000}}
    assert report.details[ledger.transactions[0].id]["counterparty_name"] == "Clara Example"


def test_camt053_refuses_an_entity_bomb(tmp_path: Path) -> None:
    # given an XML document that declares entities
    path = tmp_path / "bomb.xml"
    path.write_text('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><Document>&a;</Document>')
    # when imported, then it is refused as a problem of the file
    ledger, report = import_statements([path], format="camt053")
    assert ledger.transactions == []
    assert len(report.problems) == 1
    assert report.problems[0].message.startswith("not a readable XML statement")


def test_ofx_statement() -> None:
    # given an OFX 1.x statement
    ledger, report = import_statements([DATA / "statement.ofx"], format="ofx")
    # then the three transactions are read, the ATM one as cash, the opening balance derived
    assert report.problems == []
    assert _rows(ledger) == [
        (None, "000123456789", 250000, "USD", None),
        ("000123456789", None, 40000, "USD", "cash"),
        ("000123456789", None, 180000, "USD", None),
    ]
    assert ledger.opening_balances == {"000123456789": {"USD": 10000}}


def test_ofx_garbage_is_one_problem(tmp_path: Path) -> None:
    # given a file that is not OFX
    path = tmp_path / "x.ofx"
    path.write_text("hello")
    # when imported, then the file is named
    _, report = import_statements([path], format="ofx")
    assert [(p.file, p.row) for p in report.problems] == [(str(path), None)]


def test_crypto_csv_deposits_trades_withdrawals_and_fees() -> None:
    # given an exchange export
    ledger, report = import_statements([DATA / "crypto.csv"], format="crypto-csv")
    # then the trade is an exchange inside the account and fees leave as their own transactions
    acc = "exchange:UID-48812"
    assert report.problems == []
    assert _rows(ledger) == [
        (None, acc, 1301300000, "USDT", "crypto"),
        (acc, acc, 1300000000, "USDT", "exchange"),
        (acc, None, 1300000, "USDT", "crypto"),
        (acc, "bc1qexampleexampleexampleexampleexample0000", 1990000, "BTC", "crypto"),
        (acc, None, 10000, "BTC", "crypto"),
    ]
    assert (ledger.transactions[1].to_amount, ledger.transactions[1].to_currency) == (2000000, "BTC")


def test_crypto_csv_problems(tmp_path: Path) -> None:
    # given rows with an unknown type, a naive timestamp, too many decimals and no address
    path = tmp_path / "c.csv"
    path.write_text(
        "timestamp,type,account,asset,amount,tx_hash,address\n"
        "2025-03-05T14:02:11+00:00,gift,x,BTC,1,h1,a\n"
        "2025-03-05T14:02:11,deposit,x,BTC,1,h2,a\n"
        "2025-03-05T14:02:11+00:00,deposit,x,BTC,0.000000001,h3,a\n"
        "2025-03-05T14:02:11+00:00,withdrawal,x,BTC,1,h4,\n"
    )
    _, report = import_statements([path], format="crypto-csv")
    assert [(p.row, p.field) for p in report.problems] == [
        (1, "type"),
        (2, "timestamp"),
        (3, "amount"),
        (4, "address"),
    ]


def test_overlapping_statements_are_reported(tmp_path: Path) -> None:
    # given the same MT940 statement imported twice under two names
    copy = tmp_path / "copy.mt940"
    copy.write_text((DATA / "bank_b.mt940").read_text())
    # when both are imported
    ledger, report = import_statements([DATA / "bank_b.mt940", copy], format="mt940")
    # then each repeated booking is named, and nothing is dropped
    assert [(Path(p.file or "").name, p.row, p.field) for p in report.problems] == [
        ("copy.mt940", 5, "id"),
        ("copy.mt940", 7, "id"),
        ("copy.mt940", 9, "id"),
        ("copy.mt940", 11, "id"),
    ]
    assert report.problems[0].message == (
        "booking reference 'LB250306001' of LT121000011101001000 appears twice (also bank_b.mt940:5): "
        "overlapping statements would count it twice"
    )
    assert len(ledger.transactions) == 8
