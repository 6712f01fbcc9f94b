"""How the near-duplicate sketch was sized: retrieval per edit, and unrelated candidates.

On the article-extraction benchmark's bodies (at least 150 words), each body is copied
COPIES times per edit (scripts/make_dedup_pairs.py's edits: 5/10/20% of words replaced,
a sentence rewritten, a paragraph dropped). A copy is *found* when one of its `looked`
smallest word-n-gram hashes is among the original's `kept` smallest (what
`storage.dedup` indexes and looks up; the common-phrase cap is left out). *Unrelated*
counts ordered pairs of distinct bodies that would become candidates the same way
(they are then refused by verification, but each costs a signature read).

A second table sizes the verification signature (`crawler.fingerprints.SIGNATURE_SIZE`):
for signatures of k smallest shingle hashes, the share of copies whose estimated Jaccard
(`resemblance`) falls below `storage.dedup.MIN_JACCARD` (what verification would refuse),
against the exact Jaccard of the whole shingle sets, and the highest estimate among
unrelated bodies.

Usage: python scripts/dedup_sketch.py   (a few minutes)
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from make_dedup_pairs import (  # noqa: E402
    SOURCE,
    drop_paragraph,
    edit_sentence,
    replace_words,
)

from crawler.fingerprints import (  # noqa: E402
    _WORD,
    _grams,
    _word_hashes,
    jaccard,
    normalize_text,
    resemblance,
    shingle_hashes,
)
from storage.dedup import MIN_JACCARD  # noqa: E402

COPIES = 5
# (n-gram words, kept per original, looked up per copy)
# (4, 6, 8) is storage.dedup's; the rows beside it are what a cheaper index would lose:
# fewer kept (a posting less per original) or fewer looked (a probe less per article)
SETTINGS = [
    (4, 4, 8),
    (4, 4, 12),
    (4, 5, 8),
    (4, 5, 10),
    (4, 6, 6),
    (4, 6, 7),
    (4, 6, 8),
    (4, 6, 12),
    (4, 7, 7),
    (4, 8, 16),
    (5, 6, 12),
    (6, 6, 12),
]
# shingle hashes a verification signature keeps (the first is every one: exact Jaccard)
SIGNATURE_SIZES = [None, 64, 128, 256]


def sketch(text: str, n: int, size: int) -> set[int]:
    hashes = _word_hashes(_WORD.findall(normalize_text(text)))
    return {int(v) for v in np.unique(_grams(hashes, n))[:size]}


def main() -> None:
    import json

    data = json.loads(SOURCE.read_text())
    bodies = [v["articleBody"].strip() for _, v in sorted(data.items())]
    bodies = [b for b in bodies if len(b.split()) >= 150]
    pool = sorted({w for b in bodies for w in b.split() if w.isalpha()})
    rng = random.Random(20261206)
    edits = {
        "words 5%": lambda b: replace_words(b, 0.05, rng, pool),
        "words 10%": lambda b: replace_words(b, 0.10, rng, pool),
        "words 20%": lambda b: replace_words(b, 0.20, rng, pool),
        "sentence": lambda b: edit_sentence(b, rng),
        "paragraph dropped": lambda b: drop_paragraph(b, rng),
    }
    copies = {name: [(i, edit(b)) for i, b in enumerate(bodies) for _ in range(COPIES)]
              for name, edit in edits.items()}  # fmt: skip
    print(f"{len(bodies)} bodies, {COPIES} copies per edit; share of copies found")
    print(f"{'n kept looked':<16}" + "".join(f"{e:>19}" for e in edits) + f"{'unrelated':>12}")
    for n, kept, looked in SETTINGS:
        originals = [sketch(b, n, kept) for b in bodies]
        found = []
        for pairs in copies.values():
            hits = sum(bool(originals[i] & sketch(c, n, looked)) for i, c in pairs)
            found.append(hits / len(pairs))
        queries = [sketch(b, n, looked) for b in bodies]
        unrelated = sum(
            bool(originals[i] & queries[j])
            for i in range(len(bodies))
            for j in range(len(bodies))
            if i != j
        )
        total = len(bodies) * (len(bodies) - 1)
        print(
            f"{n} {kept:>3} {looked:>6}     "
            + "".join(f"{f:>19.3f}" for f in found)
            + f"{unrelated:>6}/{total}"
        )
    signature_sizes(bodies, copies)


def estimate(a: np.ndarray, b: np.ndarray, size: int | None) -> float:
    """`resemblance` with signatures of `size` values; None: the exact Jaccard."""
    return jaccard(a, b) if size is None else resemblance(a, b, size)


def signature_sizes(bodies: list[str], copies: dict[str, list[tuple[int, str]]]) -> None:
    originals = [shingle_hashes(b) for b in bodies]
    edited = {name: [(i, shingle_hashes(c)) for i, c in pairs] for name, pairs in copies.items()}
    print(f"\nshare of copies verification refuses (estimate < {MIN_JACCARD}); k: signature size")
    print(f"{'k':<16}" + "".join(f"{e:>19}" for e in copies) + f"{'unrelated max':>15}")
    for size in SIGNATURE_SIZES:
        refused = [
            sum(estimate(originals[i], c, size) < MIN_JACCARD for i, c in pairs) / len(pairs)
            for pairs in edited.values()
        ]
        unrelated = max(
            estimate(originals[i], originals[j], size)
            for i in range(len(bodies))
            for j in range(i + 1, len(bodies))
        )
        print(
            f"{'all' if size is None else size:<16}"
            + "".join(f"{r:>19.3f}" for r in refused)
            + f"{unrelated:>15.2f}"
        )


if __name__ == "__main__":
    main()
