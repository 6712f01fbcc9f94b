"""Learned site templates: fingerprints of short blocks that recur across a site.

What it adds: the generic rules remove boilerplate by structure (class names, link
density, position). Some boilerplate looks exactly like article text to them: a
disclaimer paragraph, "Follow us on Telegram", a bilingual button label that happens
to share the page's script. Such blocks repeat verbatim on every page of the site, so
the store counts the fingerprints `extract` reports and hands back those seen on many
pages; `extract` then removes them. The fingerprint is of the whitespace-folded,
lowercased block text, so markup changes do not matter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import xxhash

# Only blocks up to this length are reported as template candidates: boilerplate is
# labels, pitches and disclaimers (one or two sentences); a long paragraph repeated
# across pages is a syndicated or corrected article, which must not be learned away.
TEMPLATE_MAX_CHARS = 300

_WS = re.compile(r"\s+")
_SIGN_BIT = 1 << 63


def fingerprint(text: str) -> int:
    """Signed 64-bit xxh3 of the folded, lowercased text (fits SQLite INTEGER)."""
    folded = _WS.sub(" ", text).strip().lower()
    value = xxhash.xxh3_64_intdigest(folded.encode("utf-8"))
    return value - (1 << 64) if value & _SIGN_BIT else value


def candidate_fingerprints(texts: Iterable[str]) -> list[int]:
    """Fingerprints of the short blocks, in order, without repeats."""
    seen: dict[int, None] = {}
    for text in texts:
        if 0 < len(text) <= TEMPLATE_MAX_CHARS:
            seen.setdefault(fingerprint(text), None)
    return list(seen)


def is_template(text: str, template: frozenset[int] | None) -> bool:
    """True when the block's fingerprint is in the site's learned template."""
    if not template or len(text) > TEMPLATE_MAX_CHARS:
        return False
    return fingerprint(text) in template
