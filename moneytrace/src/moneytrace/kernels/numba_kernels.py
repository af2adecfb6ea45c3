"""numba kernels: one pass over the columnar ledger per method, exactly as the reference rules.

This module has the shared arithmetic and the node layout (FIFO, LIFO, and the share methods for
many labels); dense.py has the share methods for few labels, poison.py the poison method.

State lives in arrays owned by the caller, so a run can be split into chunks (for progress) and
buffers can grow. Pools (an account in one currency) hold linked lists of nodes (label, amount):
FIFO/LIFO keep lots in deposit order (head = oldest for FIFO, newest for LIFO: both take from the
head); the share methods keep one node per label, sorted by label id (the tie-break order).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from moneytrace.kernels.prefetch import AHEAD, prefetch

I64_MAX = np.iinfo(np.int64).max

FIFO, LIFO, PRORATA, LIBR, DIRTY = 0, 1, 2, 3, 4
METHOD_CODES = {"fifo": FIFO, "lifo": LIFO, "prorata": PRORATA, "libr": LIBR, "dirty-first": DIRTY}


@njit(cache=True, inline="always")
def muldiv(a, d, b):  # type: ignore[no-untyped-def]
    """(a*d) // b and (a*d) % b exactly, for 0 <= a, d < 2**62, 0 < b < 2**62 and a quotient below
    2**62 (always so here: a share never exceeds the whole it is taken from)."""
    if b < 2**50 and float(a) * float(d) < 4.0e18 * float(b):
        # estimate in floating point (off by at most a few thousand), then correct exactly: the
        # difference a*d - q*b is small, so it is exact in wrapping 64-bit arithmetic (and no
        # integer division is needed: this is the hot path of every proportional split)
        q = np.int64(float(a) * float(d) / float(b))
        r = np.int64(np.uint64(a) * np.uint64(d) - np.uint64(q) * np.uint64(b))
        while r < 0:
            q -= 1
            r += b
        while r >= b:
            q += 1
            r -= b
        return q, r
    if (a < 3037000499 and d < 3037000499) or float(a) * float(d) < 9.0e18:  # no overflow
        p = a * d
        q = p // b
        return q, p - q * b
    return _muldiv_long(a, d, b)


@njit(cache=True)
def _muldiv_long(a, d, b):  # type: ignore[no-untyped-def]
    # binary long multiplication keeping (q, r) with q*b + r == a * (bits of d seen so far)
    qa, ra = a // b, a % b
    q = 0
    r = 0
    for bit in range(62, -1, -1):
        q *= 2
        r *= 2
        if r >= b:
            q += 1
            r -= b
        if (d >> bit) & 1:
            q += qa
            r += ra
            if r >= b:
                q += 1
                r -= b
    return q, r


@njit(cache=True)
def muldiv_checked(a, d, b):  # type: ignore[no-untyped-def]
    """muldiv for tests."""
    return muldiv(a, d, b)


@njit(cache=True, inline="always")
def largest_remainder(w, lo, hi, total, out, rem):  # type: ignore[no-untyped-def]
    """out[lo:hi] = split of `total` in proportion to w[lo:hi]; ties to the lower index."""
    whole = 0
    for i in range(lo, hi):
        whole += w[i]
    given = 0
    for i in range(lo, hi):
        q, r = muldiv(w[i], total, whole)
        out[i] = q
        rem[i] = r
        given += q
    left = total - given
    if left == 0:
        return
    n = hi - lo
    if n <= 16:
        for _ in range(left):  # left < n: pick the largest remainder, lowest index first
            best = -1
            for i in range(lo, hi):
                if rem[i] >= 0 and (best < 0 or rem[i] > rem[best]):
                    best = i
            out[best] += 1
            rem[best] = -1
    else:
        order = np.argsort(-rem[lo:hi], kind="mergesort")
        for j in range(left):
            out[lo + order[j]] += 1


@njit(cache=True)
def grow(a, need):  # type: ignore[no-untyped-def]
    if need <= a.size:
        return a
    b = np.empty(max(need, 2 * a.size), a.dtype)
    b[: a.size] = a
    return b


@njit(cache=True, inline="always")
def _alloc(nxt, free):  # type: ignore[no-untyped-def]
    """A node from the free list, else a fresh one (the caller checked that one is available)."""
    if free[0] >= 0:
        nd = free[0]
        free[0] = nxt[nd]
        free[2] -= 1
    else:
        nd = free[1]
        free[1] += 1
    return nd


@njit(cache=True, inline="always")
def _release(nxt, free, nd):  # type: ignore[no-untyped-def]
    nxt[nd] = free[0]
    free[0] = nd
    free[2] += 1


@njit(cache=True)
def run_nodes(  # type: ignore[no-untyped-def]
    method,
    start,
    end,
    src,
    dst,
    amount,
    credit,
    exch,
    victim,
    head,
    tail,
    bal,
    cnt,
    nxt,
    lab,
    amt,
    free,
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
    """Process transactions start..end-1 of a node method.

    Node columns nxt/lab/amt, free = [free-list head, nodes used, nodes on the free list]; cnt = nodes
    per pool; pl/pa/tk/rm = piece buffers; o_* = rows (kind 0 exit, 1 converted entry).
    No array is reallocated here (that would cost reference counting in the hot loop): before each
    transaction the kernel checks that buffers suffice, else returns status 2 and the size it needs,
    having changed nothing for that transaction. Status 1 = overdraft. Returns (status, i, n_out, need).
    A pool whose money is all clean holds no nodes (head -1, its balance in bal): most pools never
    see a victim's money, and for them a transaction only moves balances. Nodes are made when victim
    money arrives (a clean node for the balance already there first) and dropped when only clean
    money is left."""
    for i in range(start, end):
        ja = i + AHEAD  # prefetch the pools of a transaction ahead (inline: a call costs more)
        if ja < src.size:
            if src[ja] >= 0:
                prefetch(head, src[ja])
                prefetch(bal, src[ja])
            if dst[ja] >= 0:
                prefetch(head, dst[ja])
                prefetch(tail, dst[ja])
                prefetch(bal, dst[ja])
        s = src[i]
        d = dst[i]
        a = amount[i]
        v = victim[i]
        need = 2 * (cnt[s] + 2) if s >= 0 and head[s] >= 0 else 4
        if need > pl.size or n_out + need > o_tx.size or free[2] + nxt.size - free[1] < need:
            return 2, i, n_out, need
        n = 0
        if s >= 0:
            if a > bal[s]:
                return 1, i, n_out, 0
            if head[s] < 0:  # all clean
                pl[0] = 0
                pa[0] = a
                n = 1
            elif method <= LIFO:  # FIFO or LIFO: both take from the head
                rest = a
                while rest > 0:
                    nd = head[s]
                    take = min(amt[nd], rest)
                    pl[n] = lab[nd]
                    pa[n] = take
                    n += 1
                    rest -= take
                    if take == amt[nd]:
                        head[s] = nxt[nd]
                        if head[s] < 0:
                            tail[s] = -1
                        _release(nxt, free, nd)
                        cnt[s] -= 1
                    else:
                        amt[nd] -= take
                if method == LIFO:  # pieces back into deposit order
                    for j in range(n // 2):
                        pl[j], pl[n - 1 - j] = pl[n - 1 - j], pl[j]
                        pa[j], pa[n - 1 - j] = pa[n - 1 - j], pa[j]
            else:
                m = 0
                nd = head[s]
                clean = 0
                while nd >= 0:
                    pl[m] = lab[nd]
                    pa[m] = amt[nd]
                    tk[m] = 0
                    if lab[nd] == 0:
                        clean = amt[nd]
                    m += 1
                    nd = nxt[nd]
                first_victim = 1 if (m > 0 and pl[0] == 0) else 0
                if method == PRORATA:
                    largest_remainder(pa, 0, m, a, tk, rm)
                elif method == LIBR:
                    from_clean = min(clean, a)
                    if first_victim == 1:
                        tk[0] = from_clean
                    if a - from_clean > 0:
                        largest_remainder(pa, first_victim, m, a - from_clean, tk, rm)
                else:
                    from_victims = min(bal[s] - clean, a)
                    if from_victims > 0:
                        largest_remainder(pa, first_victim, m, from_victims, tk, rm)
                    if first_victim == 1:
                        tk[0] = a - from_victims
                prev = -1
                nd = head[s]
                j = 0
                while nd >= 0:  # subtract, unlinking labels that reach zero
                    after = nxt[nd]
                    amt[nd] -= tk[j]
                    if amt[nd] == 0:
                        if prev < 0:
                            head[s] = after
                        else:
                            nxt[prev] = after
                        _release(nxt, free, nd)
                        cnt[s] -= 1
                    else:
                        prev = nd
                    nd = after
                    j += 1
                for j in range(m):
                    if tk[j] > 0:
                        pl[n] = pl[j]
                        pa[n] = tk[j]
                        n += 1
            nd = head[s]
            if nd >= 0 and nxt[nd] < 0 and lab[nd] == 0:  # only clean money left: back to no nodes
                _release(nxt, free, nd)
                head[s] = -1
                tail[s] = -1
                cnt[s] = 0
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
            k = 0
            for j in range(n):
                if tk[j] > 0:
                    pl[k] = pl[j]
                    pa[k] = tk[j]
                    k += 1
                    if pl[j] > 0:
                        o_tx[n_out] = i
                        o_lab[n_out] = pl[j]
                        o_amt[n_out] = tk[j]
                        o_kind[n_out] = 1
                        n_out += 1
            n = k
        if head[d] < 0:
            tainted = False
            for j in range(n):
                if pl[j] > 0:
                    tainted = True
            if not tainted:
                bal[d] += c
                continue
            if bal[d] > 0:  # the clean money already there becomes a node, first in every order
                nd = _alloc(nxt, free)
                cnt[d] = 1
                lab[nd] = 0
                amt[nd] = bal[d]
                nxt[nd] = -1
                head[d] = nd
                tail[d] = nd
        if method <= LIFO:  # FIFO or LIFO
            for j in range(n):
                end_node = tail[d] if method == FIFO else head[d]
                if end_node >= 0 and lab[end_node] == pl[j]:
                    amt[end_node] += pa[j]
                    continue
                nd = _alloc(nxt, free)
                cnt[d] += 1
                lab[nd] = pl[j]
                amt[nd] = pa[j]
                if method == FIFO:
                    nxt[nd] = -1
                    if tail[d] >= 0:
                        nxt[tail[d]] = nd
                    else:
                        head[d] = nd
                    tail[d] = nd
                else:
                    nxt[nd] = head[d]
                    head[d] = nd
        else:
            prev = -1
            nd = head[d]
            for j in range(n):
                label = pl[j]
                while nd >= 0 and lab[nd] < label:
                    prev = nd
                    nd = nxt[nd]
                if nd >= 0 and lab[nd] == label:
                    amt[nd] += pa[j]
                    continue
                new = _alloc(nxt, free)
                cnt[d] += 1
                lab[new] = label
                amt[new] = pa[j]
                nxt[new] = nd
                if prev < 0:
                    head[d] = new
                else:
                    nxt[prev] = new
                prev = new
        bal[d] += c
    return 0, end, n_out, 0


@njit(cache=True)
def node_holdings(head, nodes):  # type: ignore[no-untyped-def]
    """(pool, label, amount) of every victim node, pools in order."""
    nxt, lab, amt = nodes[0], nodes[1], nodes[2]
    count = 0
    for p in range(head.size):
        nd = head[p]
        while nd >= 0:
            if lab[nd] > 0:
                count += 1
            nd = nxt[nd]
    pool = np.empty(count, np.int64)
    label = np.empty(count, np.int64)
    amount = np.empty(count, np.int64)
    k = 0
    for p in range(head.size):
        nd = head[p]
        while nd >= 0:
            if lab[nd] > 0:
                pool[k] = p
                label[k] = lab[nd]
                amount[k] = amt[nd]
                k += 1
            nd = nxt[nd]
    return pool, label, amount


@njit(cache=True)
def _shares(weights, total):  # type: ignore[no-untyped-def]
    """Whole shares and remainders of `total` split by `weights`, and the units still to give."""
    whole = 0
    for i in range(weights.size):
        whole += weights[i]
    out = np.empty(weights.size, np.int64)
    rem = np.empty(weights.size, np.int64)
    given = 0
    for i in range(weights.size):
        q, r = muldiv(weights[i], total, whole)
        out[i] = q
        rem[i] = r
        given += q
    return out, rem, total - given


def cap_parts(weights: np.ndarray, total: int) -> np.ndarray:
    """Largest-remainder split of `total` by `weights`, ties to the earlier weight (for the cap)."""
    out, rem, left = _shares(weights, total)
    out = np.asarray(out, np.int64)
    if not left:
        return out
    n = weights.size
    if int(rem.max()) < I64_MAX // (n + 1):
        # remainders made unique by the tie-break (earlier index wins): the set of the `left`
        # largest is then found by a partition, without sorting the million others
        key = rem * n + (n - 1 - np.arange(n, dtype=np.int64))
        out[np.argpartition(-key, left - 1)[:left]] += 1
    else:
        out[np.argsort(-rem, kind="stable")[:left]] += 1
    return out
