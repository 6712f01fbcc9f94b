"""Every labelled pair through a fresh Store: exact + near detection precision and recall.

The pairs are made by scripts/make_dedup_pairs.py; scripts/dedup_eval.py prints the same
figures for humans (with --compare, the measurements behind the thresholds).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MIN_PAIRS = 200
MIN_PRECISION = 0.99
MIN_RECALL = 0.95


def _evaluator() -> Any:
    spec = importlib.util.spec_from_file_location("dedup_eval", ROOT / "scripts" / "dedup_eval.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_dedup_precision_and_recall_on_labelled_pairs(tmp_path: Path) -> None:
    evaluator = _evaluator()
    pairs = evaluator.load_pairs()
    assert len(pairs) >= MIN_PAIRS
    result = evaluator.evaluate(pairs, tmp_path)
    print(
        f"\n{result['pairs']} pairs: precision {result['precision']:.3f}, "
        f"recall {result['recall']:.3f} (tp {result['tp']}, fp {result['fp']}, fn {result['fn']})"
    )
    assert result["precision"] >= MIN_PRECISION, result["failures"]
    assert result["recall"] >= MIN_RECALL, result["failures"]
    # versions must be "updated" and translations linked, not merely "not duplicates"
    for category in ("version", "translation", "translation_one_way"):
        ok, total = result["categories"][category]
        assert ok == total, (category, result["failures"])
