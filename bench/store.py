"""Store benchmark: write throughput with dedup on and off, near-duplicate look-up latency.

`run() -> dict` measures, in one process:
- records/s of `Store.save_many` in batches of 1,000 (one transaction per batch) on
  synthetic articles of 450 words (10% of them 5%-edited copies of earlier ones, so the
  verification path runs), dedup on vs off, batch by batch (`paired_rates`), and what
  dedup costs in batches of 100, the size a crawl or an ingest saves;
- the same with each record carrying a real page's raw HTML (the extraction benchmark's
  181 pages, about 28 KB compressed) instead of the 3 KB placeholder: what a crawl
  stores. Reported beside the targets, which are quoted on the placeholder records;
- `Store.similar` latency (the sketch look-up and the verification of its candidates),
  median and p99 over 2,000 probes that find nothing and 2,000 near copies of stored
  articles, at 100,000 and 1,000,000 stored originals (bulk-inserted, storage.synthetic).
Content hashes, near prints and the compressed HTML are computed before timing: the
extraction workers make them (crawler/process.py, `keep_html`).

Usage: python -m bench.store [--quick | --writes]
  (--quick: look-ups at 100,000 stored only; --writes: records/s only)
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from crawler import settings
from crawler.extraction.result import Extraction
from crawler.fingerprints import NearPrint, fingerprints
from crawler.items import PageItem, compress_html
from storage import Store
from storage.rows import prepare
from storage.synthetic import fill_fingerprints, random_prints, stored_print

GROUND_TRUTH = (
    Path(__file__).resolve().parent.parent.parent
    / "shared"
    / "benchmarks"
    / "article-extraction"
    / "ground-truth.json"
)
BATCH = 1_000
BATCHES = 3
ROUNDS = 12
CRAWL_BATCH = settings.NEWSCRAWL_BATCH_SIZE
CRAWL_ROUNDS = 4
# rounds of the real-HTML records: each saves about twice as long as a placeholder one
REAL_HTML_ROUNDS = 8
WORDS = 450
NEAR_SHARE = 0.10
PROBES = 2_000


def vocabulary() -> list[str]:
    if GROUND_TRUTH.exists():
        data = json.loads(GROUND_TRUTH.read_text())
        words = {w for v in data.values() for w in v["articleBody"].split() if w.isalpha()}
        return sorted(words)
    return [f"word{i}" for i in range(20_000)]


def real_pages() -> list[bytes]:
    """The raw HTML of the extraction benchmark's real pages (none without it)."""
    folder = GROUND_TRUTH.parent / "html"
    return [gzip.decompress(path.read_bytes()) for path in sorted(folder.glob("*.html.gz"))]


def make_items(count: int, seed: int = 7, pages: Sequence[bytes] = ()) -> list[PageItem]:
    """`count` synthetic articles; with `pages`, article i keeps `pages[i % len(pages)]`
    as its raw HTML (compressed once per page and shared, as a worker would make it),
    else a placeholder page of its body (about 3 KB compressed)."""
    rng = random.Random(seed)
    vocab = vocabulary()
    bodies: list[str] = []
    for _ in range(count):
        if bodies and rng.random() < NEAR_SHARE:
            words = rng.choice(bodies).split(" ")
            for j in rng.sample(range(len(words)), len(words) // 20):
                words[j] = rng.choice(vocab)
            body = " ".join(words)
        else:
            body = " ".join(rng.choice(vocab) for _ in range(WORDS))
        bodies.append(body)
    compressed = [compress_html(page) for page in pages]
    if pages:
        return [
            _item(i, body, pages[i % len(pages)], compressed[i % len(pages)])
            for i, body in enumerate(bodies)
        ]
    return [_item(i, body, _placeholder(i, body), None) for i, body in enumerate(bodies)]


def _placeholder(i: int, body: str) -> bytes:
    return (
        f"<html><head><title>Story {i}</title></head><body><p>{body}</p></body></html>" * 3
    ).encode()


def _item(i: int, body: str, html: bytes, html_zlib: bytes | None) -> PageItem:
    url = f"https://site{i % 20}.example/news/{i}"
    extraction = Extraction(
        url=url, title=f"Story {i}", body=body, language="en", is_article=True,
        block_fingerprints=list(range(i % 20, i % 20 + 30)),
    )  # fmt: skip
    digest, near = fingerprints(body)
    return PageItem(
        url=url, requested_url=url, canonical_url=url, site=f"site{i % 20}.example",
        fetched_at="2024-01-01T00:00:00+00:00", html=html, extraction=extraction,
        content_hash=digest, near=near,
        html_zlib=compress_html(html) if html_zlib is None else html_zlib,
    )  # fmt: skip


def paired_rates(
    items: list[PageItem],
    workdir: Path,
    tag: str,
    on_first: bool,
    batch_size: int = BATCH,
    clock: Callable[[], float] = time.perf_counter,
) -> list[tuple[float, float]]:
    """(records/s with dedup, without) per batch of `batch_size`, into two fresh stores.

    Each batch is saved with dedup and without, seconds apart: on a shared machine whose
    speed drifts by 30% within a minute, only such pairs give a stable ratio. Which goes
    first alternates from pair to pair, starting with dedup on when `on_first`: the
    first to save a batch pays for reading its items into the CPU caches (the second
    ran 4.5% faster with both stores alike), so `run` balances the two orders.
    """
    pairs = []
    with (
        Store(workdir / f"write-on-{tag}.db", dedup=True) as on,
        Store(workdir / f"write-off-{tag}.db", dedup=False) as off,
    ):
        for number, start in enumerate(range(0, len(items), batch_size)):
            batch = items[start : start + batch_size]
            rates = {}
            for store in (on, off) if (number % 2 == 0) == on_first else (off, on):
                began = clock()
                store.save_many(batch)
                rates[store.dedup] = len(batch) / (clock() - began)
            pairs.append((rates[True], rates[False]))
    return pairs


def rounds(
    items: list[PageItem],
    workdir: Path,
    count: int,
    batch_size: int,
    clock: Callable[[], float] = time.perf_counter,
) -> list[tuple[float, float]]:
    """`count` rounds of `paired_rates`, each into fresh stores; odd rounds start with
    dedup off, so the two orders balance also when a round has an odd number of
    batches (3 of 1,000)."""
    return [
        pair
        for r in range(count)
        for pair in paired_rates(items, workdir, f"{batch_size}-{r}", r % 2 == 0, batch_size, clock)
    ]


def cost_pct(pairs: list[tuple[float, float]]) -> tuple[float, list[float]]:
    """What dedup costs, in % of the records/s without it: the median of the paired
    costs and their interquartile range (how far one pair is from another here)."""
    costs = sorted(100 * (1 - on / off) for on, off in pairs)
    quartiles = statistics.quantiles(costs, n=4)
    return round(statistics.median(costs), 1), [round(quartiles[0], 1), round(quartiles[2], 1)]


def median_rates(pairs: list[tuple[float, float]]) -> tuple[int, int]:
    """The median records/s with dedup and without, over paired batches."""
    return (
        round(statistics.median(on for on, _ in pairs)),
        round(statistics.median(off for _, off in pairs)),
    )


def prepare_cost_ms(items: list[PageItem], dedup: bool) -> float:
    """Per-record ms of the CPU work `save_many` does before its transaction (URLs,
    zlib; the near print comes from the worker): what the writer does outside its lock."""
    began = time.perf_counter()
    for item in items:
        prepare(item, with_near=dedup)
    return round((time.perf_counter() - began) / len(items) * 1000, 3)


def _timed(store: Store, probes: list[tuple[NearPrint, int | None]]) -> list[float]:
    """Microseconds per `Store.similar`; each probe must find what it expects."""
    timings = []
    for near, expected in probes:
        began_ns = time.perf_counter_ns()
        found = store.similar(near, "en")
        timings.append((time.perf_counter_ns() - began_ns) / 1000)
        if [a for a, _ in found[:1]] != ([] if expected is None else [expected]):
            raise AssertionError(f"look-up found {found[:1]}, expected {expected}")
    return sorted(timings)


def lookup_latency(workdir: Path, stored: int) -> dict[str, float]:
    """Look-up latency for texts the store does not hold (miss) and near copies (hit)."""
    with Store(workdir / f"lookup-{stored}.db") as store:
        began = time.perf_counter()
        fill_fingerprints(store, stored)
        fill_s = time.perf_counter() - began
        store.conn.execute("ANALYZE")
        rng = random.Random(stored)
        targets = [rng.randint(1, stored) for _ in range(PROBES)]
        hits: list[tuple[NearPrint, int | None]] = [(stored_print(store, t), t) for t in targets]
        misses: list[tuple[NearPrint, int | None]] = [(n, None) for n in random_prints(PROBES)]
        miss, hit = _timed(store, misses), _timed(store, hits)
    return {
        "p50_us": round(miss[len(miss) // 2], 1),
        "p99_us": round(miss[int(len(miss) * 0.99)], 1),
        "hit_p50_us": round(hit[len(hit) // 2], 1),
        "hit_p99_us": round(hit[int(len(hit) * 0.99)], 1),
        "fill_s": round(fill_s, 1),
    }


def real_html(workdir: Path) -> dict[str, Any]:
    """Records/s and dedup's share when each record keeps a real page's HTML."""
    pages = real_pages()
    if not pages:
        return {}
    items = make_items(BATCH * BATCHES, pages=pages)
    folder = workdir / "real-html"  # fresh stores, not the placeholder rounds' ones
    folder.mkdir()
    pairs = rounds(items, folder, REAL_HTML_ROUNDS, BATCH)
    cost, spread = cost_pct(pairs)
    on, off = median_rates(pairs)
    return {
        "real_html_kb_median": round(
            statistics.median(len(i.html_zlib or b"") for i in items) / 1024, 1
        ),
        "real_html_records_per_s_dedup_on": on,
        "real_html_records_per_s_dedup_off": off,
        "real_html_dedup_cost_pct": cost,
        "real_html_dedup_cost_pct_iqr": spread,
        "real_html_paired_batches": len(pairs),
    }


def run(quick: bool = False, lookups: bool = True) -> dict[str, Any]:
    items = make_items(BATCH * BATCHES)
    result: dict[str, Any] = {"records": len(items), "batch": BATCH}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        pairs = rounds(items, workdir, ROUNDS, BATCH)
        result["records_per_s_dedup_on"], result["records_per_s_dedup_off"] = median_rates(pairs)
        result["prepare_ms_per_record_dedup_on"] = prepare_cost_ms(items[:BATCH], True)
        result["prepare_ms_per_record_dedup_off"] = prepare_cost_ms(items[:BATCH], False)
        # the median of the paired ratios, not the ratio of the medians (see paired_rates)
        result["dedup_cost_pct"], result["dedup_cost_pct_iqr"] = cost_pct(pairs)
        result["paired_batches"] = len(pairs)
        # crawls and ingests save NEWSCRAWL_BATCH_SIZE (100) pages a transaction: the
        # same items in 30 batches a round
        small = rounds(items, workdir, CRAWL_ROUNDS, CRAWL_BATCH)
        cost, spread = cost_pct(small)
        result["dedup_cost_pct_crawl_batch"] = cost
        result["dedup_cost_pct_crawl_batch_iqr"] = spread
        result["crawl_batch"], result["paired_crawl_batches"] = CRAWL_BATCH, len(small)
        result.update(real_html(workdir))
        for stored in () if not lookups else (100_000,) if quick else (100_000, 1_000_000):
            result[f"lookup_{stored}"] = lookup_latency(workdir, stored)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 1,000,000-row look-up")
    parser.add_argument("--writes", action="store_true", help="records/s only, no look-ups")
    args = parser.parse_args()
    began = time.perf_counter()
    result = run(quick=args.quick, lookups=not args.writes)
    result["bench_s"] = round(time.perf_counter() - began, 1)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
