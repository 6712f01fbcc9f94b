from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from crawler.fingerprints import (
    _folded,
    bands,
    content_hash,
    fingerprints,
    hamming,
    jaccard,
    normalize_text,
    numbers_of,
    passage_sketch,
    shingle_set,
    simhash64,
    similarity,
)

TEXT = (
    "The city of Kyiv opened a new metro station on Saturday after nearly six years of "
    "construction delays. The station will serve about forty thousand passengers a day, "
    "the city administration said. Trains will run every four minutes during rush hour."
)


def test_normalize_text_folds_typography_space_and_case() -> None:
    raw = "«Привіт»\u00a0— it\u2019s  \u201cFINE\u201d\u00ad\n\n ＡＢＣ\u200b"
    assert normalize_text(raw) == '"привіт" - it\'s "fine" abc'


def test_content_hash_is_hex_sha256_of_normalized_text() -> None:
    digest = content_hash(TEXT)
    assert len(digest) == 64 and int(digest, 16) >= 0
    assert content_hash(TEXT.upper().replace(" ", "\n ")) == digest
    assert content_hash(TEXT + " More.") != digest


spaces = st.sampled_from([" ", "  ", "\n", "\n\n", "\t", "\u00a0", " \u2009"])
quotes = st.sampled_from([("'", "\u2019"), ('"', "\u201c"), ("-", "\u2014"), ("'", "\u02bc")])


@given(st.lists(st.from_regex(r"[A-Za-zА-Яа-яіїє0-9'\"-]{1,10}", fullmatch=True), min_size=1,
                max_size=30), st.data())  # fmt: skip
def test_hash_stable_under_whitespace_and_quote_variants(
    words: list[str], data: st.DataObject
) -> None:
    plain = " ".join(words)
    varied = ""
    for word in words:
        ascii_char, typographic = data.draw(quotes)
        varied += word.replace(ascii_char, typographic) + data.draw(spaces)
    assert content_hash(varied) == content_hash(plain)
    assert simhash64(varied) == simhash64(plain)


def test_simhash_is_signed_64_bit_and_close_for_small_edits() -> None:
    fp = simhash64(TEXT)
    assert -(2**63) <= fp < 2**63
    assert simhash64("") == 0
    longer = " ".join([TEXT] * 3)
    edited = longer.replace("Saturday", "Sunday", 1)
    assert hamming(simhash64(longer), simhash64(edited)) <= 10
    assert similarity(fp, fp) == 1.0


@given(st.integers(min_value=-(2**63), max_value=2**63 - 1))
def test_bands_carry_their_index_and_reassemble(fp: int) -> None:
    keys = bands(fp)
    assert [k >> 16 for k in keys] == [0, 1, 2, 3]
    value = sum((k & 0xFFFF) << (16 * i) for i, k in enumerate(keys))
    assert value == fp & 0xFFFFFFFFFFFFFFFF


def test_hamming_and_similarity() -> None:
    assert hamming(0, -1) == 64
    assert hamming(5, 4) == 1
    assert similarity(0, -1) == 0.0


def test_passage_sketch_keeps_values_through_edits() -> None:
    text = " ".join([TEXT] * 4) + " " + TEXT.replace("Kyiv", "Lviv")
    sketch = passage_sketch(text)
    assert 0 < len(sketch) <= 32 and len(set(sketch)) == len(sketch)
    edited = text.replace("station", "stop", 1)
    assert len(set(sketch) & set(passage_sketch(edited))) >= 16
    assert passage_sketch("") == []
    assert len(passage_sketch("two words")) == 1


def test_numbers_of() -> None:
    assert numbers_of("Up 5.2% to 1,000 in 2024") == {"5.2", "1,000", "2024"}


# Any text, with the characters the fast paths must treat exactly like the reference:
# every Unicode space, typographic quotes and dashes, soft hyphens, zero-width marks.
tricky = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from("\u00a0\u2003\u3000\u2028\x1c\x85 \t\n\u00ad\u200b\u02bc\u2019\u2014"),
    ),
    max_size=200,
)


@given(tricky)
def test_normalize_text_matches_regex_whitespace_folding(text: str) -> None:
    """`str.split()` folds exactly the whitespace the regex `\\s+` did."""
    assert normalize_text(text) == re.sub(r"\s+", " ", _folded(text)).strip().casefold()


@given(tricky)
def test_fingerprints_equal_the_separate_functions(text: str) -> None:
    assert fingerprints(text) == (content_hash(text), simhash64(text), passage_sketch(text))


@given(tricky, tricky)
def test_shingle_jaccard_is_that_of_joined_word_shingles(a: str, b: str) -> None:
    def joined(text: str) -> set[str]:
        words = re.findall(r"\w+", normalize_text(text))
        if len(words) < 3:
            return {" ".join(words)} if words else set()
        return {" ".join(words[i : i + 3]) for i in range(len(words) - 2)}

    ja, jb = joined(a), joined(b)
    union = len(ja | jb)
    expected = len(ja & jb) / union if union else 0.0
    assert jaccard(shingle_set(a), shingle_set(b)) == expected
    assert jaccard(shingle_set(a), shingle_set(a)) == (1.0 if ja else 0.0)
