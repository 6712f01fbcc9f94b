"""Dedup's share of the store's throughput, from many paired batches, with a confidence
interval: how sure a figure from `bench.store` (36 pairs) is.

Runs `bench.store.rounds` (each batch saved with dedup on and off, seconds apart, the
order balanced) for ROUNDS rounds of 3 batches, and prints the median paired cost, a
bootstrap 95% interval of that median and the interquartile range of the pairs. With
`--cpu` a batch is timed by the process's CPU time instead of the wall clock: if the
spread were the process being descheduled on the shared cores, it would shrink.

Usage: python scripts/dedup_share.py [ROUNDS] [--batch N] [--cpu]   (defaults 60, 1000)
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bench.store as bench_store  # noqa: E402

RESAMPLES = 2000


def median_interval(costs: list[float], seed: int = 1) -> tuple[float, float]:
    """A bootstrap 95% interval of the median of `costs`."""
    rng = random.Random(seed)
    medians = sorted(statistics.median(rng.choices(costs, k=len(costs))) for _ in range(RESAMPLES))
    return medians[int(RESAMPLES * 0.025)], medians[int(RESAMPLES * 0.975) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rounds", nargs="?", type=int, default=60)
    parser.add_argument("--batch", type=int, default=bench_store.BATCH)
    parser.add_argument("--cpu", action="store_true", help="time batches by CPU time")
    args = parser.parse_args()
    clock = time.process_time if args.cpu else time.perf_counter
    items = bench_store.make_items(bench_store.BATCH * bench_store.BATCHES)
    with tempfile.TemporaryDirectory() as tmp:
        pairs = bench_store.rounds(items, Path(tmp), args.rounds, args.batch, clock)
    median, quartiles = bench_store.cost_pct(pairs)
    low, high = median_interval([100 * (1 - on / off) for on, off in pairs])
    timed_by = "CPU time" if args.cpu else "wall clock"
    print(
        f"batches of {args.batch}, {len(pairs)} pairs, {timed_by}: dedup costs"
        f" {median}% (95% interval of the median {low:.1f} to"
        f" {high:.1f}; pairs' IQR {quartiles[0]} to {quartiles[1]})"
    )


if __name__ == "__main__":
    main()
