"""Merge the statements of several accounts into one ledger, recognising transfers seen twice.

A transfer from A to B appears as a debit in A's statement and a credit in B's. The two are one
transaction when: the amounts and currencies are equal, the dates are within `tolerance`, at least one
side names the other account and neither names a different one, and the references agree when both
have one. The merged transaction keeps the debit's id and takes the later of the two dates (the money
is in B only once B has booked it; A keeping it a little longer can never overdraw A).

Money from an account whose statement is not imported enters from outside (``from_account`` None):
without that account's statement nothing is known of its balance. Money sent to such an account
goes to it (``to_account`` the counterparty), so the trace shows where it sits.
"""

from __future__ import annotations

import heapq
import itertools
import re
from collections import defaultdict
from datetime import UTC, datetime, timedelta

from moneytrace.importers.base import Entry, ImportReport, Statement, country_of, transaction_id
from moneytrace.ledger import Ledger, Problem, Transaction
from moneytrace.money import format_amount

DEFAULT_TOLERANCE = timedelta(days=3)


def _norm_ref(ref: str | None) -> str:
    return re.sub(r"[^a-z0-9]", "", (ref or "").lower())


def _refs_agree(a: str | None, b: str | None) -> bool:
    ra, rb = _norm_ref(a), _norm_ref(b)
    return not ra or not rb or ra in rb or rb in ra


def _is_pair(debit: Entry, credit: Entry, tolerance: timedelta) -> bool:
    if credit.account == debit.account:
        return False
    names_other = debit.counterparty_account == credit.account or credit.counterparty_account == debit.account
    contradicts = debit.counterparty_account not in (
        None,
        credit.account,
    ) or credit.counterparty_account not in (
        None,
        debit.account,
    )
    return (
        names_other
        and not contradicts
        and abs(credit.timestamp - debit.timestamp) <= tolerance
        and _refs_agree(debit.reference, credit.reference)
    )


def pair_transfers(entries: list[Entry], tolerance: timedelta) -> dict[int, int]:
    """Map the index of each debit to the index of the credit that is the same transfer."""
    credits: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, entry in enumerate(entries):
        if entry.amount > 0:
            credits[(entry.currency, entry.amount)].append(i)
    used: set[int] = set()
    pairs: dict[int, int] = {}
    for i, debit in enumerate(entries):
        if debit.amount >= 0 or debit.to_currency is not None:
            continue
        candidates = [
            j
            for j in credits.get((debit.currency, -debit.amount), [])
            if j not in used and _is_pair(debit, entries[j], tolerance)
        ]
        if candidates:
            best = min(candidates, key=lambda j: (abs(entries[j].timestamp - debit.timestamp), j))
            pairs[i] = best
            used.add(best)
    return pairs


def build_ledger(
    statements: list[Statement], report: ImportReport, *, tolerance: timedelta = DEFAULT_TOLERANCE
) -> Ledger:
    """One ledger from all statements; problems of the merge go into `report`."""
    entries = [entry for st in statements for entry in st.entries]
    own_accounts = {st.account for st in statements}
    pairs = pair_transfers(entries, tolerance)
    paired_credits = set(pairs.values())
    nodes: list[tuple[Transaction, list[int]]] = []
    ids: dict[str, str] = {}  # id -> source, to name the first of two bookings with one reference
    for i, entry in enumerate(entries):
        if i in paired_credits:
            continue
        credit = entries[pairs[i]] if i in pairs else None
        tx = _transaction(entry, credit, own_accounts, report, ids)
        ids[tx.id] = tx.source or ""
        nodes.append((tx, [i] if credit is None else [i, pairs[i]]))
    report.merged_transfers = len(pairs)
    ordered = _causal_order(nodes, entries)
    report.transactions = len(ordered)
    return Ledger(ordered, _opening_balances(statements, report))


def _transaction(
    entry: Entry, credit: Entry | None, own: set[str], report: ImportReport, ids: dict[str, str]
) -> Transaction:
    tx_id = transaction_id(entry)
    if tx_id in ids:  # one bank reference twice: overlapping statements, or a bank that reuses references
        report.problems.append(
            Problem(
                entry.file,
                entry.row,
                "id",
                f"booking reference {entry.bank_id!r} of {entry.account} appears twice (also {ids[tx_id]}): "
                "overlapping statements would count it twice",
            )
        )
        tx_id = transaction_id(entry, with_row=True)
    cp = entry.counterparty_account
    if credit is None and cp in own and entry.to_currency is None:
        side = "credit" if entry.amount < 0 else "debit"
        report.problems.append(
            Problem(
                entry.file,
                entry.row,
                "counterparty_account",
                f"transfer with {cp}, whose statement is imported, has no matching {side} in it",
            )
        )
    from_acc: str | None
    to_acc: str | None
    if entry.to_currency is not None:  # an exchange inside the account
        from_acc, to_acc = entry.account, entry.account
    elif entry.amount < 0:
        from_acc, to_acc = entry.account, credit.account if credit else cp
    else:
        from_acc, to_acc = (cp if cp in own else None), entry.account
    report.details[tx_id] = _details(entry, credit)
    return Transaction(
        id=tx_id,
        timestamp=max(entry.timestamp, credit.timestamp) if credit else entry.timestamp,
        from_account=from_acc,
        to_account=to_acc,
        amount=abs(entry.amount),
        currency=entry.currency,
        channel=entry.channel or ("transfer" if cp or credit else None),
        counterparty_bank=entry.counterparty_bank,
        counterparty_country=entry.counterparty_country or country_of(credit.account if credit else cp),
        to_amount=entry.to_amount,
        to_currency=entry.to_currency,
        source=entry.source + (f"+{credit.source}" if credit else ""),
    )


def _details(entry: Entry, credit: Entry | None) -> dict[str, str]:
    details = {
        "counterparty_account": entry.counterparty_account or (credit.account if credit else ""),
        "counterparty_name": entry.counterparty_name or "",
        "reference": entry.reference or (credit.reference if credit and credit.reference else ""),
    }
    return {k: v for k, v in details.items() if v}


def _causal_order(nodes: list[tuple[Transaction, list[int]]], entries: list[Entry]) -> list[Transaction]:
    """Order by time; on equal times keep every statement's own order (a topological merge)."""
    node_of = {i: n for n, (_, members) in enumerate(nodes) for i in members}
    succ: dict[int, set[int]] = defaultdict(set)
    indeg = [0] * len(nodes)
    by_stmt: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for i, entry in enumerate(entries):
        by_stmt[(entry.file, entry.account, entry.currency)].append(i)
    for members in by_stmt.values():
        members.sort(key=lambda i: entries[i].timestamp)
        for a, b in itertools.pairwise(members):
            na, nb = node_of[a], node_of[b]
            if na != nb and nb not in succ[na]:
                succ[na].add(nb)
                indeg[nb] += 1
    key = [(tx.timestamp, n) for n, (tx, _) in enumerate(nodes)]
    ready = [key[n] for n in range(len(nodes)) if indeg[n] == 0]
    heapq.heapify(ready)
    order: list[int] = []
    done = [False] * len(nodes)
    while len(order) < len(nodes):
        if not ready:  # contradictory orders between two statements: break the tie by time and position
            n = min(k for k in key if not done[k[1]])[1]
            indeg[n] = 0
            ready.append(key[n])
        _, n = heapq.heappop(ready)
        if done[n]:
            continue
        done[n] = True
        order.append(n)
        for m in succ[n]:
            indeg[m] -= 1
            if indeg[m] == 0 and not done[m]:
                heapq.heappush(ready, key[m])
    ordered = [nodes[n][0] for n in order]
    ordered.sort(key=lambda tx: tx.timestamp)  # stable: equal times keep the causal order
    return ordered


def _opening_balances(statements: list[Statement], report: ImportReport) -> dict[str, dict[str, int]]:
    """The earliest statement's opening balance per account and currency; check each closing balance."""
    opening: dict[str, dict[str, int]] = {}
    never = datetime.max.replace(tzinfo=UTC)
    for st in sorted(statements, key=lambda st: min((e.timestamp for e in st.entries), default=never)):
        if st.opening is not None:
            opening.setdefault(st.account, {}).setdefault(st.currency, st.opening)
        _check_closing(st, report)
    return opening


def _check_closing(st: Statement, report: ImportReport) -> None:
    if st.opening is None or st.closing is None:
        return
    computed = st.opening + sum(e.amount for e in st.entries if e.currency == st.currency)
    if computed != st.closing:
        report.problems.append(
            Problem(
                st.file,
                st.closing_row,
                "closing_balance",
                f"closing balance {format_amount(st.closing, st.currency)} {st.currency} does not equal "
                f"opening balance plus entries ({format_amount(computed, st.currency)})",
            )
        )
