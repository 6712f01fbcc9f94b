"""What each near-duplicate channel costs in store throughput, and what it buys in recall.

Issue 4 asks for two things at once: precision >= 0.99 and recall >= 0.95 on the labelled
pairs, and dedup costing under 10% of the store's throughput. This script measures the
trade-off between them, side by side in one process:
- records/s of `Store.save_many` on the store benchmark's records (bench/store.py), with
  dedup off, fully on, and on without the passage channel (SimHash bands, exact hashes,
  translations and verification only), alternating rounds so machine drift hits all;
- precision and recall on tests/dedup/pairs.jsonl with and without that channel.

The channel is switched off by replacing `storage.dedup.passage_match` and
`add_passages` with no-ops for the run: an analysis switch, not a product setting.

Usage: python scripts/dedup_cost.py [--rounds N]   (about 15 s on 2 shared cores)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from dedup_eval import evaluate, load_pairs  # noqa: E402

from bench.store import BATCH, BATCHES, make_items, throughput  # noqa: E402
from storage import dedup  # noqa: E402


@contextmanager
def without_passages() -> Iterator[None]:
    saved = dedup.passage_match, dedup.add_passages
    dedup.passage_match = lambda *args, **kwargs: None  # type: ignore[assignment]
    dedup.add_passages = lambda *args, **kwargs: None  # type: ignore[assignment]
    try:
        yield
    finally:
        dedup.passage_match, dedup.add_passages = saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    items = make_items(BATCH * BATCHES)
    rates: dict[str, list[float]] = {"off": [], "on": [], "on, no passage channel": []}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for round_ in range(args.rounds):
            rates["off"].append(throughput(items, workdir, False, f"off{round_}"))
            rates["on"].append(throughput(items, workdir, True, f"on{round_}"))
            with without_passages():
                rates["on, no passage channel"].append(
                    throughput(items, workdir, True, f"nop{round_}")
                )
        pairs = load_pairs()
        for name in ("full", "nop"):
            (workdir / name).mkdir()
        full = evaluate(pairs, workdir / "full")
        with without_passages():
            simhash_only = evaluate(pairs, workdir / "nop")
    off = statistics.median(rates["off"])
    print(f"store throughput, median of {args.rounds} rounds of {len(items):,} records")
    for name, values in rates.items():
        rate = statistics.median(values)
        cost = 100 * (1 - rate / off)
        print(f"  dedup {name:<24}{rate:>8,.0f} records/s  {1e6 / rate:6.1f} us/record"
              f"  cost {cost:5.1f}%")  # fmt: skip
    print(f"labelled pairs ({len(pairs)})")
    for name, result in (("with passage channel", full), ("without it", simhash_only)):
        print(f"  {name:<24}precision {result['precision']:.3f}  recall {result['recall']:.3f}")


if __name__ == "__main__":
    main()
