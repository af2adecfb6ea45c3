"""The case's ledger rebuilt for moneytrace from the stored transactions and opening balances."""

from __future__ import annotations

from moneytrace.ledger import Ledger, Transaction

from iproceeds.investigations.models import CaseTransaction, InvestigationCase


def _transaction(row: CaseTransaction) -> Transaction:
    return Transaction(
        id=row.tx_id,
        timestamp=row.timestamp,
        from_account=row.from_account or None,
        to_account=row.to_account or None,
        amount=row.amount_minor,
        currency=row.currency,
        channel=row.channel or None,
        counterparty_bank=row.counterparty_bank or None,
        counterparty_country=row.counterparty_country or None,
        to_amount=row.to_amount_minor,
        to_currency=row.to_currency or None,
        source=row.source or None,
    )


def case_ledger(*, case: InvestigationCase) -> Ledger:
    """The ledger of every transaction stored in the case, with the statements' opening balances."""
    balances: dict[str, dict[str, int]] = {}
    for statement_balances in case.statements.order_by("id").values_list("opening_balances", flat=True):
        for account, per_currency in statement_balances.items():
            for currency, minor in per_currency.items():
                # The earliest imported statement of an account gives its opening balance.
                balances.setdefault(account, {}).setdefault(currency, minor)
    # Insertion order keeps the order moneytrace gave transactions booked at the same time.
    rows = case.transactions.order_by("timestamp", "id")
    return Ledger([_transaction(row) for row in rows], balances).sorted()
