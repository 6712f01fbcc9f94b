"""Search latency on 100,000 synthetic articles: `Store.search` median and p99.

    python -m bench.search [articles]

Bodies are drawn from a Zipf-distributed vocabulary (rank^-1.1 over 40,000 made-up
words), with log-normal lengths (median about 350 words, 40 to 3,000), so the index
has the long tail of a real corpus: a few words in nearly every article, most in a
handful. Queries mix rare words (vocabulary ranks 2,000-20,000), mid-frequency words
(200-2,000) and common words (3-60, each in most articles), one and two words each.
Every fifth article is a copy (duplicate_of set), so the default search filters them.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from storage import Store
from storage.synthetic_articles import SyntheticArticle, fill_articles

ARTICLES = 100_000
VOCABULARY = 40_000
TARGET_P99_MS = 50.0
SYLLABLES = ("ka", "to", "mi", "ra", "ne", "su", "lo", "vi", "de", "po", "an", "er", "ol",
             "ti", "ba", "zu", "ve", "ri", "mo", "ga", "li", "no", "sa", "te")  # fmt: skip
LANGUAGES = ("en", "en", "en", "uk", "de")
SITES = tuple(f"site{i}.example" for i in range(12))
QUERY_BANDS = {"rare": (2_000, 20_000), "mid": (200, 2_000), "common": (3, 60)}
QUERIES_PER_BAND = 60


def vocabulary(rng: random.Random) -> list[str]:
    """Distinct made-up words of 2 to 4 syllables."""
    words: dict[str, None] = {}
    while len(words) < VOCABULARY:
        words["".join(rng.choices(SYLLABLES, k=rng.randint(2, 4)))] = None
    return list(words)


def articles(count: int, words: list[str], seed: int = 0) -> Iterator[SyntheticArticle]:
    rng = np.random.default_rng(seed)
    weights = 1.0 / np.arange(1, len(words) + 1) ** 1.1
    weights /= weights.sum()
    lengths = np.clip(rng.lognormal(np.log(350), 0.7, size=count), 40, 3000).astype(int)
    vocab = np.array(words, dtype=object)
    for i, length in enumerate(lengths):
        drawn = vocab[rng.choice(len(words), size=int(length), p=weights)]
        body = " ".join(drawn)
        day = 1 + i % 28
        yield SyntheticArticle(
            url=f"https://{SITES[i % len(SITES)]}/news/{i}",
            site=SITES[i % len(SITES)],
            title=" ".join(drawn[:8]).capitalize(),
            body=body,
            language=LANGUAGES[i % len(LANGUAGES)],
            published_at=f"2025-03-{day:02d}T10:00:00+00:00",
            duplicate_of=i if i % 5 == 4 else None,  # the previous article (ids start at 1)
        )


def queries(words: list[str], seed: int = 1) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    found = []
    for band, (low, high) in QUERY_BANDS.items():
        for n in range(QUERIES_PER_BAND):
            picks = [words[rng.randrange(low, high)] for _ in range(1 + n % 2)]
            found.append((band, " ".join(picks)))
    rng.shuffle(found)
    return found


def build(path: Path, count: int) -> float:
    words = vocabulary(random.Random(0))
    started = time.perf_counter()
    with Store(path) as store:
        fill_articles(store, articles(count, words))
    return time.perf_counter() - started


def measure(path: Path, count: int) -> dict[str, Any]:
    words = vocabulary(random.Random(0))
    timings: dict[str, list[float]] = {band: [] for band in QUERY_BANDS}
    hits: dict[str, list[int]] = {band: [] for band in QUERY_BANDS}
    with Store(path, readonly=True) as store:
        for _band, text in queries(words)[:10]:  # warm the page cache
            store.search(text)
        for band, text in queries(words):
            started = time.perf_counter()
            found = store.search(text, limit=20)
            timings[band].append((time.perf_counter() - started) * 1000)
            hits[band].append(len(found))
        matches = {
            band: statistics.median(count_matches(store, t) for b, t in queries(words) if b == band)
            for band in QUERY_BANDS
        }
    return {"timings": timings, "matches": matches}


def count_matches(store: Store, text: str) -> int:
    sql = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?"
    return int(store.query(sql, [text])[1][0][0])


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


def run(count: int = ARTICLES) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="newscrawl-search-") as folder:
        path = Path(folder) / "search.db"
        build_s = build(path, count)
        size_mb = sum(p.stat().st_size for p in Path(folder).iterdir()) / 1e6
        measured = measure(path, count)
    everything = [t for values in measured["timings"].values() for t in values]
    result: dict[str, Any] = {
        "articles": count,
        "build_s": round(build_s, 1),
        "db_mb": round(size_mb, 1),
        "median_ms": round(statistics.median(everything), 2),
        "p99_ms": round(_p99(everything), 2),
        "by_band": {
            band: {
                "median_ms": round(statistics.median(values), 2),
                "p99_ms": round(_p99(values), 2),
                "median_matches": measured["matches"][band],
            }
            for band, values in measured["timings"].items()
        },
    }
    result["rows"] = [
        {"figure": f"search p99 ms, {count:,} articles vs target", "ours": result["p99_ms"],
         "comparator": TARGET_P99_MS, "ratio": f"{result['p99_ms'] / TARGET_P99_MS:.2f}x"},
        {"figure": "search median ms", "ours": result["median_ms"]},
    ] + [
        {"figure": f"search {band} words: median / p99 ms (median matches)",
         "ours": f"{b['median_ms']} / {b['p99_ms']} ({b['median_matches']:.0f})"}
        for band, b in result["by_band"].items()
    ]  # fmt: skip
    return result


if __name__ == "__main__":
    import json

    figures = run(int(sys.argv[1]) if len(sys.argv) > 1 else ARTICLES)
    figures.pop("rows")
    print(json.dumps(figures, indent=2))
