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

`--by-share` adds where the cost comes from: the same measurement with no near copies
in the input and with the benchmark's 10%, each with the product's 32-value passage
sketch and with an 8-value one (`crawler.fingerprints.PASSAGE_KEEP` patched while the
records are made). No near copies isolates the look-ups and indexes every record pays;
the difference is verifying the copies that are found.

Usage: python scripts/dedup_cost.py [--rounds N] [--by-share]
       (about 15 s on 2 shared cores, 40 s with --by-share)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest.mock import patch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from dedup_eval import evaluate, load_pairs  # noqa: E402

import bench.store  # noqa: E402
from bench.store import BATCH, BATCHES, make_items, throughput  # noqa: E402
from crawler import fingerprints  # noqa: E402
from crawler.items import PageItem  # noqa: E402
from storage import dedup  # noqa: E402


@contextmanager
def without_passages() -> Iterator[None]:
    def nothing(*args: object, **kwargs: object) -> None:
        return None

    with (
        patch.object(dedup, "passage_match", nothing),
        patch.object(dedup, "add_passages", nothing),
    ):
        yield


def by_share(rounds: int, workdir: Path) -> None:
    """Dedup's cost with 0% and 10% near copies, with 32- and 8-value passage sketches."""
    cases: dict[tuple[float, int], list[PageItem]] = {}
    for share in (0.0, bench.store.NEAR_SHARE):
        for keep in (fingerprints.PASSAGE_KEEP, 8):
            with (
                patch.object(bench.store, "NEAR_SHARE", share),
                patch.object(fingerprints, "PASSAGE_KEEP", keep),
            ):
                cases[share, keep] = make_items(BATCH * BATCHES)
    off: dict[float, list[float]] = {share: [] for share, _ in cases}
    on: dict[tuple[float, int], list[float]] = {case: [] for case in cases}
    for round_ in range(rounds):
        for share in off:
            items = cases[share, fingerprints.PASSAGE_KEEP]
            off[share].append(throughput(items, workdir, False, f"share-off-{share}-{round_}"))
        for (share, keep), items in cases.items():
            on[share, keep].append(
                throughput(items, workdir, True, f"share-{share}-{keep}-{round_}")
            )
    with patch.object(fingerprints, "PASSAGE_KEEP", 8):
        (workdir / "pairs8").mkdir()
        small = evaluate(load_pairs(), workdir / "pairs8")
    print(f"labelled pairs with an 8-value sketch: precision {small['precision']:.3f}"
          f"  recall {small['recall']:.3f}")  # fmt: skip
    print("by near-copy share and passage-sketch size (records/s, median)")
    for (share, keep), rates in on.items():
        rate, base = statistics.median(rates), statistics.median(off[share])
        cost, extra_us = 100 * (1 - rate / base), 1e6 / rate - 1e6 / base
        print(f"  {share:4.0%} near copies, {keep:2d} values: off {base:6,.0f}  on {rate:6,.0f}"
              f"  cost {cost:5.1f}%  {extra_us:4.0f} us/record")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--by-share", action="store_true", help="also cost by near-copy share")
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
    if args.by_share:
        with tempfile.TemporaryDirectory() as tmp:
            by_share(args.rounds, Path(tmp))


if __name__ == "__main__":
    main()
