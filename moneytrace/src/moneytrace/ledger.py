"""The ledger: transactions between accounts in integer minor units, with opening balances."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem of a file or ledger, for validation reports and errors."""

    file: str | None
    row: int | None  # 1-based data row (header is row 0) or line number for text formats
    field: str | None
    message: str

    def __str__(self) -> str:
        parts = []
        if self.file is not None:
            parts.append(self.file)
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.field is not None:
            parts.append(f"field {self.field!r}")
        prefix = ", ".join(parts)
        return f"{prefix}: {self.message}" if prefix else self.message


class LedgerError(ValueError):
    """A ledger or file that cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(None, None, None, problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True, slots=True)
class Transaction:
    """One movement of money; `from_account` None enters from outside, `to_account` None leaves."""

    id: str
    timestamp: datetime  # timezone-aware, compared in UTC
    from_account: str | None
    to_account: str | None
    amount: int  # integer minor units, > 0, in `currency`
    currency: str  # upper-case code
    channel: str | None = None  # transfer | cash | card | crypto | exchange
    counterparty_bank: str | None = None
    counterparty_country: str | None = None
    to_amount: int | None = None  # for channel == "exchange": amount credited, in to_currency
    to_currency: str | None = None
    source: str | None = None  # provenance "file:row" for the court schedule

    @property
    def is_exchange(self) -> bool:
        """True when the transaction converts between two currencies."""
        return self.channel == "exchange" and self.to_currency is not None and self.to_amount is not None


def _utc_key(ts: datetime) -> datetime:
    # naive timestamps are refused by validate(); sort them as UTC so sorted() never crashes
    return ts.astimezone(UTC) if ts.tzinfo is not None else ts.replace(tzinfo=UTC)


@dataclass
class Ledger:
    """Transactions (any order) and opening balances (account -> currency -> minor units)."""

    transactions: list[Transaction]
    opening_balances: dict[str, dict[str, int]] = field(default_factory=dict)

    def sorted(self) -> Ledger:
        """A copy in (timestamp, original index) order: a stable sort by time."""
        order = sorted(range(len(self.transactions)), key=lambda i: _utc_key(self.transactions[i].timestamp))
        return Ledger(
            [self.transactions[i] for i in order],
            {acc: dict(bal) for acc, bal in self.opening_balances.items()},
        )

    def currencies(self) -> set[str]:
        """Every currency used by a transaction, an exchange target or an opening balance."""
        found: set[str] = set()
        for tx in self.transactions:
            found.add(tx.currency)
            if tx.to_currency is not None:
                found.add(tx.to_currency)
        for balances in self.opening_balances.values():
            found.update(cur for cur, amount in balances.items() if amount)
        return found

    def accounts(self) -> set[str]:
        """Every account named by a transaction or an opening balance."""
        found: set[str] = set(self.opening_balances)
        for tx in self.transactions:
            if tx.from_account is not None:
                found.add(tx.from_account)
            if tx.to_account is not None:
                found.add(tx.to_account)
        return found

    def validate(self) -> list[Problem]:
        """Structural problems; `row` is the 1-based position of the transaction in the ledger."""
        problems: list[Problem] = []
        seen: set[str] = set()
        for row, tx in enumerate(self.transactions, start=1):
            where = tx.source
            if tx.id in seen:
                problems.append(Problem(where, row, "id", f"duplicate transaction id {tx.id!r}"))
            seen.add(tx.id)
            if tx.amount <= 0:
                problems.append(Problem(where, row, "amount", f"amount must be positive, got {tx.amount}"))
            if tx.timestamp.tzinfo is None or tx.timestamp.utcoffset() is None:
                problems.append(Problem(where, row, "timestamp", "timestamp has no time zone offset"))
            if tx.from_account is None and tx.to_account is None:
                problems.append(
                    Problem(where, row, "from_account", "both from_account and to_account are empty")
                )
            if tx.channel == "exchange" and (tx.to_amount is None or tx.to_currency is None):
                problems.append(
                    Problem(where, row, "to_amount", "an exchange needs to_amount and to_currency")
                )
            if tx.to_amount is not None and tx.to_amount <= 0:
                problems.append(
                    Problem(where, row, "to_amount", f"to_amount must be positive, got {tx.to_amount}")
                )
        for account, balances in self.opening_balances.items():
            for currency, amount in balances.items():
                if amount < 0:
                    problems.append(
                        Problem(
                            None,
                            None,
                            "opening_balance",
                            f"opening balance of {account} in {currency} is negative ({amount})",
                        )
                    )
        return problems
