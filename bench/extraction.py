"""Score our extractor and trafilatura on the article-extraction benchmark, in one run.

    .venv/bin/python bench/extraction.py [BENCH_DIR] [--limit N] [--per-page FILE]

Both extractors see the same pages, interleaved page by page so that load on the shared
machine hits them alike. Quality uses the benchmark's own metric (score.py, imported
from the benchmark directory); speed is pages/s in CPU time (time.process_time, stable
on a shared machine) and in wall time, plus ours/trafilatura ratios.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

DEFAULT_BENCH_DIR = (
    Path(__file__).resolve().parent.parent.parent / "shared" / "benchmarks" / "article-extraction"
)
ROOT = Path(__file__).resolve().parent.parent

Extractor = Callable[[str, str], str]


def ours(html: str, url: str) -> str:
    from crawler.extraction import extract

    return extract(html, url).body


def trafilatura_default(html: str, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


def dated_pages(pages: dict[str, str], urls: dict[str, str]) -> dict[str, int]:
    """Pages given a publication date, by us and by trafilatura's metadata (htmldate).

    Untimed, after the timed pass. The benchmark has no true dates, so this counts
    coverage, not correctness. htmldate's extensive search takes any date it finds on a
    page; ours takes only the page's own (structured data, meta, date and byline lines,
    the URL) and leaves the rest undated.
    """
    import trafilatura

    from crawler.extraction import extract

    counts = {"newscrawl": 0, "trafilatura": 0}
    for pid, html in pages.items():
        counts["newscrawl"] += bool(extract(html, urls[pid]).published_at)
        theirs = trafilatura.extract_metadata(html, default_url=urls[pid] or None)
        counts["trafilatura"] += bool(theirs and theirs.date)
    return counts


def _load_score(bench_dir: Path) -> Any:
    if str(bench_dir) not in sys.path:
        sys.path.insert(0, str(bench_dir))
    import score

    return score


def _time_all(
    extractors: dict[str, Extractor], pages: dict[str, str], urls: dict[str, str]
) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, float]]]:
    preds: dict[str, dict[str, str]] = {name: {} for name in extractors}
    clock: dict[str, dict[str, float]] = {name: {"cpu": 0.0, "wall": 0.0} for name in extractors}
    first = next(iter(pages))
    for fn in extractors.values():  # warm-up: lazy imports, langdetect profiles
        fn(pages[first], urls[first])
    for pid, html in pages.items():
        for name, fn in extractors.items():
            cpu, wall = time.process_time(), time.perf_counter()
            preds[name][pid] = fn(html, urls[pid]) or ""
            clock[name]["cpu"] += time.process_time() - cpu
            clock[name]["wall"] += time.perf_counter() - wall
    return preds, clock


_FP = "fingerprints: "


def stage_costs(pages: dict[str, str], urls: dict[str, str]) -> dict[str, float]:
    """CPU ms per page of our pipeline's stages, to show where `extract` spends time.

    Mirrors `crawler.extraction._extract` step by step; "metadata" and "language" are
    the metadata/language modules, the rest is the body pipeline. The "fingerprints"
    entries are what `crawler.process.process_page` adds after `extract` (content hash,
    and near print of the body): not part of `extract`, reported beside it.
    """
    from crawler.extraction import body, classify, clean, compose, parse, template
    from crawler.fingerprints import content_hash, near_print

    costs: dict[str, float] = {}

    def timed(name: str, fn: Callable[..., Any], *args: Any) -> Any:
        start = time.process_time()
        out = fn(*args)
        costs[name] = costs.get(name, 0.0) + time.process_time() - start
        return out

    for pid, html in pages.items():
        root = timed("parse", parse.parse_document, html)
        if root is None:
            continue
        timed("classify", classify.is_challenge, html, root)
        timed("classify", classify.declared_types, root)
        timed("metadata", compose.metadata_fields, root, urls[pid])
        timed("prune (lxml)", parse.limit_depth, root)
        timed("prune (lxml)", clean.prune_document, root)
        region = timed("region (lxml)", body.select_region, root)
        if region is None:
            continue
        timed("region (lxml)", compose.find_lead, root, region)
        timed("region (lxml)", clean.drop_link_lists, region)
        soup = timed("soup build", body.to_soup, region.elements)
        timed("soup clean+blocks", clean.clean_region, soup)
        blocks = timed("soup clean+blocks", body.blocks_of, soup)
        timed("filter", template.candidate_fingerprints, [b.text for b in blocks])
        script = clean.page_script([b.text for b in blocks])
        kept = timed("filter", clean.filter_blocks, blocks, None, script)
        text = "\n\n".join(b.text for b in kept)
        timed("language", compose.detect, text, ["en"])
        timed("classify", classify.teasers, root)
        if text:
            timed(_FP + "content_hash", content_hash, text)
            timed(_FP + "near_print", near_print, text)
    return {name: 1000 * secs / len(pages) for name, secs in costs.items()}


def run(bench_dir: Path | str = DEFAULT_BENCH_DIR, limit: int | None = None) -> dict[str, Any]:
    """Metrics for ours and trafilatura: {name: {f1, precision, recall, pages_per_s...}}."""
    bench_dir = Path(bench_dir)
    if not (bench_dir / "score.py").exists():
        return {"skipped": f"benchmark directory {bench_dir} not found"}
    score = _load_score(bench_dir)
    truth = score.load_ground_truth(bench_dir)
    ids = sorted(truth)[:limit] if limit else sorted(truth)
    pages = score.load_pages(bench_dir, ids)
    urls = {pid: truth[pid].get("url") or "" for pid in ids}
    truth_tokens = {pid: score.tokens(truth[pid].get("articleBody")) for pid in ids}
    extractors: dict[str, Extractor] = {"newscrawl": ours, "trafilatura": trafilatura_default}
    preds, clock = _time_all(extractors, pages, urls)
    out: dict[str, Any] = {"pages": len(ids)}
    for name in extractors:
        m = score.evaluate(truth_tokens, preds[name], n_bootstrap=0)
        out[name] = {
            "f1": m["f1"],
            "precision": m["precision"],
            "recall": m["recall"],
            "accuracy": m["accuracy"],
            "empty": sum(1 for pid in ids if not score.tokens(preds[name][pid])),
            "pages_per_s_cpu": len(ids) / clock[name]["cpu"],
            "pages_per_s_wall": len(ids) / clock[name]["wall"],
            "per_page": m["per_page"],
        }
    out["stages_ms"] = stage_costs(pages, urls)
    out["dated"] = dated_pages(pages, urls)
    for kind in ("cpu", "wall"):
        key = f"pages_per_s_{kind}"
        out[f"speed_ratio_{kind}"] = out["newscrawl"][key] / out["trafilatura"][key]
    return out


def _print(result: dict[str, Any]) -> None:
    print(f"{result['pages']} pages, 4-token shingles (score.py metric)")
    print(
        f"{'extractor':<12} {'F1':>6} {'prec':>6} {'recall':>6} {'empty':>5} "
        f"{'p/s cpu':>8} {'p/s wall':>8}"
    )
    for name in ("newscrawl", "trafilatura"):
        r = result[name]
        print(
            f"{name:<12} {r['f1']:6.3f} {r['precision']:6.3f} {r['recall']:6.3f} "
            f"{r['empty']:5d} {r['pages_per_s_cpu']:8.1f} {r['pages_per_s_wall']:8.1f}"
        )
    print(
        f"speed ratio newscrawl/trafilatura: cpu {result['speed_ratio_cpu']:.2f}x, "
        f"wall {result['speed_ratio_wall']:.2f}x"
    )
    stages = {k: v for k, v in result["stages_ms"].items() if not k.startswith(_FP)}
    listed = ", ".join(f"{name} {ms:.2f}" for name, ms in stages.items())
    print(f"newscrawl CPU ms/page by stage (separate pass): {listed}")
    prints = {k[len(_FP) :]: v for k, v in result["stages_ms"].items() if k.startswith(_FP)}
    listed = ", ".join(f"{name} {ms:.2f}" for name, ms in prints.items())
    print(f"process_page adds, on the body (ms/page): {listed} = {sum(prints.values()):.2f}")
    body_ms = sum(ms for name, ms in stages.items() if name not in ("metadata", "language"))
    traf_ms = 1000 / result["trafilatura"]["pages_per_s_cpu"]
    print(
        f"body pipeline alone (all but metadata and language): {body_ms:.2f} ms/page "
        f"= {traf_ms / body_ms:.2f}x trafilatura's pages/s"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("bench_dir", nargs="?", type=Path, default=DEFAULT_BENCH_DIR)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--per-page", type=Path, help="write per-page P/R of both as TSV")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    result = run(args.bench_dir, args.limit)
    if "skipped" in result:
        print(f"skipped: {result['skipped']}", file=sys.stderr)
        return 0
    _print(result)
    if args.per_page:
        _write_per_page(result, args.per_page)
    return 0


def _write_per_page(result: dict[str, Any], path: Path) -> None:
    lines = ["page_id\tname\tprecision\trecall"]
    for name in ("newscrawl", "trafilatura"):
        for pid, (tp, fp, fn) in result[name]["per_page"].items():
            p = tp / (tp + fp) if tp + fp else float("nan")
            r = tp / (tp + fn) if tp + fn else float("nan")
            lines.append(f"{pid}\t{name}\t{p:.4f}\t{r:.4f}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
