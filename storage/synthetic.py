"""Synthetic rows for benchmarks: many stored fingerprints without crawling anything.

Kept in storage/ because it writes SQL. Random 64-bit SimHashes stand in for real ones:
on the 181 benchmark bodies, real word-3-shingle SimHashes collide in a band as often as
random ones do (6.1e-5 vs 6.1e-5 per pair, `scripts/dedup_eval.py --compare` notes).
"""

from __future__ import annotations

import numpy as np

from crawler.fingerprints import bands
from storage.store import Store

_INSERT = (
    "INSERT INTO articles (url, site, language, simhash, band0, band1, band2, band3,"
    " first_seen_at) VALUES (?, 'synthetic.example', 'en', ?, ?, ?, ?, ?, '2024-01-01')"
)


def fill_fingerprints(store: Store, count: int, *, seed: int = 0, batch: int = 50_000) -> None:
    """Insert `count` articles with random SimHashes (and their bands), in bulk."""
    rng = np.random.default_rng(seed)
    done = 0
    while done < count:
        size = min(batch, count - done)
        fps = rng.integers(-(2**63), 2**63 - 1, size=size, dtype=np.int64).tolist()
        rows = [
            (f"https://synthetic.example/{done + i}", fp, *bands(fp)) for i, fp in enumerate(fps)
        ]
        store.bulk_insert_articles(_INSERT, rows)
        done += size


def random_fingerprints(count: int, seed: int = 1) -> list[int]:
    rng = np.random.default_rng(seed)
    return [int(v) for v in rng.integers(-(2**63), 2**63 - 1, size=count, dtype=np.int64)]
