"""What a batch's dedup reads cost, against one statement per value: is there a cheaper read?

Stores `bench.store`'s first STORED articles with dedup on, then times, for the next
BATCH articles, the reads `storage.dedup.BatchIndex` makes before a batch is saved (the
content hashes the store holds, the postings of the sketch values, the alternates that
name the batch's URLs), each alone and the whole constructor, against the same answers
read one statement per value. The best of REPEATS runs, in microseconds per record of
the batch: the floor is about what SQLite takes to seek one B-tree key (a probe).

Usage: python scripts/batch_reads.py [STORED] [BATCH]   (defaults 3000 and 1000; a minute)
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.store import make_items  # noqa: E402
from storage.dedup import BatchIndex, _select_in  # noqa: E402
from storage.rows import item_urls  # noqa: E402
from storage.store import Store  # noqa: E402

REPEATS = 20


def best_us(work: Callable[[], Any], records: int) -> float:
    times = []
    for _ in range(REPEATS):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return min(times) / records * 1e6


def main() -> None:
    stored = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    batch = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    items = make_items(stored + batch)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "reads.db") as store:
        store.save_many(items[:stored])
        conn = store.conn
        new = items[stored:]
        hashes = [i.content_hash for i in new if i.content_hash]
        keys = [k for i in new if i.near is not None for k in i.near.sketch]
        urls = [u for i in new for u in item_urls(i)[0]]
        probes = np.unique(np.array(keys, dtype=np.int64)).tolist()
        posting = "SELECT key, article_id FROM sketch_keys WHERE key IN ({})"

        def one_each(query: str, values: list[Any]) -> None:
            for value in values:
                conn.execute(query, (value,)).fetchall()

        rows = [
            (
                "content hashes",
                len(hashes),
                lambda: _select_in(
                    conn, "SELECT content_hash FROM articles WHERE content_hash IN ({})", hashes
                ),
                lambda: one_each(
                    "SELECT content_hash FROM articles WHERE content_hash = ?", hashes
                ),
            ),
            (
                "sketch postings",
                len(probes),
                lambda: _select_in(conn, posting, probes, distinct=True),
                lambda: one_each("SELECT key, article_id FROM sketch_keys WHERE key = ?", probes),
            ),
            (
                "  sorting the values",
                len(keys),
                lambda: np.unique(np.array(keys, dtype=np.int64), return_counts=True),
                None,
            ),
            (
                "alternates naming the URLs",
                len(urls),
                lambda: _select_in(conn, "SELECT url FROM alternates WHERE url IN ({})", urls),
                lambda: one_each("SELECT url FROM alternates WHERE url = ?", urls),
            ),
            ("the whole BatchIndex", None, lambda: BatchIndex(conn, hashes, keys, urls), None),
        ]
        print(f"{batch} new articles against {stored} stored; us per record, best of {REPEATS}")
        print(f"{'read':<28}{'values':>8}{'batched':>10}{'one each':>10}{'us a value':>12}")
        for label, values, batched, single in rows:
            cost = best_us(batched, batch)
            each = best_us(single, batch) if single else None
            per_value = cost * batch / values if values else None
            print(
                f"{label:<28}{values or '':>8}{cost:>10.2f}"
                + (f"{each:>10.2f}" if each is not None else f"{'':>10}")
                + (f"{per_value:>12.2f}" if per_value is not None else "")
            )


if __name__ == "__main__":
    main()
