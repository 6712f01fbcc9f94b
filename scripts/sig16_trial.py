"""Trial, not product code: run a script with 16-bit verification signatures.

Patches `crawler.fingerprints` so that a signature keeps the top 16 bits of each of its
128 smallest 32-bit shingle hashes (256 bytes instead of 512, duplicates among them
dropped), and `storage.dedup` so that it reads them back as uint16, then runs the given
script. Truncation keeps order, so a stored 32-bit signature converts without re-reading
its body (`>> 16`), and two signatures that shared a value still share it; two distinct
32-bit values fall together with p of about 1 in 140 within the range the smallest 128
span (about 0.9 such values a pair), which adds under 0.01 to an estimated Jaccard.

Usage: python scripts/sig16_trial.py scripts/store_phases.py
       python scripts/sig16_trial.py scripts/dedup_eval.py
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import crawler.fingerprints as fingerprints
import storage.dedup as dedup

_shingles32 = fingerprints._shingles


def _shingles16(hashes: np.ndarray) -> np.ndarray:
    kept = _shingles32(hashes)[: fingerprints.SIGNATURE_SIZE]
    return np.unique((kept >> np.uint32(16)).astype(np.uint16))


def _hashes16(packed: bytes) -> np.ndarray:
    return np.frombuffer(packed, dtype=np.uint16)


def main() -> None:
    fingerprints._shingles = _shingles16  # type: ignore[assignment]
    dedup.hashes_of = _hashes16  # type: ignore[assignment]
    sys.argv = sys.argv[1:]  # the script sees its own name and arguments
    runpy.run_path(sys.argv[0], run_name="__main__")


if __name__ == "__main__":
    main()
