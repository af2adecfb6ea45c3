"""Small builders for hand-checked ledgers."""

from datetime import UTC, datetime, timedelta

from moneytrace.ledger import Transaction

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def tx(n, frm, to, amount, currency="EUR", **kw):
    """Transaction t<n> at T0 + n hours."""
    return Transaction(f"t{n}", T0 + timedelta(hours=n), frm, to, amount, currency, **kw)


def summary(result):
    """Holdings and exits as plain tuples, for exact comparison."""
    return (
        [(h.account, h.victim, h.amount) for h in result.holdings],
        [(e.transaction_id, e.victim, e.amount) for e in result.exits],
    )
