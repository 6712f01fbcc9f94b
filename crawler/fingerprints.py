"""Fingerprints of an article's clean body: exact (SHA-256) and near (a sketch and shingles).

Pure functions, no I/O, no module-level mutable state.

- `content_hash`: SHA-256 of the normalized body (`normalize_text`): equal for copies that
  differ only in layout, typography or case.
- `near_print` (`NearPrint`): what finds and verifies a near copy.
  - `sketch`: the `SKETCH_SIZE` smallest 64-bit hashes of the body's word 4-grams, a
    bottom-k MinHash sketch. Each value is a band of one row: the store indexes the
    smallest few of an original's values (`storage.dedup.KEEP`) and a new article looks
    up all of its own, so a copy is found when one 4-gram of the original's indexed few
    survived the edits in it.
  - `shingles`: the `SIGNATURE_SIZE` smallest distinct 32-bit hashes of the body's word
    3-shingles (a bottom-k MinHash signature, from which `resemblance` estimates the
    Jaccard of two bodies' shingle sets), and `numbers`, the hashes of every number it
    states. The store keeps both for each original, so that verifying a candidate
    compares two short arrays instead of re-reading and re-shingling the stored body
    (re-shingling costs about 1 ms; `resemblance` a few microseconds).

How the sketch was chosen (`python scripts/dedup_sketch.py` prints the table): on the
164 bodies of the extraction benchmark with at least 150 words, each copied five times per
edit, the share of copies whose original is found, for word n-grams of n = 4, 5 and 6 and
for how many values an original is indexed by and a copy looks up:
- 4-grams survive edits best (one outlives a 20% word edit with p = 0.8**4 = 0.41, a
  6-gram with 0.26): 6 indexed and 8 looked up find 94.8% of 20%-edited copies (5-grams
  91.1%, 6-grams 84.8% even with 12 looked up), 99.9% of 10%-edited ones and all 5%-edited
  ones, and make 23 candidate pairs among 26,732 unrelated ones;
- looking up 12 instead of 8 finds 95.5% (20%), indexing 8 and looking up 16 finds
  98.9%; each indexed value is a B-tree insert for every original and each looked-up
  value a probe for every article, which is what deduplication costs the store;
- the 64-bit SimHash over word 3-shingles this replaced moves 16 to 25 bits when 20% of
  words change, where its four 16-bit bands find only pairs within 3 bits: alone it
  found 90 of the labelled set's 144 duplicates, and with the 32-value passage sketch
  it needed to find the rest, deduplication cost the store 39% of its throughput.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import xxhash

# Typographic characters folded to their ASCII form so that a copy re-typeset by another
# CMS ("smart" quotes, en/em dashes, non-breaking spaces) hashes the same.
_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u02bc": "'",  # modifier apostrophe, common in Ukrainian texts
        "\u0060": "'", "\u00b4": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"', "\u2039": "'", "\u203a": "'",
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-",
        "\u00ad": None, "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None,
    }
)  # fmt: skip
_TYPOGRAPHIC = re.compile("[" + re.escape("".join(chr(c) for c in _FOLD)) + "]")
_WORD = re.compile(r"\w+")


def _fold_match(match: re.Match[str]) -> str:
    return match.group(0).translate(_FOLD)


def _folded(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    # str.translate looks up every character in Python; substituting only the matches is
    # about 10x faster on text that has few typographic characters.
    return _TYPOGRAPHIC.sub(_fold_match, text)


def normalize_text(text: str) -> str:
    """The form of a text that fingerprints see.

    NFKC (full-width and compatibility forms to their plain letters), typographic quotes,
    apostrophes and dashes to ASCII, soft hyphens and zero-width characters removed, every
    run of whitespace to one space, stripped, and casefolded.
    """
    # str.split() splits on exactly the characters `\s` matches (both use
    # Py_UNICODE_ISSPACE) and is about 4x faster than substituting every space.
    return " ".join(_folded(text).split()).casefold()


def content_hash(text: str) -> str:
    """Hex SHA-256 of `normalize_text(text)`: equal for copies that differ only in layout."""
    return _sha256(normalize_text(text))


def _sha256(normalized: str) -> str:
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


# Word 3-shingles for the verification Jaccard (storage.dedup.verified): long enough that
# two articles sharing common words do not look alike, short enough that one edited
# sentence changes few of them.
SHINGLE_WORDS = 3
# Shingle hashes a signature keeps: its smallest 128, 512 bytes, whatever the body's
# length (a 600-word article has about 570 distinct shingles: 2.3 KB kept whole). The
# estimate's standard error is sqrt(J(1 - J) / 128), 0.04 at J = 0.35. On the benchmark
# bodies (`python scripts/dedup_sketch.py`, second table), no copy with 20% of its
# words replaced estimates below storage.dedup.MIN_JACCARD (64 values: 0.9%), and
# unrelated bodies reach at most 0.18 (exactly 0.17). Kept whole, a
# 450-word body's 448 hashes took 1.8 KB of the store per original, 3.5 times as much,
# all of it written in the save transaction.
SIGNATURE_SIZE = 128
# Word 4-grams for the sketch, and how many of the smallest the sketch keeps (see the
# module docstring): a new article looks up all SKETCH_SIZE, an original is indexed by
# the smallest storage.dedup.KEEP of them.
SKETCH_WORDS = 4
SKETCH_SIZE = 8
_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit constant (golden ratio) for n-gram mixing
_EMPTY = np.zeros(0, dtype=np.uint64)


@dataclass(slots=True, frozen=True)
class NearPrint:
    """A body's near-duplicate fingerprint: its sketch, shingles and numbers."""

    sketch: list[int]  # ascending as unsigned 64-bit, stored as signed (SQLite INTEGER)
    shingles: bytes  # the SIGNATURE_SIZE smallest distinct uint32 word-3-shingle hashes
    numbers: bytes  # sorted distinct uint32 hashes of the numbers the text states


def _grams(hashes: np.ndarray, size: int) -> np.ndarray:
    """Hashes of every run of `size` consecutive words (one for a shorter text)."""
    if len(hashes) == 0:
        return _EMPTY
    size = min(size, len(hashes))  # a shorter text is one n-gram of all its words
    span = len(hashes) - size + 1
    grams = hashes[:span].copy()
    for offset in range(1, size):  # polynomial rolling combination, wraps around 2**64
        grams = grams * _MIX + hashes[offset : offset + span]
    return grams


def _word_hashes(words: list[str]) -> np.ndarray:
    # each distinct word hashed once (news text repeats about half of its words)
    distinct = {w: xxhash.xxh3_64_intdigest(w.encode("utf-8")) for w in dict.fromkeys(words)}
    return np.fromiter((distinct[w] for w in words), np.uint64, len(words))


def _shingles(hashes: np.ndarray) -> np.ndarray:
    """The sorted distinct uint32 hashes of every word 3-shingle (the whole set)."""
    return np.unique((_grams(hashes, SHINGLE_WORDS) >> np.uint64(32)).astype(np.uint32))


def _near(normalized: str, words: list[str]) -> NearPrint:
    hashes = _word_hashes(words)
    sketch = np.unique(_grams(hashes, SKETCH_WORDS))[:SKETCH_SIZE]
    shingles = _shingles(hashes)[:SIGNATURE_SIZE]
    numbers = np.unique(
        np.fromiter(
            (xxhash.xxh32_intdigest(n.encode("utf-8")) for n in numbers_of(normalized)),
            np.uint32,
        )
    )
    return NearPrint([int(v) for v in sketch.view(np.int64)], shingles.tobytes(), numbers.tobytes())


def shingle_hashes(text: str) -> np.ndarray:
    """Every word-3-shingle hash of `normalize_text(text)`, sorted: the whole set a
    signature keeps the smallest `SIGNATURE_SIZE` of (for measuring the estimate)."""
    return _shingles(_word_hashes(_WORD.findall(normalize_text(text))))


def near_print(text: str) -> NearPrint:
    """The sketch, shingles and numbers of `normalize_text(text)`."""
    normalized = normalize_text(text)
    return _near(normalized, _WORD.findall(normalized))


def fingerprints(text: str) -> tuple[str, NearPrint]:
    """`content_hash` and `near_print` of one text, normalizing it once (what an
    extraction worker computes for every article)."""
    normalized = normalize_text(text)
    return _sha256(normalized), _near(normalized, _WORD.findall(normalized))


def hashes_of(packed: bytes) -> np.ndarray:
    """The uint32 array that `NearPrint.shingles` or `.numbers` packs."""
    return np.frombuffer(packed, dtype=np.uint32)


def resemblance(a: np.ndarray, b: np.ndarray, size: int = SIGNATURE_SIZE) -> float:
    """The Jaccard of two shingle sets, estimated from their signatures (sorted distinct
    arrays, `NearPrint.shingles`); 0.0 for two empty ones.

    A signature of `size` values holds every hash of its set up to its largest one (a
    shorter one holds the whole set). Up to the smaller of the two largest, then, both
    sets are known, and hashes order shingles at random: the share of the union's hashes
    in that range that both sets hold estimates the Jaccard (from at least `size` of
    them; from the whole union, exactly, when both signatures are short). Longer inputs
    are cut to `size` first, so a signature stored whole (before migration 0009)
    compares the same. np.union1d would do it in one call, at 6x the cost.
    """
    a, b = a[:size], b[:size]
    # one sorted merge of both, cut at the known range, where each value is there once
    # per set holding it: the repeats are the shared values
    both = np.concatenate((a, b))
    both.sort()
    if len(a) == size or len(b) == size:
        known = min(int(s[-1]) for s in (a, b) if len(s) == size)
        both = both[: both.searchsorted(known, side="right")]
    common = int(np.count_nonzero(both[1:] == both[:-1]))
    union = len(both) - common
    return common / union if union else 0.0


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """|a & b| / |a | b| of two sorted distinct arrays; 0.0 for two empty ones."""
    common = common_count(a, b)
    union = len(a) + len(b) - common
    return common / union if union else 0.0


def common_count(a: np.ndarray, b: np.ndarray) -> int:
    """How many values two distinct arrays share."""
    # what np.intersect1d does inside, without its argument handling (4 us against 6)
    both = np.concatenate((a, b))
    both.sort()
    return int(np.count_nonzero(both[1:] == both[:-1]))


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def numbers_of(text: str) -> set[str]:
    """The numbers a text states ("5.2", "40", "2024"): the facts a copy keeps."""
    return set(_NUMBER.findall(text))
