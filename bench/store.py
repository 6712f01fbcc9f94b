"""Store benchmark: write throughput with dedup on and off, near-duplicate look-up latency.

`run() -> dict` measures, in one process:
- records/s of `Store.save_many` in batches of 1,000 (one transaction per batch) on
  synthetic articles of 450 words (10% of them 5%-edited copies of earlier ones, so the
  verification path runs), dedup on vs off, alternating so both see the same machine;
- `Store.similar` latency (four indexed band selects + Hamming filter), median and p99 over
  2,000 random probes, at 100,000 and 1,000,000 stored fingerprints (bulk-inserted).
Content hashes, SimHashes, passage sketches and the compressed HTML are computed before
timing: the extraction workers make them (crawler/process.py, `keep_html`).

Usage: python -m bench.store [--quick]   (about 65 s on 2 shared cores)

Measured 2026-11-24 ~21:00 UTC, `.venv/bin/python -m bench.store --quick`, twice: 4,196 and
4,214 records/s with dedup on, 7,123 and 6,960 off (dedup costs 40%). Per record with
dedup (each statement timed): the FTS5 index about 140 us, the passage look-up 25 us and
its index 15 us, verifying the 10% near copies 35 us averaged, SimHash bands 8 us.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from crawler.extraction.result import Extraction
from crawler.fingerprints import content_hash, passage_sketch, simhash64
from crawler.items import PageItem, compress_html
from storage import Store
from storage.rows import prepare
from storage.synthetic import fill_fingerprints, random_fingerprints

GROUND_TRUTH = (
    Path(__file__).resolve().parent.parent.parent
    / "shared"
    / "benchmarks"
    / "article-extraction"
    / "ground-truth.json"
)
BATCH = 1_000
BATCHES = 3
WORDS = 450
NEAR_SHARE = 0.10
PROBES = 2_000


def vocabulary() -> list[str]:
    if GROUND_TRUTH.exists():
        data = json.loads(GROUND_TRUTH.read_text())
        words = {w for v in data.values() for w in v["articleBody"].split() if w.isalpha()}
        return sorted(words)
    return [f"word{i}" for i in range(20_000)]


def make_items(count: int, seed: int = 7) -> list[PageItem]:
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
    return [_item(i, body) for i, body in enumerate(bodies)]


def _item(i: int, body: str) -> PageItem:
    url = f"https://site{i % 20}.example/news/{i}"
    extraction = Extraction(
        url=url, title=f"Story {i}", body=body, language="en", is_article=True,
        block_fingerprints=list(range(i % 20, i % 20 + 30)),
    )  # fmt: skip
    html = (
        f"<html><head><title>Story {i}</title></head><body><p>{body}</p></body></html>" * 3
    ).encode()
    return PageItem(
        url=url, requested_url=url, canonical_url=url, site=f"site{i % 20}.example",
        fetched_at="2024-01-01T00:00:00+00:00", html=html, extraction=extraction,
        content_hash=content_hash(body), simhash=simhash64(body),
        passage_sketch=passage_sketch(body), html_zlib=compress_html(html),
    )  # fmt: skip


def throughput(items: list[PageItem], workdir: Path, dedup: bool, tag: str) -> float:
    """Median records/s over the batches, into a fresh store."""
    rates = []
    with Store(workdir / f"write-{tag}.db", dedup=dedup) as store:
        for start in range(0, len(items), BATCH):
            batch = items[start : start + BATCH]
            began = time.perf_counter()
            store.save_many(batch)
            rates.append(len(batch) / (time.perf_counter() - began))
    return statistics.median(rates)


def prepare_cost_ms(items: list[PageItem], dedup: bool) -> float:
    """Per-record ms of the CPU work `save_many` does before its transaction (URLs,
    zlib, and with dedup the passage sketch): work an extraction worker could do."""
    began = time.perf_counter()
    for item in items:
        prepare(item, with_sketch=dedup)
    return round((time.perf_counter() - began) / len(items) * 1000, 3)


def lookup_latency(workdir: Path, stored: int) -> dict[str, float]:
    with Store(workdir / f"lookup-{stored}.db") as store:
        began = time.perf_counter()
        fill_fingerprints(store, stored)
        fill_s = time.perf_counter() - began
        store.conn.execute("ANALYZE")
        timings = []
        for fp in random_fingerprints(PROBES):
            began_ns = time.perf_counter_ns()
            store.similar(fp, "en")
            timings.append((time.perf_counter_ns() - began_ns) / 1000)
    timings.sort()
    return {
        "p50_us": round(timings[len(timings) // 2], 1),
        "p99_us": round(timings[int(len(timings) * 0.99)], 1),
        "fill_s": round(fill_s, 1),
    }


def run(quick: bool = False) -> dict[str, Any]:
    items = make_items(BATCH * BATCHES)
    result: dict[str, Any] = {"records": len(items), "batch": BATCH}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        on, off = [], []
        for round_ in range(2):  # alternate, so drift on a shared machine hits both
            on.append(throughput(items, workdir, True, f"on{round_}"))
            off.append(throughput(items, workdir, False, f"off{round_}"))
        result["records_per_s_dedup_on"] = round(statistics.median(on))
        result["records_per_s_dedup_off"] = round(statistics.median(off))
        result["prepare_ms_per_record_dedup_on"] = prepare_cost_ms(items[:BATCH], True)
        result["prepare_ms_per_record_dedup_off"] = prepare_cost_ms(items[:BATCH], False)
        ratio = result["records_per_s_dedup_on"] / result["records_per_s_dedup_off"]
        result["dedup_cost_pct"] = round(100 * (1 - ratio), 1)
        for stored in (100_000,) if quick else (100_000, 1_000_000):
            result[f"lookup_{stored}"] = lookup_latency(workdir, stored)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 1,000,000-row look-up")
    args = parser.parse_args()
    began = time.perf_counter()
    result = run(quick=args.quick)
    result["bench_s"] = round(time.perf_counter() - began, 1)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
