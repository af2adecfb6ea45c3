"""Laundering patterns: fan-in, fan-out, scatter-gather, gather-scatter, cycles, pass-through, structuring.

`find_patterns(ledger, params=PatternParams())` returns findings, each with its transactions as
evidence and a score in 0..1; every threshold is a field of `PatternParams`. The search is vectorised
over arrays (numpy, polars) and bounded by windows, path length and hub size, so that it finishes on
millions of transactions. A finding is a lead for an analyst, not a conclusion.
"""

from __future__ import annotations

import polars as pl

from moneytrace.ledger import Ledger
from moneytrace.patterns.fan import busiest_windows, fan_findings, gather_scatter
from moneytrace.patterns.frame import Edges, edges_from_frame, ledger_frame
from moneytrace.patterns.params import Finding, PatternParams
from moneytrace.patterns.paths import cycles, passthrough_chains, scatter_gather, two_hop_pairs
from moneytrace.patterns.structuring import structuring

KINDS = ("fan-in", "fan-out", "scatter-gather", "gather-scatter", "cycle", "pass-through", "structuring")

__all__ = ["KINDS", "Finding", "PatternParams", "find_patterns", "find_patterns_frame", "ledger_frame"]


def find_patterns(ledger: Ledger, *, params: PatternParams | None = None) -> list[Finding]:
    """Every pattern found in the ledger, by kind, best score first within a kind."""
    return find_patterns_frame(ledger_frame(ledger), params=params)


def find_patterns_frame(frame: pl.DataFrame, *, params: PatternParams | None = None) -> list[Finding]:
    """Patterns of a frame with columns id, timestamp, from_account, to_account, amount_minor, currency."""
    params = params or PatternParams()
    if frame.height == 0:
        return []
    edges = edges_from_frame(frame)
    return find_patterns_edges(edges, params)


def find_patterns_edges(edges: Edges, params: PatternParams) -> list[Finding]:
    """Patterns of prepared edges (see frame.edges_from_frame)."""
    ins = busiest_windows(edges, params, "in")
    outs = busiest_windows(edges, params, "out")
    pairs = two_hop_pairs(edges, params)
    return [
        *fan_findings(edges, ins, params, "in"),
        *fan_findings(edges, outs, params, "out"),
        *scatter_gather(edges, params, pairs),
        *gather_scatter(edges, ins, outs, params),
        *cycles(edges, params, pairs),
        *passthrough_chains(edges, params, pairs),
        *structuring(edges, params),
    ]
