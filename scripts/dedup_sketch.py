"""How the near-duplicate sketch was sized: retrieval per edit, and unrelated candidates.

On the article-extraction benchmark's bodies (at least 150 words), each body is copied
COPIES times per edit (scripts/make_dedup_pairs.py's edits: 5/10/20% of words replaced,
a sentence rewritten, a paragraph dropped). A copy is *found* when one of its `looked`
smallest word-n-gram hashes is among the original's `kept` smallest (what
`storage.dedup` indexes and looks up; the common-phrase cap is left out). *Unrelated*
counts ordered pairs of distinct bodies that would become candidates the same way
(they are then refused by verification, but each costs a signature read).

Usage: python scripts/dedup_sketch.py   (about a minute)
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

from crawler.fingerprints import _WORD, _grams, _word_hashes, normalize_text  # noqa: E402

COPIES = 5
# (n-gram words, kept per original, looked up per copy)
SETTINGS = [(4, 4, 8), (4, 4, 12), (4, 6, 8), (4, 6, 12), (4, 8, 16), (5, 6, 12), (6, 6, 12)]


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


if __name__ == "__main__":
    main()
