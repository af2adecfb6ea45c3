"""Structuring: several payments into one account just below a reporting threshold, in a short window."""

from __future__ import annotations

import numpy as np

from moneytrace.money import exponent
from moneytrace.patterns.fan import busiest_per_group
from moneytrace.patterns.frame import Edges
from moneytrace.patterns.params import Finding, PatternParams


def structuring(edges: Edges, params: PatternParams) -> list[Finding]:
    """Per account, the window of `structuring_window` with most payments just under the threshold."""
    limit = np.array(
        [float(params.threshold_for(c) * 10 ** exponent(c)) for c in edges.currencies], dtype=np.float64
    )
    thr = limit[edges.cur] if limit.size else np.zeros(0)
    below = (edges.amount < thr) & (edges.amount >= thr * (1 - params.structuring_margin))
    idx = np.flatnonzero(below & (edges.dst >= 0) & (edges.src != edges.dst))
    if idx.size == 0:
        return []
    width = int(params.structuring_window.total_seconds())
    keys = (edges.dst[idx] << 32) | edges.ts[idx]
    order = np.argsort(keys, kind="stable")
    idx, keys = idx[order], keys[order]
    start = np.searchsorted(keys, (edges.dst[idx] << 32) | np.maximum(edges.ts[idx] - width, 0), side="left")
    count = np.arange(idx.size) - start + 1
    best = busiest_per_group(edges.dst[idx], count, params.structuring_min_count)
    findings = [_finding(edges, idx[start[p] : p + 1], params) for p in best]
    return sorted(findings, key=lambda f: -f.score)[: params.max_findings]


def _finding(edges: Edges, members: np.ndarray, params: PatternParams) -> Finding:
    account = edges.account_name(int(edges.dst[members[0]]))
    currency = edges.currencies[int(edges.cur[members[0]])]
    count = int(members.size)
    days = params.structuring_window.total_seconds() / 86400
    return Finding(
        kind="structuring",
        accounts=(account,),
        transaction_ids=tuple(edges.tx_ids(members)),
        score=min(1.0, count / (2 * params.structuring_min_count)),
        summary=(
            f"{account}: {count} payments just below {params.threshold_for(currency)} {currency} "
            f"within {days:g} days"
        ),
        details={"count": count, "threshold": str(params.threshold_for(currency)), "currency": currency},
    )
