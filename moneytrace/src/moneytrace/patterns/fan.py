"""Fan-in, fan-out and gather-scatter: many parties in a short window, found by sliding windows."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from moneytrace.patterns.frame import I64, Edges, argsort
from moneytrace.patterns.params import Finding, PatternParams


@dataclass(frozen=True)
class Window:
    """The busiest window of one account: its edges, distinct parties and time span."""

    account: int
    edges: I64
    parties: int
    start: int
    end: int


def busiest_windows(edges: Edges, params: PatternParams, direction: str) -> list[Window]:
    """Per account, the window of `fan_window` with most transfers in (or out), if it has enough parties.

    A party paying from outside the traced accounts (no account) counts as a party of its own.
    """
    acc, other = (edges.dst, edges.src) if direction == "in" else (edges.src, edges.dst)
    width = int(params.fan_window.total_seconds())
    k = params.fan_min_parties
    if direction == "out":
        idx, keys = edges.out_index()  # the same edges in the same order: sort once
    else:
        idx = np.flatnonzero((acc >= 0) & (acc != other))
        keys = (acc[idx] << 32) | edges.ts[idx]
        order = argsort(keys)
        idx, keys = idx[order], keys[order]
    lower = (acc[idx] << 32) | np.maximum(edges.ts[idx] - width, 0)
    start = np.searchsorted(keys, lower, side="left")
    count = np.arange(idx.size) - start + 1
    windows: list[Window] = []
    for p in busiest_per_group(acc[idx], count, k):
        members = idx[start[p] : p + 1]
        parties = other[members]
        distinct = int(np.unique(parties[parties >= 0]).size + np.count_nonzero(parties < 0))
        if distinct >= k:
            windows.append(
                Window(
                    int(acc[idx[p]]), members, distinct, int(edges.ts[members[0]]), int(edges.ts[members[-1]])
                )
            )
    return windows


def busiest_per_group(group: I64, count: I64, minimum: int) -> I64:
    """In arrays sorted by group: the first position of each group's largest count, if >= minimum."""
    if group.size == 0:
        return group
    new = np.ones(group.size, dtype=bool)
    new[1:] = group[1:] != group[:-1]
    seg = np.cumsum(new) - 1
    best = np.maximum.reduceat(count, np.flatnonzero(new))
    hit = np.flatnonzero((count == best[seg]) & (count >= minimum))
    first = np.ones(hit.size, dtype=bool)
    first[1:] = seg[hit[1:]] != seg[hit[:-1]]
    return hit[first]


def fan_findings(edges: Edges, windows: list[Window], params: PatternParams, direction: str) -> list[Finding]:
    """A finding per account whose busiest window has at least `fan_min_parties` parties."""
    kind = "fan-in" if direction == "in" else "fan-out"
    word = "senders" if direction == "in" else "receivers"
    hours = params.fan_window.total_seconds() / 3600
    windows = sorted(windows, key=lambda w: -w.parties)[: params.max_findings]
    return [
        Finding(
            kind=kind,
            accounts=(edges.account_name(w.account),),
            transaction_ids=tuple(edges.tx_ids(w.edges)),
            score=min(1.0, w.parties / (2 * params.fan_min_parties)),
            summary=f"{edges.account_name(w.account)}: {w.parties} {word} within {hours:g} h",
            details={"parties": w.parties, "transactions": int(w.edges.size)},
        )
        for w in windows
    ]


def gather_scatter(
    edges: Edges, ins: list[Window], outs: list[Window], params: PatternParams
) -> list[Finding]:
    """An account whose fan-in is followed, within `fan_window`, by a fan-out."""
    gap = int(params.fan_window.total_seconds())
    by_account = {w.account: w for w in outs}
    found: list[Finding] = []
    for win in ins:
        out = by_account.get(win.account)
        if out is None or out.end < win.start or out.start - win.end > gap:
            continue
        name = edges.account_name(win.account)
        found.append(
            Finding(
                kind="gather-scatter",
                accounts=(name,),
                transaction_ids=tuple(edges.tx_ids(np.concatenate([win.edges, out.edges]))),
                score=min(1.0, min(win.parties, out.parties) / (2 * params.fan_min_parties)),
                summary=(
                    f"{name}: gathered from {win.parties} senders, then scattered to {out.parties} receivers"
                ),
                details={"senders": win.parties, "receivers": out.parties},
            )
        )
    return found[: params.max_findings]
