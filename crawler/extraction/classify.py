"""Is the page one article? Structure, not phrases: declared types, teasers, text.

Challenge-page markers are the one documented exception to "no phrase lists": they
are the CDN vendor's own strings, identical on every site it protects.
"""

from __future__ import annotations

import json
import re

import lxml.html
from lxml import etree

from crawler.extraction import selectors as sel

_OG_TYPE = etree.XPath("//meta[@property='og:type']/@content")
_JSON_LD = etree.XPath("//script[@type='application/ld+json']/text()")
_TITLE = etree.XPath("string(//title)")
_BODY_TEXT_LEN = etree.XPath("string-length(normalize-space(//body))")
_TYPE_RE = re.compile(r'"@type"\s*:\s*(\[[^\]]*\]|"[^"]*")')

# Challenge interstitials are small (10 to 40 KB); their markers sit in the first
# 64 KB. Scanning all of a 1 MB article for them is wasted time.
CHALLENGE_SCAN_CHARS = 65_536
# Interstitials say one or two sentences ("Checking your browser..."); with scripts
# still in the tree, their body text stays far under this.
CHALLENGE_MAX_TEXT = 3000
# A teaser link: an <a> whose text reads like a headline. 20 characters / 3 words:
# "Read more" and menu labels stay under it, headlines are over it.
TEASER_MIN_CHARS = 20
TEASER_MIN_WORDS = 3
# A page with at least this many teasers, whose teaser text outweighs its body text,
# and that declares no article type, is a listing (tag, section, front page). Section
# pages list dozens; 6 of the 181 benchmark articles had 10 to 71 teasers left after
# pruning, but all of them declare an article type, which wins.
LISTING_MIN_TEASERS = 10
# Body shorter than this without a declared article type is not an article (about
# pages, empty shells). 250 characters is about two sentences; all 181 benchmark
# articles come out as articles with it.
MIN_BODY_CHARS = 250
# Share of letters/digits among non-space characters below which a body is not text.
# Prose in any script is above 0.85 (punctuation is the rest); random bytes decoded
# as cp1252 are about 0.5.
MIN_ALNUM_SHARE = 0.7
# Any sentence uses more distinct characters than this; a repeated pattern fewer.
MIN_DISTINCT_CHARS = 10


def declared_types(root: lxml.html.HtmlElement) -> set[str]:
    """Lowercased og:type and JSON-LD @type values (before the head is pruned)."""
    types = {str(v).strip().lower() for v in _OG_TYPE(root)}
    for script in _JSON_LD(root):
        for match in _TYPE_RE.finditer(str(script)):
            try:
                value = json.loads(match.group(1))
            except ValueError:
                continue
            values = value if isinstance(value, list) else [value]
            types.update(str(v).strip().lower() for v in values)
    return types


def is_challenge(raw: str, root: lxml.html.HtmlElement | None) -> bool:
    """A bot-challenge interstitial served with status 200 (Cloudflare & co)."""
    title = str(_TITLE(root)).strip().lower() if root is not None else ""
    if title in sel.CHALLENGE_TITLES:
        return True
    head = raw[:CHALLENGE_SCAN_CHARS]
    if not any(marker in head for marker in sel.CHALLENGE_MARKERS):
        return False
    # a marker in a page with real text is a leftover script, not an interstitial
    return root is None or float(_BODY_TEXT_LEN(root)) < CHALLENGE_MAX_TEXT


def teasers(root: lxml.html.HtmlElement) -> tuple[int, int]:
    """(count, characters) of headline-like links in the pruned document."""
    count = chars = 0
    for a in root.iter("a"):
        text = " ".join(a.text_content().split())
        if len(text) >= TEASER_MIN_CHARS and len(text.split()) >= TEASER_MIN_WORDS:
            count += 1
            chars += len(text)
    return count, chars


def not_article_reason(
    types: set[str], body: str, teaser_count: int, teaser_chars: int, dated: bool = True
) -> str | None:
    """Why the page is not one article, or None when it is.

    `dated`: whether the page gives a publication date (metadata, <time>, a date line).
    """
    declared_article = bool(types & sel.ARTICLE_TYPES)
    if not body:
        return "no body"
    if not looks_like_text(body):
        return "not text"
    if not declared_article:
        for kind, reason in sel.NON_ARTICLE_TYPES.items():
            if kind in types:
                return reason
    # og:type "website" is how CMSs mark front, section, tag and about pages. Alone it is
    # not enough: 3 of the 181 benchmark articles declare it too, but all three carry a
    # publication date, which section pages (teaser dates are not the page's) lack.
    if not declared_article and "website" in types and not dated:
        return "declared a website page, with no publication date"
    # A declared article wins over teaser counts: on the benchmark 6 of 181 articles
    # (short bodies next to "more stories" rails) would otherwise be listings.
    if not declared_article and teaser_count >= LISTING_MIN_TEASERS and teaser_chars > len(body):
        return "listing page"
    if not declared_article and len(body) < MIN_BODY_CHARS:
        return "too little text"
    return None


def looks_like_text(body: str) -> bool:
    """Letters and digits make up most non-space characters of any language's prose;
    binary garbage decoded as cp1252 stays near half. A repeated byte pattern decoded
    as letters ("яюяю...") has only a handful of distinct characters."""
    sample = "".join(body[:5000].split())
    if len(set(sample)) < MIN_DISTINCT_CHARS:
        return False
    alnum = sum(1 for c in sample if c.isalnum())
    return alnum >= MIN_ALNUM_SHARE * len(sample)
