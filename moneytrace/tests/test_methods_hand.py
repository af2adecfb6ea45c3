"""Hand-checked ledgers for every method (the arithmetic is written out in the comments)."""

from datetime import datetime

import pytest
from moneytrace.ledger import Ledger, LedgerError
from moneytrace.trace import OverdraftError, trace

from .tracehelpers import summary, tx

ENGINES = ["reference", "fast"]

# M opens with 100 clean; victim A pays 300, victim B 600; M sends 500 to N; N withdraws 200 in cash;
# a salary of 400 (clean) arrives at M; M pays 700 to X, an account outside the trace.
# M: 100 -> 400 -> 1000 -> 500 -> 900 -> 200.  N: 500 -> 300.
MIXED = Ledger(
    [
        tx(1, "VA", "M", 300),
        tx(2, "VB", "M", 600),
        tx(3, "M", "N", 500),
        tx(4, "N", None, 200, channel="cash"),
        tx(5, "EMPLOYER", "M", 400),
        tx(6, "M", "X", 700),
    ],
    opening_balances={"M": {"EUR": 100}},
)
VICTIMS = {"t1": "A", "t2": "B"}

EXPECTED = {
    # M lots [c100, A300, B600]; t3 takes c100 A300 B100 -> N; t4 takes c100 A100 out; t6 takes B500 c200.
    "fifo": ([("N", "A", 200), ("N", "B", 100)], [("t4", "A", 100), ("t6", "B", 500)]),
    # t3 takes B500 -> N; t4 takes B200 out; t6 takes c400 B100 A200 (newest first).
    "lifo": (
        [("M", "A", 100), ("N", "B", 300)],
        [("t4", "B", 200), ("t6", "A", 200), ("t6", "B", 100)],
    ),
    # t3: c100 then 400 of A300:B600 = 133.3/266.7 -> 133/267 (B has the larger remainder);
    # t4: c100 then 100 of A133:B267 = 33.25/66.75 -> 33/67; t6: c400 then 300 of A167:B333 -> 100/200.
    "libr": (
        [("M", "A", 67), ("M", "B", 133), ("N", "A", 100), ("N", "B", 200)],
        [("t4", "A", 33), ("t4", "B", 67), ("t6", "A", 100), ("t6", "B", 200)],
    ),
    # t3 halves everything; t4 takes 2/5 of N (c20 A60 B120); t6 takes 7/9 of c450 A150 B300:
    # 350 / 116.67 / 233.33 -> A gets the leftover unit (remainder 600 > 300): 117 / 233.
    "prorata": (
        [("M", "A", 33), ("M", "B", 67), ("N", "A", 90), ("N", "B", 180)],
        [("t4", "A", 60), ("t4", "B", 120), ("t6", "A", 117), ("t6", "B", 233)],
    ),
    # t3: 500 of A300:B600 -> 167/333 (A has the larger remainder); t4: 200 of A167:B333 -> 67/133;
    # t6: all victims' money (A133 B267) leaves first, then 300 clean.
    "dirty-first": (
        [("N", "A", 100), ("N", "B", 200)],
        [("t4", "A", 67), ("t4", "B", 133), ("t6", "A", 133), ("t6", "B", 267)],
    ),
    # Both victims taint M and N: uncapped exits t4 200, t6 700, holdings M 200, N 300 (1400 each).
    # Capped pro rata to 300 (A) and 600 (B); leftover units to the earliest items.
    "poison": (
        [("M", "A", 43), ("M", "B", 86), ("N", "A", 64), ("N", "B", 128)],
        [("t4", "A", 43), ("t4", "B", 86), ("t6", "A", 150), ("t6", "B", 300)],
    ),
}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("method", sorted(EXPECTED))
def test_mixed_ledger_by_hand(method, engine):
    # when
    result = trace(MIXED, VICTIMS, method=method, engine=engine)
    # then
    assert summary(result) == EXPECTED[method]
    assert result.losses == {"A": 300, "B": 600}
    assert result.traced_total("A") == 300
    assert result.traced_total("B") == 600
    assert result.capped == ({"A": 1100, "B": 800} if method == "poison" else {})


@pytest.mark.parametrize("engine", ENGINES)
def test_libr_roscoe_v_winder(engine):
    # given: 455 of the claimant's money paid in, the balance falls to 25, later deposits bring it to 358
    ledger = Ledger(
        [
            tx(1, "CLAIMANT", "WINDER", 45500),
            tx(2, "WINDER", "SPENT", 43000),
            tx(3, "OTHER", "WINDER", 33300),
            tx(4, "WINDER", "SPENT", 1),
        ]
    )
    # when: traced just before and after the last, tiny payment
    result = trace(ledger, {"t1": "claimant"}, method="libr", engine=engine, at=tx(3, "", "", 1).timestamp)
    later = trace(ledger, {"t1": "claimant"}, method="libr", engine=engine)
    # then: only 25 is traceable; the later deposits do not top it up, and are spent first
    assert summary(result) == ([("WINDER", "claimant", 2500)], [("t2", "claimant", 43000)])
    assert summary(later) == ([("WINDER", "claimant", 2500)], [("t2", "claimant", 43000)])


def test_reference_schedule_lists_each_step():
    # when
    result = trace(MIXED, VICTIMS, method="fifo", engine="reference")
    # then: A's money enters M, moves to N, and 100 of it leaves N in cash
    steps = [(s.transaction_id, s.account, s.before, s.after) for s in result.schedule["A"]]
    assert steps == [("t1", "M", 0, 300), ("t3", "M", 300, 0), ("t3", "N", 0, 300), ("t4", "N", 300, 200)]
    assert result.schedule["A"][0].rule.startswith("FIFO")


@pytest.mark.parametrize("engine", ENGINES)
def test_exchange_converts_labels_at_its_own_rate(engine):
    # given: A pays 300 EUR, 100 EUR clean arrive, M changes all 400 EUR into 7 BTC units, then pays 3 out
    ledger = Ledger(
        [
            tx(1, "VA", "M", 300),
            tx(2, "EMPLOYER", "M", 100),
            tx(3, "M", "M", 400, channel="exchange", to_amount=7, to_currency="BTC"),
            tx(4, "M", "X", 3, currency="BTC"),
        ]
    )
    # when
    eur = trace(ledger, {"t1": "A"}, method="prorata", currency="EUR", engine=engine)
    btc = trace(ledger, {"t1": "A"}, method="prorata", currency="BTC", engine=engine)
    # then: in EUR the exchange is an exit of A's 300
    assert summary(eur) == ([], [("t3", "A", 300)])
    assert eur.losses == {"A": 300}
    # in BTC, 7 units split 300:100 -> 5.25 / 1.75 -> A 5 (clean has the larger remainder, gets 2);
    # t4 takes 3 of A5:c2 -> 2.14 / 0.86 -> A 2, clean 1
    assert summary(btc) == ([("M", "A", 3)], [("t4", "A", 2)])
    assert btc.losses == {"A": 5}


@pytest.mark.parametrize("engine", ENGINES)
def test_progress_is_reported_to_the_end(engine):
    seen = []
    trace(
        MIXED, VICTIMS, method="fifo", engine=engine, progress=lambda done, total: seen.append((done, total))
    )
    assert seen[-1] == (6, 6)


def test_bad_requests_are_refused_with_the_field_named():
    two = Ledger([tx(1, "VA", "M", 300), tx(2, "VB", "N", 5, currency="USD")])
    with pytest.raises(LedgerError, match="several currencies \\(EUR, USD\\): choose one"):
        trace(two, {"t1": "A"}, method="fifo")
    with pytest.raises(LedgerError, match="victim transaction 'nope' not found"):
        trace(MIXED, {"nope": "A"}, method="fifo")
    with pytest.raises(LedgerError, match="unknown method 'hallett'"):
        trace(MIXED, VICTIMS, method="hallett")
    with pytest.raises(LedgerError, match="field 'at'"):
        trace(MIXED, VICTIMS, method="fifo", at=datetime(2026, 3, 2))


@pytest.mark.parametrize("engine", ENGINES)
def test_overdraft_names_the_transaction(engine):
    ledger = Ledger([tx(1, "VA", "M", 300), tx(2, "M", "N", 301), tx(3, "N", None, 1)])
    with pytest.raises(
        OverdraftError,
        match="transaction t2 would overdraw account M: it pays 301 EUR but the account holds 300",
    ):
        trace(ledger, {"t1": "A"}, method="libr", engine=engine)


def test_json_has_decimal_strings():
    result = trace(MIXED, VICTIMS, method="fifo", engine="reference")
    data = result.to_json()
    assert data["holdings"][0] == {"account": "N", "victim": "A", "amount": "2.00"}
    assert data["exits"][0]["transaction_id"] == "t4"
    assert data["exits"][0]["amount"] == "1.00"
    assert data["losses"] == {"A": "3.00", "B": "6.00"}
