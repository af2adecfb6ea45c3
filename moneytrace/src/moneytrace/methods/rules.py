"""The six methods, written as the rule a court would read: how a debit is drawn from a mixed account.

Each method keeps, per pool (an account in one currency), the parts of its balance by label (a victim,
or "clean" for money that is no victim's) and answers two questions: which parts leave when money is
paid out (`debit`), and how arriving parts are added (`credit`). Labels are compared by their rank
(clean first, then victims by first victim transaction): that rank is the tie-break of every split.
"""

from __future__ import annotations

from moneytrace.methods.common import CLEAN, largest_remainder

Piece = tuple[str, int]


class LotRule:
    """FIFO (Clayton's case) or LIFO: a debit is drawn against deposits in the order they came in
    (FIFO) or most recent first (LIFO). Pieces leave in deposit order (oldest first) and are added to
    the receiving account in that order, as its newest deposits."""

    def __init__(self, method: str, rank: dict[str, int]) -> None:
        self.lifo = method == "lifo"
        self.rank = rank
        self.lots: dict[int, list[Piece]] = {}

    def debit(self, pool: int, amount: int) -> list[Piece]:
        lots = self.lots.setdefault(pool, [])
        taken: list[Piece] = []
        while amount:
            lot = lots[-1] if self.lifo else lots[0]
            label, held = lot
            take = min(held, amount)
            taken.append((label, take))
            amount -= take
            if take == held:
                lots.pop(-1 if self.lifo else 0)
            else:
                lots[-1 if self.lifo else 0] = (label, held - take)
        if self.lifo:
            taken.reverse()  # back into deposit order
        return taken

    def credit(self, pool: int, pieces: list[Piece], amount: int) -> None:
        lots = self.lots.setdefault(pool, [])
        for label, part in pieces:
            if lots and lots[-1][0] == label:  # adjacent lots of one label merge: no effect on order
                lots[-1] = (label, lots[-1][1] + part)
            else:
                lots.append((label, part))

    def parts(self, pool: int) -> dict[str, int]:
        found: dict[str, int] = {}
        for label, held in self.lots.get(pool, []):
            found[label] = found.get(label, 0) + held
        return found

    def convert(self, pieces: list[Piece], amount: int, to_amount: int) -> list[Piece]:
        """An exchange credits each piece at the transaction's own rate; ties to the older piece."""
        converted = largest_remainder([p for _, p in pieces], to_amount)
        return [(label, part) for (label, _), part in zip(pieces, converted, strict=True) if part]


class ShareRule:
    """Pro rata (rolling charge), lowest intermediate balance (Hallett) and dirty-first.

    - prorata: every debit is shared among all labels in proportion to their parts at that moment.
    - libr: the account holder's own (clean) money leaves first; only what clean money cannot cover
      is drawn from the victims, shared among them pro rata (Barlow Clowes). Later clean deposits
      never top the victims back up, so each victim's claim never exceeds the lowest balance since.
    - dirty-first: the victims' money leaves first (shared among them pro rata), clean money after.
    Splits use the largest-remainder rule with ties to the lower label rank."""

    def __init__(self, method: str, rank: dict[str, int]) -> None:
        self.method = method
        self.rank = rank
        self.pools: dict[int, dict[str, int]] = {}

    def _ordered(self, parts: dict[str, int], victims_only: bool) -> list[str]:
        labels = [label for label, part in parts.items() if part and not (victims_only and label == CLEAN)]
        return sorted(labels, key=self.rank.__getitem__)

    def _share(self, parts: dict[str, int], labels: list[str], amount: int) -> dict[str, int]:
        if not amount:
            return {}
        split = largest_remainder([parts[label] for label in labels], amount)
        return dict(zip(labels, split, strict=True))

    def debit(self, pool: int, amount: int) -> list[Piece]:
        parts = self.pools.setdefault(pool, {})
        clean = parts.get(CLEAN, 0)
        tainted = sum(parts.values()) - clean
        if self.method == "prorata":
            taken = self._share(parts, self._ordered(parts, False), amount)
        elif self.method == "libr":
            from_clean = min(clean, amount)
            taken = self._share(parts, self._ordered(parts, True), amount - from_clean)
            taken[CLEAN] = from_clean
        else:  # dirty-first
            from_victims = min(tainted, amount)
            taken = self._share(parts, self._ordered(parts, True), from_victims)
            taken[CLEAN] = amount - from_victims
        for label, part in taken.items():
            if not part:
                continue
            parts[label] -= part
            if not parts[label]:
                del parts[label]
        return [(label, taken[label]) for label in sorted(taken, key=self.rank.__getitem__) if taken[label]]

    def credit(self, pool: int, pieces: list[Piece], amount: int) -> None:
        parts = self.pools.setdefault(pool, {})
        for label, part in pieces:
            parts[label] = parts.get(label, 0) + part

    def parts(self, pool: int) -> dict[str, int]:
        return dict(self.pools.get(pool, {}))

    def convert(self, pieces: list[Piece], amount: int, to_amount: int) -> list[Piece]:
        converted = largest_remainder([p for _, p in pieces], to_amount)
        return [(label, part) for (label, _), part in zip(pieces, converted, strict=True) if part]


class PoisonRule:
    """Poison: money that touches a victim's money is wholly that victim's. An account carries the
    taint of every victim whose money entered it, until its balance falls to zero; every payment out
    of it carries those taints for its full amount. The over-count is capped at the loss afterwards."""

    def __init__(self, method: str, rank: dict[str, int]) -> None:
        self.rank = rank
        self.taint: dict[int, set[str]] = {}
        self.balance: dict[int, int] = {}

    def debit(self, pool: int, amount: int) -> list[Piece]:
        taint = self.taint.setdefault(pool, set())
        pieces = [(CLEAN, amount)] + [(v, amount) for v in sorted(taint, key=self.rank.__getitem__)]
        self.balance[pool] = self.balance.get(pool, 0) - amount
        if not self.balance[pool]:
            taint.clear()
        return pieces

    def credit(self, pool: int, pieces: list[Piece], amount: int) -> None:
        self.balance[pool] = self.balance.get(pool, 0) + amount
        self.taint.setdefault(pool, set()).update(label for label, _ in pieces if label != CLEAN)

    def parts(self, pool: int) -> dict[str, int]:
        balance = self.balance.get(pool, 0)
        found = dict.fromkeys(self.taint.get(pool, set()), balance)
        if balance:
            found[CLEAN] = balance
        return found

    def convert(self, pieces: list[Piece], amount: int, to_amount: int) -> list[Piece]:
        return [(label, to_amount) for label, _ in pieces]


Rule = LotRule | ShareRule | PoisonRule


def make_rule(method: str, rank: dict[str, int]) -> Rule:
    """The rule object of one method."""
    if method in ("fifo", "lifo"):
        return LotRule(method, rank)
    if method == "poison":
        return PoisonRule(method, rank)
    return ShareRule(method, rank)


RULE_TEXT = {
    "fifo": "FIFO: drawn against deposits in the order they came in",
    "lifo": "LIFO: drawn against the most recent deposits first",
    "libr": "LIBR: own money first, the rest shared among victims pro rata",
    "prorata": "pro rata: shared among all contributors by their shares of the balance",
    "poison": "poison: all money touching the victim's money is tainted (capped at the loss)",
    "dirty-first": "dirty-first: victims' money first, shared pro rata, own money after",
}
