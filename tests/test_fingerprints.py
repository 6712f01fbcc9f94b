from __future__ import annotations

import random
import re

from hypothesis import given
from hypothesis import strategies as st

from crawler.fingerprints import (
    SIGNATURE_SIZE,
    SKETCH_SIZE,
    _folded,
    content_hash,
    fingerprints,
    hashes_of,
    near_print,
    normalize_text,
    numbers_of,
    resemblance,
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
    assert near_print(varied) == near_print(plain)


def test_sketch_is_the_smallest_signed_64_bit_values_and_survives_edits() -> None:
    text = " ".join([TEXT] * 4) + " " + TEXT.replace("Kyiv", "Lviv")
    sketch = near_print(text).sketch
    assert len(sketch) == SKETCH_SIZE and all(-(2**63) <= v < 2**63 for v in sketch)
    unsigned = [v % 2**64 for v in sketch]
    assert unsigned == sorted(set(unsigned))  # distinct, ascending as unsigned
    edited = near_print(text.replace("station", "stop", 1)).sketch
    assert len(set(sketch) & set(edited)) >= SKETCH_SIZE // 2
    assert near_print("").sketch == [] and near_print("").shingles == b""
    assert len(near_print("two words").sketch) == 1


def test_near_print_packs_shingles_and_numbers_as_sorted_uint32() -> None:
    near = near_print(TEXT + " Up 5.2% to 1,000 in 2024, up 5.2%.")
    shingles, numbers = hashes_of(near.shingles), hashes_of(near.numbers)
    words = len(re.findall(r"\w+", normalize_text(TEXT + " Up 5.2% to 1,000 in 2024, up 5.2%.")))
    assert list(shingles) == sorted(set(shingles)) and 0 < len(shingles) <= words - 2
    assert list(numbers) == sorted(set(numbers)) and len(numbers) == 3  # 5.2, 1,000, 2024


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
    assert fingerprints(text) == (content_hash(text), near_print(text))


def joined_shingles(text: str) -> set[str]:
    """The word 3-shingles of a text, as joined words (the reference)."""
    words = re.findall(r"\w+", normalize_text(text))
    if len(words) < 3:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + 3]) for i in range(len(words) - 2)}


def exact_jaccard(a: str, b: str) -> float:
    ja, jb = joined_shingles(a), joined_shingles(b)
    union = len(ja | jb)
    return len(ja & jb) / union if union else 0.0


@given(tricky, tricky)
def test_resemblance_of_short_texts_is_the_jaccard_of_joined_word_shingles(a: str, b: str) -> None:
    # texts of at most 200 characters have fewer than SIGNATURE_SIZE shingles: exact
    sa, sb = hashes_of(near_print(a).shingles), hashes_of(near_print(b).shingles)
    # 32-bit hashes: two distinct shingles collide with p = 2**-32, never in practice
    assert resemblance(sa, sb) == exact_jaccard(a, b)
    assert resemblance(sa, sa) == (1.0 if joined_shingles(a) else 0.0)


def test_a_long_text_keeps_its_smallest_shingle_hashes_and_estimates_jaccard() -> None:
    rng = random.Random(3)
    words = [f"w{rng.randrange(400)}" for _ in range(800)]
    text = " ".join(words)
    near = near_print(text)
    assert len(hashes_of(near.shingles)) == SIGNATURE_SIZE  # of about 800
    for share, seed in ((0.05, 4), (0.2, 5), (0.5, 6)):
        copy = list(words)
        for i in random.Random(seed).sample(range(len(copy)), int(len(copy) * share)):
            copy[i] = f"x{i}"
        estimate = resemblance(
            hashes_of(near_print(" ".join(copy)).shingles), hashes_of(near.shingles)
        )
        # the standard error is sqrt(J(1 - J) / 128) <= 0.045; the seeds are fixed
        assert abs(estimate - exact_jaccard(text, " ".join(copy))) < 0.1
