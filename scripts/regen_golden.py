"""Regenerate golden expectations on purpose, printing the diff of every change.

    .venv/bin/python scripts/regen_golden.py NAME [NAME ...]   # rewrite these
    .venv/bin/python scripts/regen_golden.py --dry-run NAME    # only show the diff
    .venv/bin/python scripts/regen_golden.py --f1 [--raise-floor]

Golden JSON is the spec: regenerate only after checking the new output is right.
`--raise-floor` writes the current golden F1 into tests/quality_baseline.json when it
is higher than the stored floor (a floor only moves up); other keys are preserved.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from golden_support import (  # noqa: E402
    BASELINE,
    GOLDEN_DIR,
    golden_f1,
    load_expected,
    read_baseline,
    run,
)


def _dump(data: dict[str, object]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def regenerate(name: str, dry_run: bool) -> bool:
    expected = load_expected(name)
    fresh = {k: v for k, v in expected.items() if k in ("url", "http_charset")}
    fresh.update(run(name))
    old, new = _dump(expected), _dump(fresh)
    if old == new:
        print(f"{name}: unchanged")
        return False
    sys.stdout.writelines(
        difflib.unified_diff(
            old.splitlines(True), new.splitlines(True), f"{name} (old)", f"{name} (new)"
        )
    )
    if not dry_run:
        (GOLDEN_DIR / f"{name}.json").write_text(new, encoding="utf-8")
    return True


def report_f1(raise_floor: bool) -> None:
    score = round(golden_f1(), 4)
    baseline = read_baseline()
    floor = baseline.get("golden_f1")
    print(f"golden F1 {score:.4f} (floor {floor})")
    if raise_floor and (floor is None or score > floor):
        baseline = read_baseline()  # re-read right before writing: others edit this file
        baseline["golden_f1"] = score
        BASELINE.write_text(json.dumps(baseline, indent=2, sort_keys=True) + "\n", "utf-8")
        print(f"floor raised to {score:.4f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", help="golden page names (tests/golden/NAME.html)")
    parser.add_argument("--dry-run", action="store_true", help="print diffs, write nothing")
    parser.add_argument("--f1", action="store_true", help="print the golden body F1")
    parser.add_argument("--raise-floor", action="store_true", help="raise the F1 floor if higher")
    args = parser.parse_args()
    for name in args.names:
        if not (GOLDEN_DIR / f"{name}.html").exists():
            print(f"error: no golden page {name}", file=sys.stderr)
            return 2
        regenerate(name, args.dry_run)
    if args.f1 or args.raise_floor:
        report_f1(args.raise_floor)
    if not args.names and not (args.f1 or args.raise_floor):
        parser.print_help()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
