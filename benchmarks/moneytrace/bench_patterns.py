"""Benchmark: laundering patterns on 5,000,000 transactions over 500,000 accounts (target: < 30 s).

Uses the shared seeded generator of benchmarks/moneytrace when it offers one (a function
`generate_frame(n_tx, n_accounts, seed)` returning a polars frame in the pattern columns); otherwise
a minimal seeded generator below (skewed account activity, payments from/to outside, mule chains).

    .venv/bin/python benchmarks/moneytrace/bench_patterns.py [--transactions N] [--accounts N] [--parquet F]
"""

from __future__ import annotations

import argparse
import time
from collections import Counter

import numpy as np
import polars as pl
from moneytrace.patterns import PatternParams, find_patterns_frame

TARGET_SECONDS = 30.0


def minimal_frame(n_tx: int, n_accounts: int, seed: int = 7) -> pl.DataFrame:
    """A seeded ledger: Pareto-skewed activity over a year, 5% in from / out to outside, mule chains."""
    rng = np.random.default_rng(seed)
    weight = rng.pareto(1.2, n_accounts) + 1.0
    weight /= weight.sum()
    src = rng.choice(n_accounts, n_tx, p=weight).astype(np.int64)
    dst = rng.choice(n_accounts, n_tx, p=weight).astype(np.int64)
    dst = np.where(dst == src, (dst + 1) % n_accounts, dst)
    src[rng.random(n_tx) < 0.05] = -1
    dst[(rng.random(n_tx) < 0.05) & (src >= 0)] = -1
    ts = np.sort(rng.integers(1_735_689_600, 1_735_689_600 + 365 * 86400, n_tx))
    amount = np.round(rng.lognormal(10, 1.5, n_tx)).clip(1, None)
    # mule chains: a victim's payment passes through 3 accounts within hours (about 0.1% of rows)
    chains = n_tx // 4000
    heads = rng.choice(n_tx - 4, chains, replace=False)
    for h in heads:
        mules = rng.choice(n_accounts, 3, replace=False)
        src[h : h + 4] = [-1, mules[0], mules[1], mules[2]]
        dst[h : h + 4] = [mules[0], mules[1], mules[2], -1]
        ts[h : h + 4] = ts[h] + np.array([0, 3600, 7200, 10800])
        amount[h : h + 4] = amount[h] * np.array([1.0, 0.97, 0.94, 0.91])

    def account(codes: np.ndarray) -> pl.Expr:
        number = pl.lit(pl.Series(codes)).cast(pl.String).str.pad_start(7, "0")
        return (
            pl.when(pl.lit(pl.Series(codes)) >= 0).then(pl.concat_str(pl.lit("ACC"), number)).otherwise(None)
        )

    return pl.select(
        id=pl.concat_str(pl.lit("tx"), pl.int_range(n_tx).cast(pl.String)),
        timestamp=pl.lit(pl.Series(ts)),
        from_account=account(src),
        to_account=account(dst),
        amount_minor=pl.lit(pl.Series(np.round(amount))),
        currency=pl.lit("EUR"),
    )


def load_frame(n_tx: int, n_accounts: int, seed: int) -> tuple[pl.DataFrame, str]:
    """The shared generator's ledger if it has one, else the minimal one."""
    try:
        import generate  # type: ignore[import-not-found]  # beside this script

        frame = generate.generate_frame(n_tx, n_accounts, seed)
        return frame, "benchmarks/moneytrace/generate.py"
    except (ImportError, AttributeError):
        return minimal_frame(n_tx, n_accounts, seed), "bench_patterns.minimal_frame"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--transactions", type=int, default=5_000_000)
    parser.add_argument("--accounts", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--parquet", help="read this ledger instead of generating one")
    args = parser.parse_args()
    started = time.perf_counter()
    if args.parquet:
        from moneytrace.patterns.frame import read_pattern_frame

        frame, origin = read_pattern_frame(args.parquet), args.parquet
        if frame is None:
            raise SystemExit(f"{args.parquet}: not a ledger the columnar reader accepts")
        args.accounts = pl.concat([frame["from_account"], frame["to_account"]]).n_unique() - 1
    else:
        frame, origin = load_frame(args.transactions, args.accounts, args.seed)
    print(f"loaded {frame.height:,} transactions from {origin} in {time.perf_counter() - started:.1f} s")
    started, cpu = time.perf_counter(), time.process_time()
    findings = find_patterns_frame(frame, params=PatternParams())
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    counts = Counter(f.kind for f in findings)
    print("findings: " + ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items())))
    verdict = "meets" if elapsed < TARGET_SECONDS else "MISSES"
    print(
        f"patterns on {frame.height:,} transactions over {args.accounts:,} accounts: {elapsed:.1f} s "
        f"(target < {TARGET_SECONDS:.0f} s: {verdict}; CPU time {cpu:.1f} s on all threads)"
    )


if __name__ == "__main__":
    main()
