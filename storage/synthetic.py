"""Synthetic rows for benchmarks: many stored fingerprints without crawling anything.

Kept in storage/ because it writes SQL. Each synthetic article is an original indexed the
way `storage.dedup.index_original` indexes one: `KEEP` random sketch values in
`sketch_keys`, and a signature of real size (the smallest `SIGNATURE_SIZE` of 450
word-3-shingle hashes, 12 number hashes). Random values stand in for real ones: sketch
values are 64-bit hashes of word 4-grams, and a real look-up that misses finds no
posting, like a random one.
"""

from __future__ import annotations

from array import array

import numpy as np

from crawler.fingerprints import SIGNATURE_SIZE, SKETCH_SIZE, NearPrint
from storage.dedup import KEEP
from storage.store import Store

SHINGLES = 450
NUMBERS = 12
_ARTICLES = (
    "INSERT INTO articles (id, url, site, language, first_seen_at)"
    " VALUES (?, ?, 'synthetic.example', 'en', '2024-01-01')"
)
_SIGNATURES = (
    "INSERT INTO signatures (article_id, language, keys, shingles, numbers)"
    " VALUES (?, 'en', ?, ?, ?)"
)
_KEYS = "INSERT OR IGNORE INTO sketch_keys (key, article_id) VALUES (?, ?)"


def _keys(seed: int, article_id: int) -> np.ndarray:
    return np.random.default_rng((seed, article_id)).integers(
        -(2**63), 2**63 - 1, size=KEEP, dtype=np.int64
    )


def _signature(rng: np.random.Generator) -> tuple[bytes, bytes]:
    shingles = np.unique(rng.integers(0, 2**32, size=SHINGLES, dtype=np.uint32))
    shingles = shingles[:SIGNATURE_SIZE]
    numbers = np.unique(rng.integers(0, 2**32, size=NUMBERS, dtype=np.uint32))
    return shingles.tobytes(), numbers.tobytes()


def fill_fingerprints(store: Store, count: int, *, seed: int = 0, batch: int = 50_000) -> None:
    """Insert `count` indexed original articles with random fingerprints, in bulk."""
    rng = np.random.default_rng(seed)
    first = store.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM articles").fetchone()[0]
    done = 0
    while done < count:
        ids = range(first + done, first + done + min(batch, count - done))
        articles = [(i, f"https://synthetic.example/{i}") for i in ids]
        keys = {i: _keys(seed, i).tolist() for i in ids}
        signatures = [(i, array("q", keys[i]).tobytes(), *_signature(rng)) for i in ids]
        postings = sorted((k, i) for i in ids for k in keys[i])  # B-tree order: fast appends
        store.bulk_insert_articles(
            _ARTICLES, articles, also=((_SIGNATURES, signatures), (_KEYS, postings))
        )
        done += len(ids)


def stored_print(store: Store, article_id: int, seed: int = 0) -> NearPrint:
    """A near print that finds synthetic article `article_id`: its sketch values among
    others, and a signature sharing about 80% of its shingles and all its numbers."""
    row = store.conn.execute(
        "SELECT shingles, numbers FROM signatures WHERE article_id = ?", (article_id,)
    ).fetchone()
    rng = np.random.default_rng((seed, article_id, 1))
    shingles = np.frombuffer(row[0], dtype=np.uint32)
    kept = shingles[rng.random(len(shingles)) < 0.9]
    added = rng.integers(0, 2**32, 45, dtype=np.uint32)
    edited = np.unique(np.concatenate([kept, added]))[:SIGNATURE_SIZE]
    sketch = sorted([*_keys(seed, article_id).tolist(), *random_sketch(rng, SKETCH_SIZE - KEEP)])
    return NearPrint(sketch, edited.tobytes(), row[1])


def random_sketch(rng: np.random.Generator, size: int) -> list[int]:
    return [int(v) for v in rng.integers(-(2**63), 2**63 - 1, size=size, dtype=np.int64)]


def random_prints(count: int, seed: int = 1) -> list[NearPrint]:
    """Near prints of texts the store does not hold: sketch values that find nothing."""
    rng = np.random.default_rng(seed)
    return [NearPrint(random_sketch(rng, SKETCH_SIZE), b"", b"") for _ in range(count)]
