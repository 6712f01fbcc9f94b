"""`make bench`: every figure beside its comparator, measured in the same run.

    python -m bench [extraction crawl store search recrawl ingest]

Prints one table (figure, ours, comparator, ratio) and writes the same figures, with the
raw results, to bench-results.json. Ratios are what to quote: the machine is shared.
"""

from __future__ import annotations

import json
import platform
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT.parent / "shared" / "benchmarks" / "article-extraction"

Row = tuple[str, Any, Any, Any]


def _ratio(ours: float, other: float) -> str:
    return f"{ours / other:.2f}x" if other else ""


def extraction_rows(result: dict[str, Any]) -> list[Row]:
    if "skipped" in result:
        return [("extraction", result["skipped"], "", "")]
    ours, traf = result["newscrawl"], result["trafilatura"]
    return [
        (
            "extraction F1 (181 pages) vs trafilatura",
            f"{ours['f1']:.3f}",
            f"{traf['f1']:.3f}",
            f"{ours['f1'] - traf['f1']:+.3f}",
        ),
        (
            "extraction precision / recall",
            f"{ours['precision']:.3f} / {ours['recall']:.3f}",
            f"{traf['precision']:.3f} / {traf['recall']:.3f}",
            "",
        ),
        (
            "extraction pages/s (CPU) vs trafilatura",
            f"{ours['pages_per_s_cpu']:.1f}",
            f"{traf['pages_per_s_cpu']:.1f}",
            f"{result['speed_ratio_cpu']:.2f}x",
        ),
        (
            "extraction pages/s (wall) vs trafilatura",
            f"{ours['pages_per_s_wall']:.1f}",
            f"{traf['pages_per_s_wall']:.1f}",
            f"{result['speed_ratio_wall']:.2f}x",
        ),
        (
            f"pages with a publication date (of {result['pages']})",
            result["dated"]["newscrawl"],
            result["dated"]["trafilatura"],
            "",
        ),
    ]


def crawl_rows(result: dict[str, Any]) -> list[Row]:
    ceiling, inline, pool, big = (result[k] for k in ("ceiling", "inline", "pool", "pool_big"))
    return [
        (
            f"crawl pages/s, pool vs one process ({pool['site_pages']} pages)",
            pool["pages_per_s"],
            inline["pages_per_s"],
            _ratio(pool["pages_per_s"], inline["pages_per_s"]),
        ),
        (
            "crawl pages/s, pool vs do-nothing ceiling",
            pool["pages_per_s"],
            ceiling["pages_per_s"],
            _ratio(pool["pages_per_s"], ceiling["pages_per_s"]),
        ),
        (
            f"peak RSS MB crawler, {big['site_pages']} vs {pool['site_pages']} pages",
            big["peak_rss_mb"],
            pool["peak_rss_mb"],
            _ratio(big["peak_rss_mb"], pool["peak_rss_mb"]),
        ),
        (
            f"peak RSS MB worker, {big['site_pages']} vs {pool['site_pages']} pages",
            big["worker_peak_rss_mb"],
            pool["worker_peak_rss_mb"],
            _ratio(big["worker_peak_rss_mb"], pool["worker_peak_rss_mb"]),
        ),
    ]


def recrawl_rows(result: dict[str, Any]) -> list[Row]:
    return [
        (
            "recrawl requests vs minimum (demo state 2)",
            result["recrawl_requests"],
            result["minimum_requests"],
            f"{result['ratio_to_minimum']:.2f}x",
        ),
        (
            "recrawl requests vs changed content only",
            result["recrawl_requests"],
            result["changed_content_requests"],
            f"{result['ratio_to_changed_content']:.2f}x",
        ),
    ]


def ingest_rows(result: dict[str, Any]) -> list[Row]:
    return [
        (
            f"ingest local HTML pages/s, pool vs one process ({result['pages']} files)",
            result["pool_pages_per_s"],
            result["single_pages_per_s"],
            _ratio(result["pool_pages_per_s"], result["single_pages_per_s"]),
        )
    ]


def store_rows(result: dict[str, Any]) -> list[Row]:
    on, off = result["records_per_s_dedup_on"], result["records_per_s_dedup_off"]
    rows: list[Row] = [
        ("store records/s, dedup on vs off (target on >= 3000)", on, off, _ratio(on, off)),
        ("store: what dedup costs (target < 10%)", f"{result['dedup_cost_pct']}%", "", ""),
    ]
    crawl_batch = f"store: what dedup costs, batches of {result['crawl_batch']} as a crawl saves"
    rows.append((crawl_batch, f"{result['dedup_cost_pct_crawl_batch']}%", "", ""))
    if "real_html_dedup_cost_pct" in result:  # the extraction benchmark's pages are there
        kb = result["real_html_kb_median"]
        on, off = (
            result["real_html_records_per_s_dedup_on"],
            result["real_html_records_per_s_dedup_off"],
        )
        low, high = result["real_html_dedup_cost_pct_iqr"]
        rows += [
            (f"store records/s, real pages' HTML ({kb} KB zlib), on vs off", on, off,
             _ratio(on, off)),
            (f"store: what dedup costs, real pages' HTML (IQR {low} to {high})",
             f"{result['real_html_dedup_cost_pct']}%", "", ""),
        ]  # fmt: skip
    for size in ("100000", "1000000"):
        lookup = result[f"lookup_{size}"]
        rows.append((
            f"near-dup lookup p99 us at {int(size):,}, miss (median {lookup['p50_us']}) vs 1 ms",
            lookup["p99_us"], 1000, _ratio(lookup["p99_us"], 1000),
        ))  # fmt: skip
        rows.append((
            f"near-dup lookup p99 us at {int(size):,}, verified hit (median "
            f"{lookup['hit_p50_us']}) vs 1 ms",
            lookup["hit_p99_us"], 1000, _ratio(lookup["hit_p99_us"], 1000),
        ))  # fmt: skip
    return rows


def generic_rows(result: dict[str, Any]) -> list[Row]:
    """Sections that report their own rows: [{figure, ours, comparator, ratio}]."""
    return [
        (r["figure"], r["ours"], r.get("comparator", ""), r.get("ratio", ""))
        for r in result.get("rows", [])
    ]


def _sections() -> dict[str, tuple[Callable[[], dict[str, Any]], Callable[..., list[Row]]]]:
    from bench import crawl, extraction, ingest, recrawl

    sections: dict[str, tuple[Callable[[], dict[str, Any]], Callable[..., list[Row]]]] = {
        "extraction": (lambda: extraction.run(BENCH_DIR), extraction_rows),
        "recrawl": (recrawl.run, recrawl_rows),
        "ingest": (ingest.run, ingest_rows),
        "crawl": (crawl.run, crawl_rows),
    }
    try:
        from bench import store

        sections["store"] = (store.run, store_rows)
    except ImportError:
        pass
    try:
        from bench import search

        sections["search"] = (search.run, generic_rows)
    except ImportError:
        pass
    return sections


def print_table(rows: list[Row]) -> None:
    widths = [max(len(str(r[i])) for r in rows) for i in range(4)]
    header = ("figure", "ours", "comparator", "ratio")
    widths = [max(w, len(h)) for w, h in zip(widths, header, strict=True)]
    line = "  ".join(f"{h:<{w}}" for h, w in zip(header, widths, strict=True))
    print(line)
    print("-" * len(line))
    for row in rows:
        print("  ".join(f"{v!s:<{w}}" for v, w in zip(row, widths, strict=True)))


def main(argv: list[str]) -> int:
    sections = _sections()
    wanted = argv or list(sections)
    results: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}, {__import__('os').cpu_count()} cores",
    }
    rows: list[Row] = []
    for name in wanted:
        run, to_rows = sections[name]
        started = time.perf_counter()
        print(f"[bench] {name} ...", file=sys.stderr, flush=True)
        result = run()
        result["bench_seconds"] = round(time.perf_counter() - started, 1)
        for extractor in ("newscrawl", "trafilatura"):  # page-by-page scores stay out
            if isinstance(result.get(extractor), dict):
                result[extractor].pop("per_page", None)
        results[name] = result
        rows += to_rows(result)
    print_table(rows)
    results["table"] = [list(map(str, r)) for r in rows]
    Path("bench-results.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
