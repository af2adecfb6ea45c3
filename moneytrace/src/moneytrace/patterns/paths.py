"""Patterns along time-respecting paths: pass-through chains, scatter-gather and cycles.

Every search follows money forward in time only (a transfer out of an account no earlier than the
one that brought money in) and within a window, skips hubs (accounts with more than
`max_branching` transfers out within the window), and works on arrays in chunks of at most
`max_paths` partial paths, so it finishes on large real graphs.
"""

from __future__ import annotations

import numpy as np

from moneytrace.patterns.frame import I64, Edges, argsort, windowed_successors
from moneytrace.patterns.params import Finding, PatternParams


def _seconds(delta: object) -> int:
    return int(delta.total_seconds())  # type: ignore[attr-defined]


def _duration(seconds: float) -> str:
    """A readable duration: minutes under an hour, hours under two days, else days."""
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"


def _close(edges: Edges, a: I64, b: I64, tolerance: float) -> np.ndarray:
    """Same currency and the amount of b within `tolerance` of a's."""
    ref = edges.amount[a]
    close: np.ndarray = (edges.cur[a] == edges.cur[b]) & (np.abs(edges.amount[b] - ref) <= tolerance * ref)
    return close


# ------------------------------------------------------------------------------------- pass-through


def two_hop_pairs(edges: Edges, params: PatternParams) -> tuple[I64, I64]:
    """(in-edge, out-edge) of every account, the out-edge no earlier than the in-edge and within the
    longer of the scatter and pass-through windows (one search serves both patterns)."""
    window = max(_seconds(params.scatter_window), _seconds(params.passthrough_window))
    first = np.flatnonzero((edges.dst >= 0) & (edges.src != edges.dst))
    q, succ = windowed_successors(
        edges, first, edges.dst[first], edges.ts[first], edges.ts[first] + window, params.max_branching
    )
    return first[q], succ


def passthrough_hops(edges: Edges, params: PatternParams, pairs: tuple[I64, I64]) -> tuple[I64, I64]:
    """(in-edge, out-edge) pairs where an account passes on nearly what it received, soon after."""
    e_in, succ = pairs
    soon = edges.ts[succ] - edges.ts[e_in] <= _seconds(params.passthrough_window)
    keep = soon & _close(edges, e_in, succ, params.passthrough_tolerance)
    return e_in[keep], succ[keep]


def passthrough_chains(edges: Edges, params: PatternParams, pairs: tuple[I64, I64]) -> list[Finding]:
    """Chains of at least `passthrough_min_hops` pass-through accounts in a row (money mules)."""
    h_in, h_out = passthrough_hops(edges, params, pairs)
    order = np.argsort(h_in, kind="stable")
    h_in, h_out = h_in[order], h_out[order]
    # a chain starts at a hop whose incoming edge is not itself passed on from an earlier hop
    starts = ~np.isin(h_in, h_out)
    paths = np.stack([h_in[starts], h_out[starts]], axis=1)
    done: list[I64] = []
    for _ in range(params.passthrough_max_hops - 1):
        if paths.shape[0] == 0:
            break
        lo = np.searchsorted(h_in, paths[:, -1], side="left")
        hi = np.searchsorted(h_in, paths[:, -1], side="right")
        ends = hi == lo
        done.append(paths[ends])
        count = (hi - lo)[~ends]
        rows = np.repeat(np.flatnonzero(~ends), count)
        offs = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
        nxt = h_out[np.repeat(lo[~ends], count) + offs]
        paths = np.concatenate([paths[rows], nxt[:, None]], axis=1)[: params.max_paths]
    done.append(paths)
    chains = [m for m in done if m.shape[0] and m.shape[1] - 1 >= params.passthrough_min_hops]
    best = _best(chains, [_chain_scores(edges, m, params) for m in chains], params.max_findings)
    return [_chain_finding(edges, path, score) for path, score in best]


def _best(matrices: list[I64], scores: list[np.ndarray], limit: int) -> list[tuple[I64, float]]:
    """The `limit` best rows over several path matrices, best score first (ties: first found)."""
    if not matrices:
        return []
    flat = np.concatenate(scores)
    which = np.concatenate([np.full(m.shape[0], i) for i, m in enumerate(matrices)])
    row = np.concatenate([np.arange(m.shape[0]) for m in matrices])
    top = np.argsort(-flat, kind="stable")[:limit]
    return [(matrices[which[t]][row[t]], float(flat[t])) for t in top]


def _chain_scores(edges: Edges, paths: I64, params: PatternParams) -> np.ndarray:
    amounts = edges.amount[paths]
    rel = np.abs(np.diff(amounts, axis=1)) / amounts[:, :-1]
    closeness = 1.0 - rel.mean(axis=1) / max(params.passthrough_tolerance, 1e-9)
    hops = paths.shape[1] - 1
    return np.asarray(min(1.0, hops / 4) * (0.5 + 0.5 * np.clip(closeness, 0.0, 1.0)))


def _chain_finding(edges: Edges, path: I64, score: float) -> Finding:
    hops = int(path.size - 1)
    mules = edges.names(edges.dst[path[:-1]])
    accounts = ([edges.account_name(int(edges.src[path[0]]))] if edges.src[path[0]] >= 0 else []) + mules
    if edges.dst[path[-1]] >= 0:
        accounts.append(edges.account_name(int(edges.dst[path[-1]])))
    amounts = edges.amount[path]
    kept = float(amounts[-1] / amounts[0]) if amounts[0] else 0.0
    hours = float(edges.ts[path[-1]] - edges.ts[path[0]]) / 3600
    return Finding(
        kind="pass-through",
        accounts=tuple(accounts),
        transaction_ids=tuple(edges.tx_ids(path)),
        score=score,
        summary=(
            f"money passed through {hops} account(s) in {_duration(hours * 3600)}, "
            f"{kept:.0%} of it arriving: " + " -> ".join(accounts)
        ),
        details={"hops": hops, "mules": mules, "hours": hours, "share_passed_on": round(kept, 4)},
    )


# ------------------------------------------------------------------------------------ scatter-gather


def scatter_gather(edges: Edges, params: PatternParams, pairs: tuple[I64, I64]) -> list[Finding]:
    """One source paying several intermediaries that all pay the same destination, within the window."""
    e1, succ = pairs
    src, mid, dst = edges.src[e1], edges.dst[e1], edges.dst[succ]
    keep = (
        (src >= 0)
        & (dst >= 0)
        & (dst != src)
        & (dst != mid)
        & (edges.ts[succ] - edges.ts[e1] <= _seconds(params.scatter_window))
        & _close(edges, e1, succ, params.scatter_amount_tolerance)
    )
    e1, e2, src, mid, dst = e1[keep], succ[keep], src[keep], mid[keep], dst[keep]
    order = argsort(src, dst, mid)
    e1, e2, src, mid, dst = e1[order], e2[order], src[order], mid[order], dst[order]
    new_group = np.ones(src.size, dtype=bool)
    new_group[1:] = (src[1:] != src[:-1]) | (dst[1:] != dst[:-1])
    new_mid = new_group.copy()
    new_mid[1:] |= mid[1:] != mid[:-1]
    group = np.cumsum(new_group) - 1
    distinct = np.bincount(group, weights=new_mid).astype(np.int64) if group.size else np.zeros(0, np.int64)
    hits = np.flatnonzero(distinct >= params.scatter_min_paths)
    bounds = np.flatnonzero(new_group)
    findings = []
    for g in hits[np.argsort(-distinct[hits], kind="stable")][: params.max_findings]:
        lo = bounds[g]
        hi = bounds[g + 1] if g + 1 < bounds.size else src.size
        findings.append(_scatter_finding(edges, e1[lo:hi], e2[lo:hi], int(distinct[g]), params))
    return findings


def _scatter_finding(edges: Edges, first: I64, second: I64, paths: int, params: PatternParams) -> Finding:
    source = edges.account_name(int(edges.src[first[0]]))
    target = edges.account_name(int(edges.dst[second[0]]))
    mids = sorted(set(edges.names(edges.dst[first])))
    ids = list(dict.fromkeys(edges.tx_ids(np.concatenate([first, second]))))
    return Finding(
        kind="scatter-gather",
        accounts=(source, *mids, target),
        transaction_ids=tuple(ids),
        score=min(1.0, paths / (2 * params.scatter_min_paths)),
        summary=f"{source} scattered to {paths} accounts that gathered into {target}",
        details={"source": source, "intermediaries": mids, "destination": target},
    )


# -------------------------------------------------------------------------------------------- cycles


def cycles(edges: Edges, params: PatternParams, pairs: tuple[I64, I64] | None = None) -> list[Finding]:
    """Money that returns to its first account through at most `cycle_max_length` transfers in time order.

    `pairs` (from two_hop_pairs) seed the search with its first two hops when their window covers
    the cycle window; otherwise every transfer between traced accounts starts a search."""
    paths, found = _seed(edges, params, pairs)
    chunk = max(1, params.max_paths // max(params.max_branching, 1))
    for i in range(0, paths.shape[0], chunk):
        found.extend(_extend(edges, paths[i : i + chunk], params))
    by_length: dict[int, list[I64]] = {}
    for rows in found:
        by_length.setdefault(rows.shape[1], []).append(rows)
    unique: list[I64] = []
    for length in sorted(by_length):
        rows = np.concatenate(by_length[length])
        # equal timestamps let one cycle be found from several starts: keep one of each edge set
        _, first = np.unique(np.sort(rows, axis=1), axis=0, return_index=True)
        unique.append(rows[np.sort(first)])
    best = _best(unique, [_cycle_scores(edges, m, params) for m in unique], params.max_findings)
    return [_cycle_finding(edges, cycle, score) for cycle, score in best]


def _seed(edges: Edges, params: PatternParams, pairs: tuple[I64, I64] | None) -> tuple[I64, list[I64]]:
    """Partial paths to extend, and the cycles already closed by them."""
    window = _seconds(params.cycle_window)
    pair_window = max(_seconds(params.scatter_window), _seconds(params.passthrough_window))
    if pairs is None or window > pair_window:
        start = np.flatnonzero((edges.src >= 0) & (edges.dst >= 0) & (edges.src != edges.dst))
        return start[:, None], []
    e1, e2 = pairs
    keep = (edges.src[e1] >= 0) & (edges.ts[e2] - edges.ts[e1] <= window)
    if params.cycle_amount_tolerance is not None:
        keep &= _close(edges, e1, e2, params.cycle_amount_tolerance)
    paths = np.stack([e1[keep], e2[keep]], axis=1)
    target = edges.dst[paths[:, 1]]
    closes = target == edges.src[paths[:, 0]]
    return paths[~closes & (target >= 0)], [paths[closes]]


def _extend(edges: Edges, paths: I64, params: PatternParams) -> list[I64]:
    """Extend time-ordered paths one transfer at a time; collect those that return to their origin."""
    window = _seconds(params.cycle_window)
    out: list[I64] = []
    while paths.shape[0] > 0 and paths.shape[1] < params.cycle_max_length:
        last = paths[:, -1]
        q, nxt = windowed_successors(
            edges, last, edges.dst[last], edges.ts[last], edges.ts[paths[:, 0]] + window, params.max_branching
        )
        if params.cycle_amount_tolerance is not None:
            keep = _close(edges, last[q], nxt, params.cycle_amount_tolerance)
            q, nxt = q[keep], nxt[keep]
        target = edges.dst[nxt]
        visited = edges.src[paths[q]]  # accounts already on each path, origin first
        closes = target == visited[:, 0]
        if closes.any():
            out.append(np.concatenate([paths[q[closes]], nxt[closes, None]], axis=1))
        fresh = ~closes & ~(visited == target[:, None]).any(axis=1) & (target >= 0)
        q, nxt = q[fresh][: params.max_paths], nxt[fresh][: params.max_paths]
        paths = np.concatenate([paths[q], nxt[:, None]], axis=1)
    return out


def _cycle_scores(edges: Edges, cycles_: I64, params: PatternParams) -> np.ndarray:
    amounts = edges.amount[cycles_]
    back = np.minimum(amounts[:, -1] / amounts[:, 0], 1.0)
    days = (edges.ts[cycles_[:, -1]] - edges.ts[cycles_[:, 0]]) / 86400
    speed = 1.0 - np.minimum(1.0, days / max(params.cycle_window.total_seconds() / 86400, 1e-9))
    return np.asarray(np.minimum(1.0, 0.5 + 0.25 * back + 0.25 * speed))


def _cycle_finding(edges: Edges, cycle: I64, score: float) -> Finding:
    accounts = edges.names(edges.src[cycle])
    amounts = edges.amount[cycle]
    back = float(amounts[-1] / amounts[0]) if amounts[0] else 0.0
    days = float(edges.ts[cycle[-1]] - edges.ts[cycle[0]]) / 86400
    return Finding(
        kind="cycle",
        accounts=tuple(accounts),
        transaction_ids=tuple(edges.tx_ids(cycle)),
        score=score,
        summary=(
            f"money went round {' -> '.join([*accounts, accounts[0]])} in {_duration(days * 86400)}, "
            f"{back:.0%} of it returning"
        ),
        details={"length": int(cycle.size), "days": days, "share_returned": round(back, 4)},
    )
