"""numba kernels of the share methods (pro rata, LIBR, dirty-first) for few labels: a dense
pools x labels matrix instead of linked nodes, and for one victim two numbers per pool."""

from __future__ import annotations

import numpy as np
from numba import njit

from moneytrace.kernels.numba_kernels import LIBR, PRORATA, largest_remainder, muldiv
from moneytrace.kernels.prefetch import AHEAD, prefetch


@njit(cache=True)
def run_dense(  # type: ignore[no-untyped-def]
    method,
    start,
    end,
    src,
    dst,
    amount,
    credit,
    exch,
    victim,
    bal,
    parts,
    pl,
    pa,
    tk,
    rm,
    o_tx,
    o_lab,
    o_amt,
    o_kind,
    n_out,
):
    """The share methods (pro rata, LIBR, dirty-first) for few labels: parts[pool, label] dense.
    Same rules and statuses as run_nodes; labels with no money get no share, so the splits are the
    sparse layout's exactly."""
    nl = parts.shape[1]
    for i in range(start, end):
        ja = i + AHEAD  # prefetch the pools of a transaction ahead (inline: a call costs more)
        if ja < src.size:
            if src[ja] >= 0:
                prefetch(parts, src[ja])
                prefetch(bal, src[ja])
            if dst[ja] >= 0:
                prefetch(parts, dst[ja])
                prefetch(bal, dst[ja])
        s = src[i]
        d = dst[i]
        a = amount[i]
        v = victim[i]
        if n_out + 2 * nl + 2 > o_tx.size:
            return 2, i, n_out, 2 * nl + 2
        n = 0
        if s >= 0:
            if a > bal[s]:
                return 1, i, n_out, 0
            row = parts[s]
            for j in range(nl):
                tk[j] = 0
            clean = row[0]
            if method == PRORATA:
                largest_remainder(row, 0, nl, a, tk, rm)
            elif method == LIBR:
                tk[0] = min(clean, a)
                if a - tk[0] > 0:
                    largest_remainder(row, 1, nl, a - tk[0], tk, rm)
            else:
                from_victims = min(bal[s] - clean, a)
                if from_victims > 0:
                    largest_remainder(row, 1, nl, from_victims, tk, rm)
                tk[0] = a - from_victims
            for j in range(nl):
                if tk[j] > 0:
                    row[j] -= tk[j]
                    pl[n] = j
                    pa[n] = tk[j]
                    n += 1
            bal[s] -= a
            if v > 0 or d < 0 or exch[i]:
                for j in range(n):
                    if pl[j] > 0:
                        o_tx[n_out] = i
                        o_lab[n_out] = pl[j]
                        o_amt[n_out] = pa[j]
                        o_kind[n_out] = 0
                        n_out += 1
        else:
            pl[0] = 0
            pa[0] = a
            n = 1
        if v > 0:
            pl[0] = v
            pa[0] = a
            n = 1
            if d < 0:  # paid straight to an account outside the trace
                o_tx[n_out] = i
                o_lab[n_out] = v
                o_amt[n_out] = a
                o_kind[n_out] = 0
                n_out += 1
        if d < 0:
            continue
        c = credit[i]
        if exch[i]:
            largest_remainder(pa, 0, n, c, tk, rm)
            for j in range(n):
                pa[j] = tk[j]
                if pl[j] > 0 and tk[j] > 0:
                    o_tx[n_out] = i
                    o_lab[n_out] = pl[j]
                    o_amt[n_out] = tk[j]
                    o_kind[n_out] = 1
                    n_out += 1
        row = parts[d]
        for j in range(n):
            row[pl[j]] += pa[j]
        bal[d] += c
    return 0, end, n_out, 0


@njit(cache=True)
def run_single(  # type: ignore[no-untyped-def]
    method, start, end, src, dst, amount, credit, exch, victim, st, o_tx, o_lab, o_amt, o_kind, n_out
):
    """The share methods for one victim: st[pool] = (balance, victim part), side by side in memory.

    With two labels (clean 0, victim 1) the largest-remainder split needs one exact division: the
    remainders of the two shares sum to the whole or to zero, so the victim's share gets the spare
    unit exactly when twice its remainder exceeds the whole (ties go to the clean label, the lower
    index), which is what run_dense computes with its general loop."""
    for i in range(start, end):
        ja = i + AHEAD  # prefetch the pools of a transaction ahead (inline: a call costs more)
        if ja < src.size:
            if src[ja] >= 0:
                prefetch(st, src[ja])
            if dst[ja] >= 0:
                prefetch(st, dst[ja])
        s = src[i]
        d = dst[i]
        a = amount[i]
        v = victim[i]
        if n_out + 4 > o_tx.size:
            return 2, i, n_out, 4
        out_v = 0  # the victim's part of the money leaving s
        if s >= 0:
            b = st[s, 0]
            if a > b:
                return 1, i, n_out, 0
            t = st[s, 1]
            if t > 0:
                if method == PRORATA:
                    q, r = muldiv(t, a, b)
                    out_v = q + 1 if 2 * r > b else q
                elif method == LIBR:
                    out_v = a - min(b - t, a)
                else:
                    out_v = min(t, a)
                st[s, 1] = t - out_v
            st[s, 0] = b - a
            if out_v > 0 and (v > 0 or d < 0 or exch[i]):
                o_tx[n_out] = i
                o_lab[n_out] = 1
                o_amt[n_out] = out_v
                o_kind[n_out] = 0
                n_out += 1
        if v > 0:
            out_v = a
            if d < 0:  # paid straight to an account outside the trace
                o_tx[n_out] = i
                o_lab[n_out] = v
                o_amt[n_out] = a
                o_kind[n_out] = 0
                n_out += 1
        if d < 0:
            continue
        c = credit[i]
        in_v = out_v
        if exch[i] and out_v > 0:
            if out_v == a:
                in_v = c
            else:
                q, r = muldiv(out_v, c, a)
                in_v = q + 1 if 2 * r > a else q
            if in_v > 0:
                o_tx[n_out] = i
                o_lab[n_out] = 1
                o_amt[n_out] = in_v
                o_kind[n_out] = 1
                n_out += 1
        st[d, 0] += c
        st[d, 1] += in_v
    return 0, end, n_out, 0


@njit(cache=True)
def dense_holdings(parts):  # type: ignore[no-untyped-def]
    """(pool, label, amount) of every victim part."""
    count = 0
    for p in range(parts.shape[0]):
        for j in range(1, parts.shape[1]):
            if parts[p, j]:
                count += 1
    pool = np.empty(count, np.int64)
    label = np.empty(count, np.int64)
    amount = np.empty(count, np.int64)
    k = 0
    for p in range(parts.shape[0]):
        for j in range(1, parts.shape[1]):
            if parts[p, j]:
                pool[k] = p
                label[k] = j
                amount[k] = parts[p, j]
                k += 1
    return pool, label, amount


@njit(cache=True)
def single_holdings(st):  # type: ignore[no-untyped-def]
    """(pool, label 1, amount) of every pool holding some of the one victim's money (st of run_single)."""
    count = 0
    for p in range(st.shape[0]):
        if st[p, 1]:
            count += 1
    pool = np.empty(count, np.int64)
    label = np.ones(count, np.int64)
    amount = np.empty(count, np.int64)
    k = 0
    for p in range(st.shape[0]):
        if st[p, 1]:
            pool[k] = p
            amount[k] = st[p, 1]
            k += 1
    return pool, label, amount
