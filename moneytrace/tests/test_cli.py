"""The command line, through main(argv) and once through the installed console script."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from moneytrace.cli import main

DATA = Path(__file__).parent / "data"
HEADER = "id,timestamp,from_account,to_account,amount,currency\n"


def _import(tmp_path: Path) -> Path:
    out = tmp_path / "ledger.csv"
    code = main(
        [
            "import",
            str(DATA / "bank_a.csv"),
            str(DATA / "bank_b.mt940"),
            "--format",
            "csv",
            "--format",
            "mt940",
            "--mapping",
            str(DATA / "bank_a.mapping.toml"),
            "--out",
            str(out),
        ]
    )
    assert code == 0
    return out


def _victims(tmp_path: Path, ledger: Path) -> Path:
    """Victims file naming the two victims' payments, found by their names in the imported ledger."""
    with open(ledger, newline="") as handle:
        rows = {r["counterparty_name"]: r["id"] for r in csv.DictReader(handle)}
    path = tmp_path / "victims.csv"
    path.write_text(
        f"transaction_id,victim\n{rows['Ana Example']},Ana Example\n{rows['Ben Example']},Ben Example\n"
    )
    return path


def test_import_two_statements_writes_one_ledger(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # given A's CSV and B's MT940
    # when imported
    out = _import(tmp_path)
    # then one ledger with eight transactions, two opening balances and the counterparty columns
    captured = capsys.readouterr()
    assert captured.out == f"wrote 8 transactions to {out}\n"
    assert "1 transfers seen in both statements" in captured.err
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 10
    assert [r["channel"] for r in rows[:2]] == ["opening", "opening"]
    assert rows[2]["counterparty_name"] == "Ana Example"


def test_import_with_a_bad_row_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # given a statement with an unparseable date in row 2
    bad = tmp_path / "bank_a.csv"
    lines = (DATA / "bank_a.csv").read_text().splitlines()
    lines[2] = lines[2].replace("03.03.2025;03.03.2025", "33.03.2025;03.03.2025")
    bad.write_text("\n".join(lines) + "\n")
    out = tmp_path / "ledger.csv"
    # when imported
    code = main(
        [
            "import",
            str(bad),
            "--format",
            "csv",
            "--mapping",
            str(DATA / "bank_a.mapping.toml"),
            "--out",
            str(out),
        ]
    )
    # then the problem is named, the status is 1 and no file is written
    err = capsys.readouterr().err
    assert code == 1
    assert f"error: {bad}, row 2, field 'Buchungstag': cannot parse date '33.03.2025' with %d.%m.%Y" in err
    assert f"error: nothing written to {out}" in err
    assert list(tmp_path.iterdir()) == [bad]


def test_trace_json_and_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # given the imported ledger and the two victims
    ledger = _import(tmp_path)
    victims = _victims(tmp_path, ledger)
    capsys.readouterr()
    # when traced with FIFO
    out = tmp_path / "fifo.json"
    code = main(["trace", str(ledger), "--victims", str(victims), "--method", "fifo", "--json", str(out)])
    # then the JSON has the holdings and exits as decimal strings, and the summary is printed
    assert code == 0
    result = json.loads(out.read_text())
    assert result["method"] == "fifo"
    assert result["holdings"] == [
        {"account": "DE62370400440532013001", "victim": "Ben Example", "amount": "1250.00"},
        {"account": "LT121000011101001000", "victim": "Ana Example", "amount": "400.00"},
        {"account": "LT121000011101001000", "victim": "Ben Example", "amount": "250.00"},
    ]
    assert sorted((e["victim"], e["amount"], e["to_account"]) for e in result["exits"]) == [
        ("Ana Example", "2000.00", None),
        ("Ana Example", "2400.00", "DE77100100100123456789"),
        ("Ben Example", "1000.00", None),
    ]
    summary = capsys.readouterr().out
    assert "Ana Example: paid in 4800.00 EUR" in summary
    assert "traced in total" in summary


def test_trace_schedule_is_printed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # given the imported ledger
    ledger = _import(tmp_path)
    victims = _victims(tmp_path, ledger)
    capsys.readouterr()
    # when traced under LIBR with the schedule
    code = main(["trace", str(ledger), "--victims", str(victims), "--method", "libr", "--schedule"])
    # then every victim has a step-by-step schedule citing the statements
    out = capsys.readouterr().out
    assert code == 0
    assert out.count("  schedule:") == 2
    assert "[bank_a.csv:1]" in out


def test_trace_unknown_victim_transaction(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # given a victims file naming a transaction that is not in the ledger
    ledger = _import(tmp_path)
    victims = tmp_path / "victims.csv"
    victims.write_text("transaction_id,victim\ntx-nope,Ana\n")
    out = tmp_path / "out.json"
    capsys.readouterr()
    # when traced
    code = main(["trace", str(ledger), "--victims", str(victims), "--method", "fifo", "--json", str(out)])
    # then the victims file's row and field are named and nothing is written
    assert code == 1
    assert capsys.readouterr().err == (
        f"error: {victims}, row 1, field 'transaction_id': no transaction 'tx-nope' in the ledger\n"
    )
    assert not out.exists()


def test_trace_overdraft_names_the_transaction_and_ledger_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # given A receiving 100.00 and paying out 150.00
    ledger = tmp_path / "l.csv"
    ledger.write_text(
        HEADER
        + "v1,2025-03-01T09:00:00+00:00,,A,100.00,EUR\n"
        + "t2,2025-03-02T09:00:00+00:00,A,B,150.00,EUR\n"
        + "t3,2025-03-03T09:00:00+00:00,B,,10.00,EUR\n"
    )
    victims = tmp_path / "v.csv"
    victims.write_text("transaction_id,victim\nv1,Ana\n")
    out = tmp_path / "out.json"
    # when traced
    code = main(["trace", str(ledger), "--victims", str(victims), "--method", "fifo", "--json", str(out)])
    # then the overdraft is reported at the ledger row of t2, and nothing is written
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith(f"error: {ledger}, row 2, field 'amount': transaction t2 would overdraw account A")
    assert not out.exists()


def test_trace_refuses_bad_dates_currencies_and_times(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # given a ledger with an unparseable date, one with two currencies, and a naive --at
    bad_date = tmp_path / "d.csv"
    bad_date.write_text(HEADER + "v1,03/01/2025,,A,100.00,EUR\n")
    two = tmp_path / "two.csv"
    two.write_text(
        HEADER + "v1,2025-03-01T09:00:00+00:00,,A,1.00,EUR\nv2,2025-03-01T09:00:00+00:00,,A,1.00,USD\n"
    )
    victims = tmp_path / "v.csv"
    victims.write_text("transaction_id,victim\nv1,Ana\n")
    # when traced, then each is refused with its file, row and field
    assert main(["trace", str(bad_date), "--victims", str(victims), "--method", "fifo"]) == 1
    assert capsys.readouterr().err == (
        f"error: {bad_date}, row 1, field 'timestamp': not an ISO 8601 timestamp: '03/01/2025'\n"
    )
    assert main(["trace", str(two), "--victims", str(victims), "--method", "fifo"]) == 1
    assert "field 'currency': the ledger has several currencies (EUR, USD)" in capsys.readouterr().err
    assert main(["trace", str(two), "--victims", str(victims), "--method", "fifo", "--at", "2025-03-01"]) == 1
    assert "field '--at': '2025-03-01' has no time zone offset" in capsys.readouterr().err


def test_patterns_summary_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # given a ledger where six senders pay M within a day
    ledger = tmp_path / "l.csv"
    ledger.write_text(
        HEADER + "".join(f"t{i},2025-03-01T0{i}:00:00+00:00,S{i},M,10.00,EUR\n" for i in range(6))
    )
    out = tmp_path / "p.json"
    # when patterns are searched
    code = main(["patterns", str(ledger), "--json", str(out)])
    # then the fan-in is printed and written with its evidence
    assert code == 0
    assert "fan-in: 1 finding(s)" in capsys.readouterr().out
    findings = json.loads(out.read_text())["findings"]
    assert [(f["kind"], f["accounts"], len(f["transaction_ids"])) for f in findings] == [("fan-in", ["M"], 6)]


def test_export_ftm(tmp_path: Path) -> None:
    # given the imported ledger
    ledger = _import(tmp_path)
    out = tmp_path / "ftm.jsonl"
    # when exported
    assert main(["export-ftm", str(ledger), "--out", str(out)]) == 0
    entities = [json.loads(line) for line in out.read_text().splitlines()]
    # then accounts, holders and payments are FtM entities linked by id
    by_schema: dict[str, list[dict[str, object]]] = {}
    for entity in entities:
        by_schema.setdefault(str(entity["schema"]), []).append(entity)
    assert sorted(by_schema) == ["BankAccount", "LegalEntity", "Ownership", "Payment"]
    assert len(by_schema["Payment"]) == 8
    ids = {e["id"] for e in entities}
    for payment in by_schema["Payment"]:
        props = payment["properties"]
        assert isinstance(props, dict)
        assert props["payer"][0] in ids
        assert props["beneficiary"][0] in ids
    ibans = sorted(e["properties"]["iban"][0] for e in by_schema["BankAccount"])  # type: ignore[index]
    assert ibans == [
        "AT341904300234573299",
        "BE68539007547034",
        "DE62370400440532013001",
        "DE77100100100123456789",
        "LT121000011101001000",
        "NL37ABNA0417164399",
    ]


def test_installed_console_script(tmp_path: Path) -> None:
    # given the imported ledger and the victims
    ledger = _import(tmp_path)
    victims = _victims(tmp_path, ledger)
    script = Path(sys.executable).parent / "moneytrace"
    # when the installed command is run with JSON on stdout (not a terminal)
    done = subprocess.run(
        [str(script), "trace", str(ledger), "--victims", str(victims), "--method", "prorata", "--json", "-"],
        capture_output=True,
        text=True,
        check=False,
    )
    # then it succeeds, prints only the JSON and shows no progress bar
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    result = json.loads(done.stdout)
    assert result["method"] == "prorata"
    assert all(h["amount"] != "0.00" for h in result["holdings"])


def test_patterns_on_parquet_read_as_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # given a Parquet ledger where five victims pay M from outside within hours
    from moneytrace.io import read_ledger, write_ledger

    csv_ledger = tmp_path / "l.csv"
    csv_ledger.write_text(
        HEADER + "".join(f"t{i},2025-03-01T0{i}:00:00+00:00,,M,10.00,EUR\n" for i in range(5))
    )
    parquet = tmp_path / "l.parquet"
    write_ledger(read_ledger(csv_ledger), parquet)
    # when patterns are searched
    code = main(["patterns", str(parquet)])
    # then the fan-in is found
    assert code == 0
    assert "fan-in: 1 finding(s)" in capsys.readouterr().out


def test_patterns_on_a_bad_parquet_names_the_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # given a Parquet ledger whose second amount is negative
    import polars as pl

    parquet = tmp_path / "bad.parquet"
    pl.DataFrame(
        {
            "id": ["a", "b"],
            "timestamp": ["2025-03-01T09:00:00+00:00", "2025-03-01T10:00:00+00:00"],
            "from_account": [None, "M"],
            "to_account": ["M", None],
            "amount": ["5.00", "-1.00"],
            "currency": ["EUR", "EUR"],
        }
    ).write_parquet(parquet)
    # when patterns are searched, then the row and field are named
    assert main(["patterns", str(parquet)]) == 1
    assert (
        capsys.readouterr().err
        == f"error: {parquet}, row 2, field 'amount': amount must be positive, got -1.00\n"
    )


def test_trace_at_a_moment(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # given the imported ledger and the victims
    ledger = _import(tmp_path)
    victims = _victims(tmp_path, ledger)
    out = tmp_path / "at.json"
    # when traced at 8 March, before B paid anything out
    code = main(
        [
            "trace",
            str(ledger),
            "--victims",
            str(victims),
            "--method",
            "fifo",
            "--at",
            "2025-03-08T00:00:00+00:00",
            "--json",
            str(out),
        ]
    )
    # then all of Ana's money is still in B
    assert code == 0
    result = json.loads(out.read_text())
    assert result["at"] == "2025-03-08T00:00:00+00:00"
    assert [h for h in result["holdings"] if h["victim"] == "Ana Example"] == [
        {"account": "LT121000011101001000", "victim": "Ana Example", "amount": "4800.00"}
    ]
    assert "at 2025-03-08T00:00:00+00:00" in capsys.readouterr().out
