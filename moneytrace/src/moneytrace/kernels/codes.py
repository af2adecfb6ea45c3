"""Account codes for millions of rows: a 64-bit hash of each name, numbered in one pass by a numba
hash table, then checked against the names themselves (a collision falls back to the exact way).

Codes are given busiest account first (skewed activity then keeps the busy accounts' state in a few
cache lines), with ties in name order; `name_rank[code]` is the account's rank in name order, the
tie-break order of every rule.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from numba import njit

from moneytrace.kernels.columns import I64
from moneytrace.kernels.prefetch import AHEAD, prefetch

SEED = 0x6D6F6E6579  # any fixed seed: codes must not depend on the process


@njit(cache=True, inline="always")
def _slot(key, mask):  # type: ignore[no-untyped-def]
    return (key ^ (key >> 31)) & mask


@njit(cache=True)
def hash_numbering(keys, present, size):  # type: ignore[no-untyped-def]
    """Number the distinct keys in order of first appearance: (code per row or -1, first row and
    count per code). `size` is a power of two above twice the number of distinct keys."""
    mask = size - 1
    table = np.full((size, 2), -1, np.int64)  # (key, code) side by side: one cache line per probe
    codes = np.full(keys.size, -1, np.int64)
    first = np.empty(size // 2, np.int64)
    count = np.zeros(size // 2, np.int64)
    n = 0
    for i in range(keys.size):
        ja = i + AHEAD
        if ja < keys.size:
            prefetch(table, _slot(keys[ja], mask))
        if not present[i]:
            continue
        key = keys[i]
        j = _slot(key, mask)
        while table[j, 1] >= 0 and table[j, 0] != key:
            j = (j + 1) & mask
        if table[j, 1] < 0:
            table[j, 0] = key
            table[j, 1] = n
            first[n] = i
            n += 1
        code = table[j, 1]
        codes[i] = code
        count[code] += 1
    return codes, first[:n], count[:n]


def _exact(frm: pl.Series, to: pl.Series) -> tuple[I64, pl.Series]:
    """Codes in name order by the names themselves, and the sorted names (the slow, sure way)."""
    names = pl.concat([frm, to]).drop_nulls().unique().sort()
    codes = [s.cast(pl.Enum(names)).to_physical().cast(pl.Int64).fill_null(-1).to_numpy() for s in (frm, to)]
    return np.concatenate(codes).astype(np.int64), names


def _hashed(frm: pl.Series, to: pl.Series, hashes: I64) -> tuple[I64, pl.Series] | None:
    """Codes in name order through the hash table, or None when two names share a hash.

    The two columns are never concatenated: millions of strings copied would cost more memory
    than everything else here."""
    n = frm.len()
    present = np.concatenate([frm.is_not_null().to_numpy(), to.is_not_null().to_numpy()])
    distinct = max(1, int(pl.Series(hashes[present]).n_unique()))
    size = 1 << int(2 * distinct).bit_length()
    codes, first, _ = hash_numbering(hashes, present, size)
    names = pl.concat([frm.gather(first[first < n]), to.gather(first[first >= n] - n)])
    names = names.gather(np.argsort(np.concatenate([first[first < n], first[first >= n]]), kind="stable"))
    order = names.arg_sort().to_numpy().astype(np.int64)
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    codes = np.where(codes >= 0, rank[np.maximum(codes, 0)], -1)
    names = names.gather(order)
    for column, part in ((frm, codes[:n]), (to, codes[n:])):
        if not bool((names.gather(np.maximum(part, 0)) == column).fill_null(True).all()):
            return None
    return codes, names


def _hash(column: pl.Series) -> I64:
    return np.asarray(column.hash(seed=SEED).to_numpy().view(np.int64))


def account_codes(
    frm: pl.Series, to: pl.Series, *, hashes: I64 | None = None
) -> tuple[I64, I64, pl.Series, I64]:
    """(payer codes, payee codes, names by code, name rank by code); -1 for an empty account.
    `hashes` (of frm then to) replaces the 64-bit hash, for tests of the collision fallback."""
    if hashes is None:
        hashes = np.concatenate([_hash(frm), _hash(to)])
    found = _hashed(frm, to, hashes)
    codes, names = found if found is not None else _exact(frm, to)
    activity = np.bincount(codes[codes >= 0], minlength=names.len())
    by_activity = np.argsort(-activity, kind="stable")  # busiest first, ties in name order
    new_code = np.empty_like(by_activity)
    new_code[by_activity] = np.arange(by_activity.size)
    codes = np.where(codes >= 0, new_code[np.maximum(codes, 0)], -1)
    n = frm.len()
    return codes[:n], codes[n:], names.gather(by_activity), by_activity.astype(np.int64)
