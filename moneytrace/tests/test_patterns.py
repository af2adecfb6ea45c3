"""Laundering patterns on hand-made ledgers: each pattern found, and not found when it is absent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from moneytrace.ledger import Ledger, Transaction
from moneytrace.patterns import Finding, PatternParams, find_patterns

T0 = datetime(2025, 3, 1, 9, tzinfo=UTC)


def _ledger(*rows: tuple[str | None, str | None, int, float]) -> Ledger:
    """Rows of (from, to, amount in minor units, hours after T0); ids t1, t2, ..."""
    return Ledger(
        [
            Transaction(f"t{i}", T0 + timedelta(hours=h), src, dst, amount, "EUR")
            for i, (src, dst, amount, h) in enumerate(rows, start=1)
        ]
    )


def _kind(findings: list[Finding], kind: str) -> list[Finding]:
    return [f for f in findings if f.kind == kind]


def test_fan_in_many_senders_in_a_short_window() -> None:
    # given six senders paying M within two days
    ledger = _ledger(*[(f"S{i}", "M", 1000 + i, 8 * i) for i in range(6)])
    # when patterns are searched
    found = _kind(find_patterns(ledger), "fan-in")
    # then M is a fan-in with all six payments as evidence
    assert [(f.accounts, f.transaction_ids, f.details) for f in found] == [
        (("M",), ("t1", "t2", "t3", "t4", "t5", "t6"), {"parties": 6, "transactions": 6})
    ]
    assert found[0].score == 0.6


def test_no_fan_in_when_spread_out_or_from_one_sender() -> None:
    # given six senders a week apart, and six payments from one sender within a day
    spread = _ledger(*[(f"S{i}", "M", 1000, 24 * 7 * i) for i in range(6)])
    one = _ledger(*[("S", "M", 1000, i) for i in range(6)])
    # then neither is a fan-in
    assert _kind(find_patterns(spread), "fan-in") == []
    assert _kind(find_patterns(one), "fan-in") == []


def test_payments_from_outside_count_as_separate_senders() -> None:
    # given five victims paying in from outside the traced accounts
    ledger = _ledger(*[(None, "M", 5000, i) for i in range(5)])
    # then that is a fan-in
    assert [f.accounts for f in _kind(find_patterns(ledger), "fan-in")] == [("M",)]


def test_fan_out_and_gather_scatter() -> None:
    # given M gathering from five senders and then paying five receivers the next day
    rows = [(f"S{i}", "M", 1000, i) for i in range(5)] + [("M", f"R{i}", 900, 24 + i) for i in range(5)]
    found = find_patterns(_ledger(*rows))
    # then M fans in, fans out, and gathers then scatters
    assert [f.accounts for f in _kind(found, "fan-out")] == [("M",)]
    assert [f.transaction_ids for f in _kind(found, "fan-out")] == [("t6", "t7", "t8", "t9", "t10")]
    gs = _kind(found, "gather-scatter")
    assert [(f.accounts, len(f.transaction_ids)) for f in gs] == [(("M",), 10)]


def test_no_gather_scatter_when_the_fan_out_is_a_month_later() -> None:
    # given the same fan-in and a fan-out thirty days later
    rows = [(f"S{i}", "M", 1000, i) for i in range(5)] + [("M", f"R{i}", 900, 720 + i) for i in range(5)]
    # then there is no gather-scatter
    assert _kind(find_patterns(_ledger(*rows)), "gather-scatter") == []


def test_scatter_gather_through_three_intermediaries() -> None:
    # given S paying I1..I3 and each paying D within two days
    rows = [("S", f"I{i}", 3000, i) for i in range(3)] + [(f"I{i}", "D", 2900, 24 + i) for i in range(3)]
    found = _kind(find_patterns(_ledger(*rows)), "scatter-gather")
    # then one finding names the source, the intermediaries and the destination
    assert [(f.accounts, sorted(f.transaction_ids)) for f in found] == [
        (("S", "I0", "I1", "I2", "D"), ["t1", "t2", "t3", "t4", "t5", "t6"])
    ]


def test_no_scatter_gather_when_the_money_goes_back_before_it_came() -> None:
    # given intermediaries that paid D before S paid them
    rows = [(f"I{i}", "D", 2900, i) for i in range(3)] + [("S", f"I{i}", 3000, 24 + i) for i in range(3)]
    # then time order rules it out
    assert _kind(find_patterns(_ledger(*rows)), "scatter-gather") == []


def test_cycle_in_time_order() -> None:
    # given A -> B -> C -> A over three days, with a small fee at each hop
    ledger = _ledger(("A", "B", 10000, 0), ("B", "C", 9800, 24), ("C", "A", 9600, 48))
    found = _kind(find_patterns(ledger), "cycle")
    # then one cycle, starting at its earliest transfer
    assert [(f.accounts, f.transaction_ids) for f in found] == [(("A", "B", "C"), ("t1", "t2", "t3"))]
    assert found[0].details["share_returned"] == 0.96


def test_no_cycle_against_time_or_beyond_the_window_or_length() -> None:
    # given a loop whose middle transfer happened first, one that takes a month, and one of 7 hops
    backwards = _ledger(("A", "B", 10000, 24), ("B", "C", 9800, 0), ("C", "A", 9600, 48))
    slow = _ledger(("A", "B", 10000, 0), ("B", "C", 9800, 24 * 15), ("C", "A", 9600, 24 * 30))
    names = [f"N{i}" for i in range(7)]
    long = _ledger(*[(names[i], names[(i + 1) % 7], 10000, i) for i in range(7)])
    # then none is a cycle with the default bounds
    for ledger in (backwards, slow, long):
        assert _kind(find_patterns(ledger), "cycle") == []


def test_pass_through_chain_of_mules() -> None:
    # given a victim's 5000 passing through M1 and M2 within hours, a commission kept at each
    ledger = _ledger((None, "M1", 500000, 0), ("M1", "M2", 470000, 3), ("M2", "X", 450000, 5))
    found = _kind(find_patterns(ledger), "pass-through")
    # then the chain is one finding with all three transfers
    assert [(f.accounts, f.transaction_ids) for f in found] == [(("M1", "M2", "X"), ("t1", "t2", "t3"))]
    assert found[0].details["mules"] == ["M1", "M2"]
    assert found[0].details["share_passed_on"] == 0.9


def test_no_pass_through_when_the_money_stays_or_shrinks() -> None:
    # given an account that keeps the money for a week, and one that passes on only half
    slow = _ledger((None, "M1", 500000, 0), ("M1", "M2", 490000, 24 * 7), ("M2", "X", 480000, 24 * 7 + 1))
    half = _ledger((None, "M1", 500000, 0), ("M1", "M2", 250000, 1), ("M2", "X", 240000, 2))
    # then neither is a chain
    assert _kind(find_patterns(slow), "pass-through") == []
    assert _kind(find_patterns(half), "pass-through") == []


def test_a_single_mule_is_reported_when_asked() -> None:
    # given one pass-through account and a minimum of one hop
    ledger = _ledger((None, "M1", 500000, 0), ("M1", "X", 495000, 2))
    found = _kind(find_patterns(ledger, params=PatternParams(passthrough_min_hops=1)), "pass-through")
    # then it is found
    assert [f.accounts for f in found] == [("M1", "X")]


def test_structuring_just_below_the_threshold() -> None:
    # given four cash deposits of 9,500-9,900 EUR into A within three days, and one of 10,000
    rows = [(None, "A", 950000 + 10000 * i, 18 * i) for i in range(4)] + [(None, "A", 1000000, 80)]
    found = _kind(find_patterns(_ledger(*rows)), "structuring")
    # then the four are one finding; the one at the threshold is not evidence
    assert [(f.accounts, f.transaction_ids) for f in found] == [(("A",), ("t1", "t2", "t3", "t4"))]
    assert found[0].summary == "A: 4 payments just below 10000 EUR within 7 days"


def test_no_structuring_when_amounts_are_lower_or_too_few() -> None:
    # given deposits well below the threshold, and only two just below it
    low = _ledger(*[(None, "A", 500000, i) for i in range(5)])
    few = _ledger((None, "A", 990000, 0), (None, "A", 990000, 1))
    # then no structuring
    assert _kind(find_patterns(low), "structuring") == []
    assert _kind(find_patterns(few), "structuring") == []


def test_thresholds_are_parameters() -> None:
    # given deposits of 2,900 and a threshold of 3,000
    ledger = _ledger(*[(None, "A", 290000, i) for i in range(3)])
    params = PatternParams(structuring_thresholds={"EUR": __import__("decimal").Decimal(3000)})
    # then they are structuring
    assert len(_kind(find_patterns(ledger, params=params), "structuring")) == 1


def test_empty_ledger_has_no_findings() -> None:
    assert find_patterns(Ledger([])) == []


def test_a_longer_cycle_window_is_searched_without_the_shared_pairs() -> None:
    # given a cycle over thirty days and a cycle window of forty days (longer than the pair window)
    ledger = _ledger(("A", "B", 10000, 0), ("B", "C", 9800, 24 * 15), ("C", "A", 9600, 24 * 30))
    params = PatternParams(cycle_window=timedelta(days=40))
    # when searched, then the cycle is found
    found = _kind(find_patterns(ledger, params=params), "cycle")
    assert [f.transaction_ids for f in found] == [("t1", "t2", "t3")]
