"""numba kernel of the poison method: each pool keeps the set of victims tainting it, as bits."""

from __future__ import annotations

import numpy as np
from numba import njit

from moneytrace.kernels.numba_kernels import grow
from moneytrace.kernels.prefetch import AHEAD, prefetch


@njit(cache=True)
def emit_bits(carry, i, a, kind, out, n_out):  # type: ignore[no-untyped-def]
    """One row per victim bit set in `carry`, each for the full amount `a`."""
    count = 0
    for w in range(carry.size):
        x = carry[w]
        while x:
            x &= x - np.uint64(1)
            count += 1
    need = n_out + count
    if need > out[0].size:
        out = (grow(out[0], need), grow(out[1], need), grow(out[2], need), grow(out[3], need))
    for w in range(carry.size):
        x = carry[w]
        b = 0
        while x:
            if x & np.uint64(1):
                out[0][n_out] = i
                out[1][n_out] = w * 64 + b
                out[2][n_out] = a
                out[3][n_out] = kind
                n_out += 1
            x >>= np.uint64(1)
            b += 1
    return out, n_out


@njit(cache=True, inline="always")
def _emit_bits(carry, i, a, kind, o_tx, o_lab, o_amt, o_kind, n_out):  # type: ignore[no-untyped-def]
    for w in range(carry.size):
        x = carry[w]
        b = 0
        while x:
            if x & np.uint64(1):
                o_tx[n_out] = i
                o_lab[n_out] = w * 64 + b
                o_amt[n_out] = a
                o_kind[n_out] = kind
                n_out += 1
            x >>= np.uint64(1)
            b += 1
    return n_out


@njit(cache=True)
def run_poison(  # type: ignore[no-untyped-def]
    start, end, src, dst, amount, credit, exch, victim, bal, bits, ntaint, o_tx, o_lab, o_amt, o_kind, n_out
):
    """Poison: bits[pool] is the set of victims tainting the pool (bit = label), ntaint its size;
    cleared when the balance reaches zero. Same statuses as run_nodes."""
    words = bits.shape[1]
    carry = np.zeros(words, np.uint64)
    one = np.uint64(1)
    for i in range(start, end):
        ja = i + AHEAD  # prefetch the pools of a transaction ahead (inline: a call costs more)
        if ja < src.size:
            if src[ja] >= 0:
                prefetch(bal, src[ja])
                prefetch(bits, src[ja])
            if dst[ja] >= 0:
                prefetch(bal, dst[ja])
                prefetch(bits, dst[ja])
        s = src[i]
        d = dst[i]
        a = amount[i]
        v = victim[i]
        need = 2 * (ntaint[s] + 1) if s >= 0 else 2
        if n_out + need > o_tx.size:
            return 2, i, n_out, need
        for w in range(words):
            carry[w] = 0
        nc = 0
        if s >= 0:
            if a > bal[s]:
                return 1, i, n_out, 0
            for w in range(words):
                carry[w] = bits[s, w]
            nc = ntaint[s]
            bal[s] -= a
            if bal[s] == 0:
                for w in range(words):
                    bits[s, w] = 0
                ntaint[s] = 0
            if v > 0 or d < 0 or exch[i]:
                n_out = _emit_bits(carry, i, a, 0, o_tx, o_lab, o_amt, o_kind, n_out)
        if v > 0:
            for w in range(words):
                carry[w] = 0
            carry[v >> 6] |= one << np.uint64(v & 63)
            nc = 1
            if d < 0:  # paid straight to an account outside the trace
                n_out = _emit_bits(carry, i, a, 0, o_tx, o_lab, o_amt, o_kind, n_out)
        if d < 0:
            continue
        c = credit[i]
        if exch[i]:
            n_out = _emit_bits(carry, i, c, 1, o_tx, o_lab, o_amt, o_kind, n_out)
        if nc:
            count = 0
            for w in range(words):
                x = bits[d, w] | carry[w]
                bits[d, w] = x
                while x:
                    x &= x - one
                    count += 1
            ntaint[d] = count
        bal[d] += c
    return 0, end, n_out, 0


@njit(cache=True)
def poison_holdings(bal, bits):  # type: ignore[no-untyped-def]
    """(pool, label, amount) for every victim tainting a pool with money in it."""
    out = (np.empty(16, np.int64), np.empty(16, np.int64), np.empty(16, np.int64), np.empty(16, np.int64))
    n = 0
    for p in range(bal.size):
        if bal[p] > 0:
            out, n = emit_bits(bits[p], p, bal[p], 0, out, n)
    return out[0][:n], out[1][:n], out[2][:n]
