"""Run every labelled pair (tests/dedup/pairs.jsonl) through a fresh Store; print figures.

For each pair, page a is saved, then page b, into a new SQLite file; b's outcome is the
prediction. A pair is predicted "same" when b is the same article (unchanged/updated) or
a duplicate / near duplicate of a. Precision and recall of that prediction are taken
over the duplicate, not_duplicate and translation pairs (translations must never be
duplicates); versions must come out "updated", translations must be linked.

`--compare` also prints, per category, the word-3-shingle Jaccard of each pair (what
verification compares with `storage.dedup.MIN_JACCARD`) and how many of b's sketch values
are among a's indexed ones (`storage.dedup.KEEP`; the look-up needs one): the
measurement behind the thresholds in storage/dedup.py.

Usage: python scripts/dedup_eval.py [--pairs PATH] [--compare]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.extraction.result import Extraction  # noqa: E402
from crawler.fingerprints import (  # noqa: E402
    fingerprints,
    hashes_of,
    jaccard,
    near_print,
    resemblance,
    shingle_hashes,
)
from crawler.items import PageItem  # noqa: E402
from crawler.process import Processed, make_item  # noqa: E402
from storage import SaveOutcome, Store  # noqa: E402
from storage.dedup import KEEP  # noqa: E402

PAIRS = ROOT / "tests" / "dedup" / "pairs.jsonl"
SAME = {"duplicate", "near_duplicate", "unchanged", "updated"}


def load_pairs(path: Path = PAIRS) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def page_item(page: dict[str, Any], fetched_at: str) -> PageItem:
    extraction = Extraction(
        url=page["url"], title=page["title"], body=page["body"], language=page["language"],
        alternates=page.get("alternates", {}), is_article=True,
    )  # fmt: skip
    processed = Processed(extraction, *fingerprints(page["body"]))
    html = f"<html><body><h1>{page['title']}</h1><p>{page['body']}</p></body></html>"
    return make_item(
        url=page["url"], requested_url=page["url"], html=html.encode(), processed=processed,
        fetched_at=fetched_at,
    )  # fmt: skip


def run_pair(pair: dict[str, Any], db_path: Path) -> tuple[SaveOutcome, SaveOutcome, bool]:
    """(outcome of a, outcome of b, whether a translation link joins them)."""
    with Store(db_path) as store:
        first = store.save(page_item(pair["a"], "2024-01-01T00:00:00+00:00"))
        second = store.save(page_item(pair["b"], "2024-01-02T00:00:00+00:00"))
        row = store.conn.execute(
            "SELECT translation_group FROM articles WHERE id IN (?, ?)",
            (first.article_id, second.article_id),
        ).fetchall()
    linked = len(row) == 2 and row[0][0] is not None and row[0][0] == row[1][0]
    return first, second, linked


def evaluate(pairs: list[dict[str, Any]], workdir: Path) -> dict[str, Any]:
    """Score every pair; returns precision, recall, counts and per-category hit rates."""
    tp = fp = fn = 0
    by_category: dict[str, list[bool]] = defaultdict(list)
    failures: list[str] = []
    for pair in pairs:
        _, second, linked = run_pair(pair, workdir / f"pair-{pair['id']}.db")
        same = second.status in SAME
        label = pair["label"]
        if label == "version":
            ok = second.status == "updated"
        elif label == "translation":
            ok = linked and not same
            fp += same
        elif label == "duplicate":
            ok = same
            tp, fn = tp + same, fn + (not same)
        else:
            ok = not same
            fp += same
        by_category[pair["category"]].append(ok)
        if not ok:
            failures.append(f"{pair['id']} {pair['category']}: {second.status}")
    return {
        "pairs": len(pairs), "tp": tp, "fp": fp, "fn": fn,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "categories": {c: (sum(v), len(v)) for c, v in by_category.items()},
        "failures": failures,
    }  # fmt: skip


def compare(pairs: list[dict[str, Any]]) -> None:
    """Per category (median, min, max): the shingle Jaccard, exact and as verification
    estimates it, and the shared sketch values."""
    rows: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    for pair in pairs:
        a, b = near_print(pair["a"]["body"]), near_print(pair["b"]["body"])
        # the whole shingle sets: what `resemblance` estimates from the signatures
        exact = jaccard(shingle_hashes(pair["a"]["body"]), shingle_hashes(pair["b"]["body"]))
        estimate = resemblance(hashes_of(a.shingles), hashes_of(b.shingles))
        shared = len(set(a.sketch[:KEEP]) & set(b.sketch))
        rows[pair["category"]].append((exact, estimate, shared))
    print(
        f"{'category':<22}{'jaccard med/min/max':>20}{'estimate med/min/max':>21}"
        f"{'shared keys med/min/max':>25}"
    )
    for category, values in rows.items():
        js, es, ks = ([v[i] for v in values] for i in range(3))
        print(
            f"{category:<22}{statistics.median(js):>8.2f}{min(js):>6.2f}{max(js):>6.2f}"
            f"{statistics.median(es):>9.2f}{min(es):>6.2f}{max(es):>6.2f}"
            f"{statistics.median(ks):>13.0f}{min(ks):>6}{max(ks):>6}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=PAIRS)
    parser.add_argument("--compare", action="store_true")
    args = parser.parse_args()
    pairs = load_pairs(args.pairs)
    with tempfile.TemporaryDirectory() as workdir:
        result = evaluate(pairs, Path(workdir))
    print(
        f"{result['pairs']} pairs: precision {result['precision']:.3f}, recall "
        f"{result['recall']:.3f} (tp {result['tp']}, fp {result['fp']}, fn {result['fn']})"
    )
    for category, (ok, total) in result["categories"].items():
        print(f"  {category:<22}{ok:>4}/{total}")
    if args.compare:
        compare(pairs)


if __name__ == "__main__":
    main()
