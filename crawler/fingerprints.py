"""Fingerprints of an article's clean body: exact (SHA-256) and near (64-bit SimHash).

Pure functions, no I/O, no module-level mutable state.

Near duplicates use both, measured with `python scripts/dedup_eval.py --compare` on the
236 labelled pairs of tests/dedup/pairs.jsonl (144 duplicates):
- SimHash (64 bits over word 3-shingles, 0.5 ms/doc) fits one INTEGER and four indexed
  16-bit bands, and its bands collide between unrelated bodies no more often than random
  (6.1e-5 per pair on the 181 benchmark bodies), so a look-up stays under 0.1 ms at 1M
  rows. But it moves fast under edits: one rewritten sentence 1 to 16 bits, 5% of words
  changed 7 to 18, 20% changed 16 to 25; the bands only guarantee retrieval within 3
  bits, and SimHash alone (Hamming <= 3) found 90 of the 144 duplicates.
- MinHash (word 3-shingle Jaccard) degrades gently: 5% changed 0.70 to 0.81, 20% changed
  0.31 to 0.41, against at most 0.10 for different articles (templated earnings briefs
  0.30 to 0.41 are told apart by their numbers, see storage/dedup.py). As a 128-value
  signature it needs its own table and LSH; a bottom-32 sketch of word 6-grams
  (`passage_sketch`) keeps enough shared values for an indexed look-up.
So the store keeps the SimHash with its bands and the passage sketch, and verifies every
candidate on the stored body: 144 of 144 duplicates found, 0 false positives of 92.
Word unigram SimHash was rejected: more robust to edits but its bands collide 370x more
often than random between unrelated English texts (stop words), which ruins look-ups.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

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

# Word 3-shingles: long enough that two articles sharing common words do not look alike,
# short enough that one edited sentence changes few shingles (PERF-NOTES times this size).
SHINGLE_WORDS = 3
BAND_BITS = 16
BAND_COUNT = 4
_BAND_MASK = (1 << BAND_BITS) - 1


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


def _words(text: str) -> list[str]:
    """The words of `normalize_text(text)`, without folding its whitespace (no word
    contains any)."""
    return _WORD.findall(_folded(text).casefold())


def content_hash(text: str) -> str:
    """Hex SHA-256 of `normalize_text(text)`: equal for copies that differ only in layout."""
    return _sha256(normalize_text(text))


def _sha256(normalized: str) -> str:
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def _shingles(words: list[str]) -> list[str]:
    if len(words) < SHINGLE_WORDS:
        return [" ".join(words)] if words else []
    return [" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)]


def simhash64(text: str) -> int:
    """64-bit SimHash of the text's word 3-shingles, as a signed int64 (SQLite INTEGER).

    Each shingle is hashed with xxh3-64; bit i of the result is set when more shingles have
    bit i set than not. numpy does the bit counting (a pure-Python loop is 8x slower).
    An empty text gives 0.
    """
    return _simhash(_words(text))


def _simhash(words: list[str]) -> int:
    shingles = _shingles(words)
    if not shingles:
        return 0
    hashes = np.fromiter(
        (xxhash.xxh3_64_intdigest(s.encode("utf-8")) for s in shingles),
        dtype=np.uint64,
        count=len(shingles),
    )
    bits = np.unpackbits(hashes.view(np.uint8).reshape(-1, 8), axis=1, bitorder="little")
    votes = bits.sum(axis=0, dtype=np.int64) * 2 > len(shingles)
    packed = np.packbits(votes, bitorder="little").view(np.uint64)[0]
    return int(np.int64(packed.view(np.int64)))


# Passage sketch: the PASSAGE_KEEP smallest hashes of the text's word 6-grams (a bottom-k
# MinHash sketch). Two copies of an article keep many of the same values even when 20% of
# words were changed (a 6-gram survives a 20% edit with p = 0.8**6 = 0.26), where a
# 64-bit SimHash has moved 16 to 25 bits and four 16-bit bands no longer find it
# (scripts/dedup_eval.py --compare). 32 values: a 20%-edited copy still shares about 5.
PASSAGE_WORDS = 6
PASSAGE_KEEP = 32
_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit constant (golden ratio) for n-gram mixing


def passage_sketch(text: str) -> list[int]:
    """The `PASSAGE_KEEP` smallest word-6-gram hashes (unsigned order) as distinct int64s.

    Texts shorter than six words give one value for the whole text; an empty text none.
    """
    return _sketch(_words(text))


def _sketch(words: list[str]) -> list[int]:
    if not words:
        return []
    # hash each distinct word once (news text repeats about half of its words)
    distinct = {w: xxhash.xxh3_64_intdigest(w.encode("utf-8")) for w in dict.fromkeys(words)}
    hashes = np.fromiter((distinct[w] for w in words), np.uint64, len(words))
    if len(words) < PASSAGE_WORDS:
        grams = np.array([np.bitwise_xor.reduce(hashes)], dtype=np.uint64)
    else:
        span = len(words) - PASSAGE_WORDS + 1
        grams = hashes[:span].copy()
        for offset in range(1, PASSAGE_WORDS):  # polynomial rolling combination, wraps
            grams = grams * _MIX + hashes[offset : offset + span]
    smallest = np.unique(grams)[:PASSAGE_KEEP]
    return [int(v) for v in smallest.view(np.int64)]


def fingerprints(text: str) -> tuple[str, int, list[int]]:
    """`content_hash`, `simhash64` and `passage_sketch` of one text, folding it once
    (what an extraction worker computes for every article)."""
    normalized = normalize_text(text)
    words = _WORD.findall(normalized)
    return _sha256(normalized), _simhash(words), _sketch(words)


Shingle = tuple[str, ...]


def shingle_set(text: str) -> set[Shingle]:
    """The distinct word 3-shingles of the normalized text (for exact Jaccard checks).

    As tuples of words, not joined strings: the same sets, built without a string per
    shingle (measured on the 181 benchmark bodies: 50 to 75 us instead of 125 us).
    """
    words = _words(text)
    if len(words) < SHINGLE_WORDS:
        return {tuple(words)} if words else set()
    return set(zip(*(words[i:] for i in range(SHINGLE_WORDS)), strict=False))


def jaccard(a: set[Shingle], b: set[Shingle]) -> float:
    """|a & b| / |a | b|; 0.0 for two empty sets."""
    common = len(a & b)
    union = len(a) + len(b) - common  # without building the union set
    return common / union if union else 0.0


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def numbers_of(text: str) -> set[str]:
    """The numbers a text states ("5.2", "40", "2024"): the facts a copy keeps."""
    return set(_NUMBER.findall(text))


def _unsigned(fp: int) -> int:
    return fp & 0xFFFFFFFFFFFFFFFF


def bands(fp: int) -> tuple[int, int, int, int]:
    """Four 16-bit bands of a fingerprint, each tagged with its band index.

    Band i's key is `(i << 16) | bits`, so the keys of different bands never collide and a
    look-up can ask one index per band column. Two fingerprints within Hamming distance 3
    share at least one band exactly (pigeonhole: 3 differing bits touch at most 3 bands).
    """
    value = _unsigned(fp)
    keys = [(i << BAND_BITS) | ((value >> (i * BAND_BITS)) & _BAND_MASK) for i in range(4)]
    return keys[0], keys[1], keys[2], keys[3]


def hamming(a: int, b: int) -> int:
    """Number of differing bits between two 64-bit fingerprints (signed or unsigned)."""
    return (_unsigned(a) ^ _unsigned(b)).bit_count()


def similarity(a: int, b: int) -> float:
    """1 - hamming/64: 1.0 for equal fingerprints, about 0.5 for unrelated texts."""
    return 1.0 - hamming(a, b) / 64.0
