"""Property tests: the fast kernels give exactly the reference engine's results, for every method."""

import os
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from moneytrace.kernels import run
from moneytrace.ledger import Ledger, Transaction
from moneytrace.methods.common import METHODS
from moneytrace.schedule import OverdraftError
from moneytrace.trace import trace

from .tracehelpers import T0

MULES = ["M0", "M1", "M2", "M3"]
PROPERTY = settings(
    max_examples=int(os.environ.get("MONEYTRACE_EXAMPLES", "30")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


# The share methods run both on the automatic layout (dense for few labels) and on the linked lists;
# the other methods have one layout only.
LAYOUT_CASES = [(m, "auto") for m in METHODS] + [(m, "sparse") for m in ("prorata", "libr", "dirty-first")]


@pytest.fixture
def layout(request, monkeypatch):
    """Force the linked-list layout when the case asks for it."""
    if request.param == "sparse":
        monkeypatch.setattr(run, "DENSE_LABELS", 0)
    return request.param


@st.composite
def ledgers(draw, currencies=("EUR",), openings=True):
    """A random ledger that never overdraws, with victims, clean money, transfers, exits, exchanges."""
    balance = {(m, c): 0 for m in MULES for c in currencies}
    opening: dict[str, dict[str, int]] = {}
    for m in MULES:
        if openings and draw(st.integers(0, 3)) == 0:
            amount = draw(st.integers(1, 500))
            opening[m] = {currencies[0]: amount}
            balance[(m, currencies[0])] = amount
    txs, victims = [], {}
    hour = 0
    for n in range(draw(st.integers(1, 25))):
        hour += draw(st.sampled_from([0, 1, 1, 2]))  # equal timestamps keep the ledger's order
        ts = T0 + timedelta(hours=hour)
        funded = [k for k, b in balance.items() if b > 0]
        kind = draw(st.sampled_from(["victim", "victim", "clean", "move", "move", "move", "out", "exchange"]))
        if kind in ("move", "out", "exchange") and not funded:
            kind = "victim"
        tid = f"t{n}"
        if kind in ("victim", "clean"):
            to = draw(st.sampled_from(MULES))
            cur = draw(st.sampled_from(currencies))
            amount = draw(st.integers(1, 1000))
            payer = f"V{draw(st.integers(0, 3))}" if kind == "victim" else "EMPLOYER"
            txs.append(Transaction(tid, ts, payer, to, amount, cur))
            balance[(to, cur)] += amount
            if kind == "victim":
                victims[tid] = f"victim-{payer}"
            continue
        frm, cur = draw(st.sampled_from(funded))
        amount = draw(st.integers(1, balance[(frm, cur)]))
        balance[(frm, cur)] -= amount
        if kind == "move":
            to = draw(st.sampled_from([m for m in MULES if m != frm]))
            txs.append(Transaction(tid, ts, frm, to, amount, cur))
            balance[(to, cur)] += amount
        elif kind == "out":
            to = draw(st.sampled_from([None, "ABROAD", "CASH-DESK"]))
            txs.append(Transaction(tid, ts, frm, to, amount, cur, counterparty_country="XK"))
        elif len(currencies) > 1:
            to = draw(st.sampled_from(MULES))
            to_cur = draw(st.sampled_from([c for c in currencies if c != cur]))
            to_amount = draw(st.integers(1, 3000))
            txs.append(
                Transaction(
                    tid, ts, frm, to, amount, cur, channel="exchange", to_amount=to_amount, to_currency=to_cur
                )
            )
            balance[(to, to_cur)] += to_amount
        else:
            txs.append(Transaction(tid, ts, frm, None, amount, cur))
    return Ledger(txs, opening), victims


def assert_same(ledger, victims, method, currency, at=None):
    ref = trace(ledger, victims, method=method, currency=currency, at=at, engine="reference")
    fast = trace(ledger, victims, method=method, currency=currency, at=at, engine="fast")
    assert fast.holdings == ref.holdings
    assert fast.exits == ref.exits
    assert fast.losses == ref.losses
    assert fast.capped == ref.capped
    for victim, loss in ref.losses.items():
        assert ref.traced_total(victim) == loss


@pytest.mark.parametrize(("method", "layout"), LAYOUT_CASES, indirect=["layout"])
@PROPERTY
@given(data=ledgers(), cut=st.integers(0, 30))
def test_engines_agree_one_currency(method, data, cut, layout):
    ledger, victims = data
    assert_same(ledger, victims, method, "EUR")
    assert_same(ledger, victims, method, "EUR", at=T0 + timedelta(hours=cut))


@pytest.mark.parametrize(("method", "layout"), LAYOUT_CASES, indirect=["layout"])
@PROPERTY
@given(data=ledgers(currencies=("EUR", "USD")))
def test_engines_agree_with_exchanges(method, data, layout):
    ledger, victims = data
    for currency in ledger.currencies():
        assert_same(ledger, victims, method, currency)


@pytest.mark.parametrize("method", ["prorata", "libr", "dirty-first"])
@PROPERTY
@given(data=ledgers(currencies=("EUR", "USD")), cut=st.integers(0, 30))
def test_engines_agree_with_one_victim(method, data, cut):
    # given every victim payment labelled as one victim: the share methods take the two-label kernel
    ledger, victims = data
    one = dict.fromkeys(victims, "victim-one")
    # then it gives the reference engine's figures, with exchanges and at any moment
    for currency in ledger.currencies():
        assert_same(ledger, one, method, currency)
        assert_same(ledger, one, method, currency, at=T0 + timedelta(hours=cut))


@pytest.mark.parametrize("method", METHODS)
@settings(max_examples=15, deadline=None)
@given(data=ledgers(), extra=st.integers(1, 100))
def test_both_engines_refuse_an_overdraft(method, data, extra):
    # given: M0 receives one unit, then pays out more than it can hold
    ledger, victims = data
    txs = [
        *ledger.transactions,
        Transaction("top-up", T0 + timedelta(days=29), "EMPLOYER", "M0", 1, "EUR"),
        Transaction("too-much", T0 + timedelta(days=30), "M0", "ELSEWHERE", 10**6 + extra, "EUR"),
    ]
    bigger = Ledger(txs, ledger.opening_balances)
    # when / then: both engines name the transaction and the account, with the same words
    with pytest.raises(OverdraftError) as ref:
        trace(bigger, victims, method=method, engine="reference")
    with pytest.raises(OverdraftError) as fast:
        trace(bigger, victims, method=method, engine="fast")
    assert str(ref.value) == str(fast.value)
    assert "transaction too-much would overdraw account M0" in str(ref.value)
