"""Shared by tests/test_golden.py and scripts/regen_golden.py: load, run, compare, score.

A golden page is `tests/golden/<name>.html` (bytes as served) plus `<name>.json`, the
expected clean record. Input keys: `url` and, for pages whose charset is only in the
HTTP header, `http_charset`. Every other key is an expected Extraction field. Records of
non-articles leave out `body` and `language`: such a page has no article text, so what
the extractor finds there is not part of the spec; only is_article and metadata are.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from crawler.extraction import extract

GOLDEN_DIR = Path(__file__).parent / "golden"
BASELINE = Path(__file__).parent / "quality_baseline.json"
INPUT_KEYS = ("url", "http_charset")
_TOKEN = re.compile(r"\w+", re.UNICODE)


def golden_names() -> list[str]:
    return sorted(p.stem for p in GOLDEN_DIR.glob("*.html"))


def load_expected(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((GOLDEN_DIR / f"{name}.json").read_text("utf-8"))
    return data


def run(name: str) -> dict[str, Any]:
    """Extract the golden page as a crawl would: raw bytes plus the header charset."""
    expected = load_expected(name)
    raw = (GOLDEN_DIR / f"{name}.html").read_bytes()
    result = extract(raw, expected["url"], encoding=expected.get("http_charset"))
    return {key: getattr(result, key) for key in expected if key not in INPUT_KEYS}


def differences(name: str) -> dict[str, tuple[Any, Any]]:
    """field -> (expected, actual) for every field that differs."""
    expected = load_expected(name)
    actual = run(name)
    return {key: (expected[key], actual[key]) for key in actual if expected[key] != actual[key]}


def token_f1(expected: str, actual: str) -> float:
    """Bag-of-words F1 of two texts, lower-cased word tokens (the benchmark's measure)."""
    want = Counter(_TOKEN.findall(expected.lower()))
    got = Counter(_TOKEN.findall(actual.lower()))
    if not want and not got:
        return 1.0
    overlap = sum((want & got).values())
    if overlap == 0:
        return 0.0
    precision = overlap / sum(got.values())
    recall = overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def golden_f1() -> float:
    """Mean body F1 over the golden pages that have an expected body."""
    scores = []
    for name in golden_names():
        expected = load_expected(name)
        if "body" in expected:
            scores.append(token_f1(expected["body"], run(name)["body"]))
    return sum(scores) / len(scores)


def read_baseline() -> dict[str, float]:
    if not BASELINE.exists():
        return {}
    data: dict[str, float] = json.loads(BASELINE.read_text("utf-8"))
    return data
