"""Seeded generator of realistic ledgers for the moneytrace benchmarks.

Skewed account activity (Pareto weights: a few very busy accounts, a long tail of quiet ones), clean
deposits from outside (salaries, customers), victims' payments into mule accounts that pass the money
on within hours (90-99 %, three to five hops) and finally withdraw it in cash, transfers between the
traced accounts and exits (cash, transfers abroad). Balances are tracked while generating, so the
ledger never overdraws. Every victim payment is marked; victim files decide how they are grouped.

    .venv/bin/python benchmarks/moneytrace/generate.py OUT.parquet [--transactions N --accounts M --seed S]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import polars as pl
from numba import njit

START_S = 1_767_225_600  # 2026-01-01T00:00:00Z
N_OUTSIDE = 1000  # accounts abroad, payers and victims each


@njit(cache=True)
def _simulate(kind, pick1, pick2, frac, deposit, gap, mules, chain_roll, hops_drawn, n_accounts):  # type: ignore[no-untyped-def]
    n = kind.size
    src = np.full(n, -1, np.int64)
    dst = np.full(n, -1, np.int64)
    amount = np.zeros(n, np.int64)
    ts = np.zeros(n, np.int64)
    victim = np.zeros(n, np.bool_)
    bal = np.zeros(n_accounts, np.int64)
    queue_acc = np.empty(1 << 16, np.int64)
    queue_hops = np.empty(1 << 16, np.int64)
    q_head = 0
    q_tail = 0
    t = START_S
    abroad, payers, victims = n_accounts, n_accounts + N_OUTSIDE, n_accounts + 2 * N_OUTSIDE
    for i in range(n):
        t += gap[i]
        ts[i] = t
        k = kind[i]
        if q_head != q_tail and chain_roll[i] < 0.5:  # a mule passes the money on
            acc = queue_acc[q_head & 0xFFFF]
            hops = queue_hops[q_head & 0xFFFF]
            q_head += 1
            if bal[acc] > 0:
                src[i] = acc
                if hops <= 1:
                    amount[i] = bal[acc] - bal[acc] // 50
                else:
                    nxt = mules[pick2[i] % mules.size]
                    if nxt == acc:
                        nxt = mules[(pick2[i] + 1) % mules.size]
                    amount[i] = max(1, int(bal[acc] * (0.9 + 0.09 * frac[i])))
                    dst[i] = nxt
                    bal[nxt] += amount[i]
                    if q_tail - q_head < 0xFFFF:
                        queue_acc[q_tail & 0xFFFF] = nxt
                        queue_hops[q_tail & 0xFFFF] = hops - 1
                        q_tail += 1
                bal[acc] -= amount[i]
                continue
            k = 0
        if k == 1:  # a victim pays a mule
            m = mules[pick1[i] % mules.size]
            src[i] = victims + pick2[i] % N_OUTSIDE
            dst[i] = m
            amount[i] = deposit[i] * 3
            victim[i] = True
            bal[m] += amount[i]
            if q_tail - q_head < 0xFFFF:
                queue_acc[q_tail & 0xFFFF] = m
                queue_hops[q_tail & 0xFFFF] = hops_drawn[i]
                q_tail += 1
            continue
        a = pick1[i]
        if k >= 2 and bal[a] > 0:
            src[i] = a
            amount[i] = max(1, int(bal[a] * frac[i]))
            bal[a] -= amount[i]
            if k == 2:  # transfer between traced accounts
                b = pick2[i] if pick2[i] != a else (a + 1) % n_accounts
                dst[i] = b
                bal[b] += amount[i]
            elif pick2[i] % 2 == 0:  # exit: transfer abroad
                dst[i] = abroad + pick2[i] % N_OUTSIDE
            continue
        src[i] = payers + pick2[i] % N_OUTSIDE  # clean deposit from outside
        dst[i] = a
        amount[i] = deposit[i]
        bal[a] += amount[i]
    return src, dst, amount, ts, victim


def generate_arrays(n_tx: int, n_accounts: int, seed: int) -> dict[str, np.ndarray]:
    """Codes: internal accounts 0..n-1, then abroad, payers, victims; -1 = none (cash)."""
    rng = np.random.default_rng(seed)
    weight = rng.pareto(1.2, n_accounts) + 1.0
    weight /= weight.sum()
    kind = rng.choice(4, n_tx, p=[0.10, 0.004, 0.78, 0.116]).astype(np.int64)
    pick1 = rng.choice(n_accounts, n_tx, p=weight).astype(np.int64)
    pick2 = rng.choice(n_accounts, n_tx, p=weight).astype(np.int64)
    frac = rng.uniform(0.05, 1.0, n_tx)
    deposit = np.maximum(1, rng.lognormal(9.5, 1.3, n_tx)).astype(np.int64)
    gap = rng.integers(0, 12, n_tx)
    mules = rng.choice(n_accounts, max(2, n_accounts // 100), replace=False).astype(np.int64)
    chain_roll = rng.random(n_tx)
    hops = rng.integers(3, 6, n_tx)
    src, dst, amount, ts, victim = _simulate(
        kind, pick1, pick2, frac, deposit, gap, mules, chain_roll, hops, n_accounts
    )
    return {"src": src, "dst": dst, "amount": amount, "ts": ts, "victim": victim}


def _names(codes: np.ndarray, n_accounts: int) -> pl.Expr:
    s = pl.lit(pl.Series(codes))
    return (
        pl.when(s < 0)
        .then(None)
        .when(s < n_accounts)
        .then(pl.concat_str(pl.lit("ACC"), s.cast(pl.String).str.pad_start(7, "0")))
        .when(s < n_accounts + N_OUTSIDE)
        .then(pl.concat_str(pl.lit("ABROAD"), (s - n_accounts).cast(pl.String)))
        .when(s < n_accounts + 2 * N_OUTSIDE)
        .then(pl.concat_str(pl.lit("PAYER"), (s - n_accounts - N_OUTSIDE).cast(pl.String)))
        .otherwise(pl.concat_str(pl.lit("VICTIM"), (s - n_accounts - 2 * N_OUTSIDE).cast(pl.String)))
    )


def generate_frame(n_tx: int, n_accounts: int, seed: int = 7) -> pl.DataFrame:
    """The ledger as a frame: id, timestamp (UTC), from_account, to_account, amount_minor, currency,
    and `victim_payment` (True for a victim's payment into a mule account)."""
    arr = generate_arrays(n_tx, n_accounts, seed)
    return pl.select(
        id=pl.concat_str(pl.lit("T"), pl.int_range(n_tx).cast(pl.String).str.pad_start(9, "0")),
        timestamp=pl.lit(pl.Series(arr["ts"] * 1_000_000)).cast(pl.Datetime("us", "UTC")),
        from_account=_names(arr["src"], n_accounts),
        to_account=_names(arr["dst"], n_accounts),
        amount_minor=pl.lit(pl.Series(arr["amount"])),
        currency=pl.lit("EUR"),
        victim_payment=pl.lit(pl.Series(arr["victim"])),
    )


def victims_frame(frame: pl.DataFrame, n_victims: int) -> pl.DataFrame:
    """transaction_id, victim: the victim payments shared round-robin among `n_victims` victims."""
    paid = frame.filter(pl.col("victim_payment")).select(transaction_id="id")
    return paid.with_columns(
        victim=pl.concat_str(
            pl.lit("victim-"), (pl.int_range(pl.len()) % n_victims).cast(pl.String).str.pad_start(4, "0")
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--transactions", type=int, default=5_000_000)
    parser.add_argument("--accounts", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    started = time.perf_counter()
    frame = generate_frame(args.transactions, args.accounts, args.seed)
    frame.write_parquet(args.out)
    print(f"{frame.height:,} transactions -> {args.out} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
