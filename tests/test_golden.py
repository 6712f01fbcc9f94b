"""Golden pages: every field of the clean record, and the body F1 floor.

Regenerate an expectation on purpose with `scripts/regen_golden.py NAME` and review
the diff it prints; the JSON files are the spec, not a snapshot of current output.
"""

from __future__ import annotations

import pytest
from golden_support import differences, golden_f1, golden_names, read_baseline

# Golden F1 is a mean over ~30 pages; a change in the 4th decimal is float noise from
# a different token split, not a regression.
F1_TOLERANCE = 1e-4


@pytest.mark.parametrize("name", golden_names())
def test_golden_page(name: str) -> None:
    diff = differences(name)
    assert not diff, "\n".join(f"{k}: expected {e!r}\n  got {a!r}" for k, (e, a) in diff.items())


def test_golden_f1_floor() -> None:
    # A missing key fails rather than skips: the file is shared, and a lost floor
    # must not silently switch the gate off.
    floor = read_baseline().get("golden_f1")
    assert floor is not None, "tests/quality_baseline.json lost its golden_f1 floor"
    score = golden_f1()
    assert score + F1_TOLERANCE >= floor, f"golden F1 {score:.4f} fell below the floor {floor:.4f}"
