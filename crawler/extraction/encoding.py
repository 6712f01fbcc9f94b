"""Bytes to text: BOM, HTTP charset, <meta charset>, then a check that the result is text.

Order: a BOM is certain; the HTTP header is what the server says; a <meta> declaration
in the first 4 KB is what the author said. Each declared charset is then checked: a
strict decode that fails, or Cyrillic mojibake, sends us on to strict UTF-8 and then
to choosing between windows-1251 and KOI8-U by letter case statistics. Servers of
Ukrainian and Russian sites get the header wrong often enough that this matters.
"""

from __future__ import annotations

import codecs
import re
from types import MappingProxyType

from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

# The single-byte Cyrillic code pages still served by Ukrainian/Russian sites.
CYRILLIC_CODEPAGES = ("cp1251", "koi8-u")
# The HTML standard's prescan looks at the first 1024 bytes; real pages put the <meta>
# after long <title>s and inline scripts, so we look at 4 KB like browsers in practice.
META_SCAN_BYTES = 4096
# Share of Cyrillic letters that must be lower-case for a decoding to read as prose.
# Running text is ~95 % lower-case; cp1251 read as KOI8 (or the reverse) swaps the case
# of every letter and lands near 5-10 %.
MIN_LOWERCASE_SHARE = 0.6
# Below a sentence of Cyrillic letters (a menu of capitalised labels on an English
# page) the case statistic says nothing, and the declaration is trusted.
MIN_LETTERS_FOR_CASE_TEST = 60
# Well-formed non-ASCII characters per decoding error above which a page is UTF-8 with
# a few broken bytes: 10 (a stray byte per ten good characters) is far from both real
# UTF-8 (no errors) and cp1251/KOI8 read as UTF-8 (about one good character per error,
# the second byte of an accidental two-byte sequence).
MOSTLY_UTF8_RATIO = 10
# Labels the web uses for codecs Python names differently; latin-1 and ascii mean
# windows-1252 on the web (WHATWG Encoding Standard).
_ALIASES = MappingProxyType(
    {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252",
     "ascii": "cp1252", "x-cp1251": "cp1251", "win-1251": "cp1251", "koi8": "koi8-r"}
)  # fmt: skip
# Declarations that Cyrillic pages wrongly carry (server defaults).
_WESTERN = frozenset({"cp1252", "latin_1", "iso8859-15", "ascii"})
# Above this share of paired high letter bytes a "Western" page is Cyrillic (see
# `_high_letter_runs`): French/German text measures under 0.15, Cyrillic over 0.8.
MAX_WESTERN_RUN_SHARE = 0.5
_CYRILLIC_LETTER = re.compile(r"[\u0400-\u04ff]")
_MOJIBAKE_PAIR = re.compile(
    r"[\u00c2-\u00f4\u0402-\u045f][\u0080-\u00bf\u0400-\u045f\u2018-\u203a]"
)


def decode_html(data: bytes, http_charset: str | None) -> tuple[str, str]:
    """(text, codec name used) for a page's bytes; never raises."""
    bom_encoding, _ = read_bom(data)
    if bom_encoding:
        found = _codec(bom_encoding) or "utf-8"
        return data.decode(found, errors="replace").lstrip("\ufeff"), found
    for declared in (_header_charset(http_charset), _meta_charset(data)):
        codec = _codec(declared)
        if codec is None:
            continue
        text = _strict(data, codec)
        if text is not None and _plausible(data, text, codec):
            return text, codec
    return _sniff(data)


def _header_charset(value: str | None) -> str | None:
    if not value:
        return None
    if "=" in value:  # a whole Content-Type header
        return http_content_type_encoding(value)
    return value.strip().strip("\"'")


def _meta_charset(data: bytes) -> str | None:
    try:
        return html_body_declared_encoding(data[:META_SCAN_BYTES])
    except (ValueError, LookupError):
        return None


def _codec(name: str | None) -> str | None:
    """Python's codec name, mapping the web's aliases (latin-1 means windows-1252)."""
    if not name:
        return None
    name = name.strip().lower()
    try:
        return codecs.lookup(_ALIASES.get(name, name)).name
    except LookupError:
        return None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _plausible(data: bytes, text: str, codec: str) -> bool:
    """False for the two failures a strict decode lets through: mojibake, swapped case."""
    if codec != "utf-8" and not data.isascii() and _strict(data, "utf-8") is not None:
        # Non-ASCII bytes that form valid UTF-8 are UTF-8: single-byte Cyrillic or
        # Western text almost never does (a lower-case cp1251 letter, 0xE0-0xFF, would
        # have to be followed by continuation bytes 0x80-0xBF every time).
        return False
    if codec in _WESTERN and _high_letter_runs(data) > MAX_WESTERN_RUN_SHARE:
        return False
    return _lowercase_share(text) >= MIN_LOWERCASE_SHARE


def _high_letter_runs(data: bytes) -> float:
    """Share of letter bytes (0xC0-0xFF) whose neighbour is also one.

    Cyrillic code pages put whole words there (share near 1); Western pages use those
    bytes for an accent inside an ASCII word ("café", "Müller"; share near 0).
    """
    high = [i for i, b in enumerate(data) if b >= 0xC0]
    if not high:
        return 0.0
    positions = set(high)
    paired = sum(1 for i in high if i - 1 in positions or i + 1 in positions)
    return paired / len(high)


def _lowercase_share(text: str) -> float:
    letters: list[str] = _CYRILLIC_LETTER.findall(text)
    if len(letters) < MIN_LETTERS_FOR_CASE_TEST:
        return 1.0
    return sum(ch.islower() for ch in letters) / len(letters)


def _sniff(data: bytes) -> tuple[str, str]:
    """No usable declaration: strict UTF-8, else the Cyrillic code page that reads as prose."""
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    lenient = data.decode("utf-8", errors="replace")
    errors = lenient.count("\ufffd")
    if sum(1 for ch in lenient if ord(ch) > 127) > MOSTLY_UTF8_RATIO * errors:
        # A UTF-8 page with a stray byte (a truncated character, one pasted cp1252
        # quote) is still UTF-8; single-byte Cyrillic decodes to almost nothing but errors.
        return lenient, "utf-8"
    decoded = [(c, data.decode(c, errors="replace")) for c in CYRILLIC_CODEPAGES]
    codec, text = max(decoded, key=_pair_score)
    if _prose_score(text) > 0:
        return text, codec
    return data.decode("cp1252", errors="replace"), "cp1252"


def _pair_score(pair: tuple[str, str]) -> float:
    return _prose_score(pair[1])


def _prose_score(text: str) -> float:
    """Lower-case Cyrillic letters minus upper-case ones: prose is mostly lower-case."""
    letters: list[str] = _CYRILLIC_LETTER.findall(text)
    score = sum(1 if ch.islower() else -1 for ch in letters)
    return float(score - text.count("\ufffd"))
