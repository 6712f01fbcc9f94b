"""Would batching dedup's statements, or a stored shingle signature, reach issue 4's 10%?

Two ideas for the "dedup costs under 10% of store throughput" target, timed before
building either (docs/BENCHMARKS.md, "What is not met"):
1. One statement per channel for a whole batch of 1,000 records (keys passed as one JSON
   array, `json_each`) instead of one per record: the exact-hash, SimHash-band, passage
   and alternate-URL look-ups, and the passage inserts.
2. Verification against a stored signature (the sorted 32-bit hashes of a body's word
   3-shingles) instead of re-shingling the stored body: the Jaccard of two signatures.

The store is filled with 3,000 of the store benchmark's records (bench/store.py, no near
copies) and the next 1,000 are looked up, the same keys both ways. Inserts run in a
transaction that is rolled back.

Usage: python scripts/dedup_batch_cost.py   (about 10 s)
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import xxhash

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bench.store  # noqa: E402
from crawler.fingerprints import bands, shingle_set  # noqa: E402
from crawler.items import PageItem  # noqa: E402
from storage import Store, dedup  # noqa: E402

STORED = 3_000
BATCH = 1_000


def per_record_lookups(conn: sqlite3.Connection, batch: list[PageItem]) -> None:
    """The look-ups `Store.save_many` makes for each new record, through its own code."""
    for item in batch:
        assert item.extraction is not None
        dedup.exact_match(conn, item.content_hash or "", "en")
        dedup.near_candidates(conn, item.simhash or 0)
        body = dedup.Body(item.extraction.body)
        dedup.passage_match(conn, item.passage_sketch or [], "en", body)
        conn.execute("SELECT article_id FROM alternates WHERE url IN (?)", (item.url,)).fetchall()


def batched_lookups(conn: sqlite3.Connection, batch: list[PageItem]) -> None:
    conn.execute(
        "SELECT id FROM articles WHERE content_hash IN (SELECT value FROM json_each(?))",
        (json.dumps([item.content_hash for item in batch]),),
    ).fetchall()
    keys = [bands(item.simhash or 0) for item in batch]
    conn.execute(
        " UNION ALL ".join(
            f"SELECT id, simhash FROM articles WHERE band{b} IN (SELECT value FROM json_each(?))"
            for b in range(4)
        ),
        [json.dumps([k[b] for k in keys]) for b in range(4)],
    ).fetchall()
    values = [v for item in batch for v in item.passage_sketch or []]
    conn.execute(
        "SELECT fp, article_id FROM passages WHERE fp IN (SELECT value FROM json_each(?))",
        (json.dumps(values),),
    ).fetchall()
    conn.execute(
        "SELECT url, article_id FROM alternates WHERE url IN (SELECT value FROM json_each(?))",
        (json.dumps([item.url for item in batch]),),
    ).fetchall()


def per_record_inserts(conn: sqlite3.Connection, batch: list[PageItem]) -> None:
    for number, item in enumerate(batch):
        dedup.add_passages(conn, 1_000_000 + number, item.passage_sketch or [])


def batched_inserts(conn: sqlite3.Connection, batch: list[PageItem]) -> None:
    rows = [[v, 1_000_000 + n] for n, item in enumerate(batch) for v in item.passage_sketch or []]
    conn.execute(
        "INSERT OR IGNORE INTO passages (fp, article_id)"
        " SELECT value->>0, value->>1 FROM json_each(?) ORDER BY 1",
        (json.dumps(rows),),
    )


def us_per_record(
    conn: sqlite3.Connection, work: Callable[[sqlite3.Connection, list[PageItem]], None],
    batch: list[PageItem], rollback: bool = False,
) -> float:  # fmt: skip
    if rollback:
        conn.execute("BEGIN")
    began = time.perf_counter()
    work(conn, batch)
    spent = time.perf_counter() - began
    if rollback:
        conn.execute("ROLLBACK")
    return spent / len(batch) * 1e6


def signature(text: str) -> np.ndarray:
    hashed = {xxhash.xxh32_intdigest(" ".join(shingle).encode()) for shingle in shingle_set(text)}
    return np.array(sorted(hashed), dtype=np.uint32)


def verification_us(body: str, rounds: int = 200) -> tuple[float, float]:
    """(re-shingling both bodies as `dedup.verified` does, intersecting two stored
    signatures), us per check. Building a signature is not timed: the extraction worker
    would make it, as it makes the passage sketch."""
    words = body.split(" ")
    new, old = body, " ".join("edited" if n % 20 == 0 else w for n, w in enumerate(words))
    began = time.perf_counter()
    for _ in range(rounds):
        dedup.verified(dedup.Body(new), old)
    shingled = (time.perf_counter() - began) / rounds * 1e6
    blob_a, blob_b = signature(new).tobytes(), signature(old).tobytes()
    began = time.perf_counter()
    for _ in range(rounds):
        a, b = np.frombuffer(blob_a, np.uint32), np.frombuffer(blob_b, np.uint32)
        common = np.intersect1d(a, b, assume_unique=True).size
        _ = common / (a.size + b.size - common)
    return shingled, (time.perf_counter() - began) / rounds * 1e6


def main() -> None:
    bench.store.NEAR_SHARE = 0.0
    items = bench.store.make_items(STORED + BATCH)
    batch = items[STORED:]
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "store.db") as store:
        for start in range(0, STORED, BATCH):
            store.save_many(items[start : start + BATCH])
        conn = store.conn
        print(f"{BATCH:,} records against a store of {STORED:,}, us per record")
        for name, each, whole, rollback in (
            ("look-ups (exact, bands, passages, alternates)", per_record_lookups,
             batched_lookups, False),
            ("passage inserts", per_record_inserts, batched_inserts, True),
        ):  # fmt: skip
            one = us_per_record(conn, each, batch, rollback)
            batched = us_per_record(conn, whole, batch, rollback)
            print(f"  {name:<48} per record {one:6.1f}   batched {batched:6.1f}")
    assert batch[0].extraction is not None
    shingled, intersected = verification_us(batch[0].extraction.body)  # a 5%-edited copy
    print(f"verification, us per check: re-shingling {shingled:.0f}, signatures {intersected:.1f}")


if __name__ == "__main__":
    main()
