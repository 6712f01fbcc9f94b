"""Where a save's time goes, with dedup on and off: microseconds per record of each step.

Saves `bench.store`'s 3,000 articles (10% of them near copies) into two fresh stores per
round, dedup on and off, through `bench.store.rounds` (the order alternating batch by
batch), and times the steps of `Store.save_many` by wrapping their methods. A wrapper adds about
0.3 us a call, so the steps sum to a little more than a save without them; what
compares is on against off, step by step. The bench gives the throughput; this says
which part of dedup's share is which.

Usage: python scripts/store_phases.py [BATCH] [ROUNDS]   (defaults 1000 and 8; a minute)
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import storage.dedup as dedup  # noqa: E402
import storage.rows as rows  # noqa: E402
import storage.store as store  # noqa: E402
from bench.store import make_items, rounds  # noqa: E402

# (owner, attribute, label): the steps a save runs; the `dedup.*` ones run only with dedup
STEPS: list[tuple[Any, str, str]] = [
    (store.Store, "save_many", "total"),
    (store.Store, "_save_one", "save one article"),
    (store.Store, "_insert_row", "  insert its row"),
    (store.Store, "_save_page", "  its page row"),
    (store.Store, "_add_aliases", "  its aliases"),
    (store.Store, "_article_by_urls", "  URL identity"),
    (store.Store, "_link_alternates", "  alternates, translations"),
    (dedup.BatchIndex, "near", "  dedup: near look-up"),
    (dedup, "_verify_candidates", "    verify candidates"),
    (dedup.BatchIndex, "index", "  dedup: buffer an original"),
    (store.Store, "_batch_index", "dedup: batch-wide reads"),
    (dedup.BatchIndex, "flush", "dedup: write the index"),
    (store.Store, "_index_new_articles", "full-text index"),
    (rows.Transaction, "__exit__", "commit"),
]

spent: dict[bool, defaultdict[str, float]] = {True: defaultdict(float), False: defaultdict(float)}
# whether the save being timed has dedup on: set by the outermost wrapper (`save_many`)
dedup_on = [True]


def timed(function: Callable[..., Any], label: str) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if function is SAVE_MANY:
            dedup_on[0] = args[0].dedup
        began = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[dedup_on[0]][label] += time.perf_counter() - began

    return wrapper


SAVE_MANY = store.Store.save_many


def main() -> None:
    batch = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    for owner, name, label in STEPS:
        setattr(owner, name, timed(getattr(owner, name), label))
    items = make_items(3000)
    with tempfile.TemporaryDirectory() as tmp:
        rounds(items, Path(tmp), count, batch)
    records = len(items) * count
    print(f"us per record, batches of {batch}, {count} rounds of {len(items)} articles")
    print(f"{'step':32} {'dedup on':>9} {'off':>9} {'on - off':>9}")
    for _, _, label in STEPS:
        on_us, off_us = (spent[d][label] / records * 1e6 for d in (True, False))
        print(f"{label:32} {on_us:9.1f} {off_us:9.1f} {on_us - off_us:9.1f}")


if __name__ == "__main__":
    main()
