"""Quality gate: our extractor's F1 on the article-extraction benchmark stays above
the floor pinned in tests/quality_baseline.json (a floor only moves up)."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest

from crawler.extraction import extract

BENCH_DIR = (
    Path(__file__).resolve().parent.parent.parent / "shared" / "benchmarks" / "article-extraction"
)
BASELINE = Path(__file__).with_name("quality_baseline.json")


def _score_module():  # type: ignore[no-untyped-def]
    if str(BENCH_DIR) not in sys.path:
        sys.path.insert(0, str(BENCH_DIR))
    import score

    return score


@pytest.mark.slow
def test_benchmark_f1_above_floor() -> None:
    if not (BENCH_DIR / "score.py").exists():
        pytest.skip(f"benchmark directory {BENCH_DIR} not found; quality gate not run")
    score = _score_module()
    truth = score.load_ground_truth(BENCH_DIR)
    ids = sorted(truth)
    truth_tokens = {pid: score.tokens(truth[pid].get("articleBody")) for pid in ids}
    predictions = {}
    for pid in ids:
        with gzip.open(BENCH_DIR / "html" / f"{pid}.html.gz", "rt", encoding="utf8") as f:
            predictions[pid] = extract(f.read(), truth[pid].get("url") or "").body
    metrics = score.evaluate(truth_tokens, predictions, n_bootstrap=0)
    floor = json.loads(BASELINE.read_text(encoding="utf-8"))["benchmark_f1"]
    assert metrics["f1"] >= floor, (
        f"benchmark F1 {metrics['f1']:.4f} fell below the floor {floor} "
        f"(precision {metrics['precision']:.4f}, recall {metrics['recall']:.4f})"
    )
