"""Glue between the body pipeline and the other stages: metadata, language, profile, lead.

Metadata, language detection and decoding belong to their own modules
(`metadata.py`, `language.py`, `encoding.py`); this module calls them when they exist
and otherwise falls back to the minimal versions here, so `extract` always works.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

from lxml import etree

from crawler.extraction import selectors as sel
from crawler.extraction.body import Region

if TYPE_CHECKING:
    import lxml.html

    from crawler.extraction.profiles import Profile

log = logging.getLogger(__name__)

# Extraction fields that metadata may fill.
METADATA_FIELDS: tuple[str, ...] = (
    "title",
    "published_at",
    "modified_at",
    "authors",
    "section",
    "tags",
    "source",
    "canonical_url",
    "alternates",
)

_OG_TITLE = etree.XPath("string(//meta[@property='og:title']/@content)")
_TITLE = etree.XPath("string(//title)")
_CANONICAL = etree.XPath("string(//link[@rel='canonical']/@href)")
_HTML_LANG = etree.XPath("string(/html/@lang)")
_WS = re.compile(r"\s+")

# A standfirst is between one short sentence and a paragraph: 40 to 600 characters.
LEAD_MIN_CHARS = 40
LEAD_MAX_CHARS = 600


def metadata_fields(root: lxml.html.HtmlElement, url: str) -> dict[str, Any]:
    """Metadata of the whole tree as Extraction keyword arguments."""
    try:
        from crawler.extraction.metadata import extract_metadata
    except ImportError:
        return _minimal_metadata(root)
    meta = extract_metadata(root, url)
    return {name: getattr(meta, name) for name in METADATA_FIELDS if hasattr(meta, name)}


def _minimal_metadata(root: lxml.html.HtmlElement) -> dict[str, Any]:
    title = _WS.sub(" ", str(_OG_TITLE(root)) or str(_TITLE(root))).strip()
    canonical = str(_CANONICAL(root)).strip()
    return {"title": title or None, "canonical_url": canonical or None}


def page_language_hint(root: lxml.html.HtmlElement, profile: Profile | None) -> list[str]:
    """Language hints, strongest first: the profile's, then <html lang>."""
    hints = [profile.language] if profile is not None and profile.language else []
    lang = str(_HTML_LANG(root)).strip().lower()
    if lang:
        hints.append(lang.split("-")[0])
    return hints


def detect(text: str, hints: list[str]) -> tuple[str | None, float | None]:
    """Language of the body through `language.detect_language`, or a minimal fallback."""
    if not text:
        return None, None
    try:
        from crawler.extraction.language import detect_language
    except ImportError:
        return _minimal_language(text, hints)
    return detect_language(text, hints)


def _minimal_language(text: str, hints: list[str]) -> tuple[str | None, float | None]:
    """Without the language module: the declared language, unconfirmed."""
    del text
    return (hints[0], None) if hints else (None, None)


def apply_profile(
    root: lxml.html.HtmlElement, profile: Profile | None, *, drop_only: bool
) -> Region | None:
    """Remove the profile's drop selectors, or return its body region when it matches."""
    if profile is None:
        return None
    if drop_only:
        for selector in profile.drop:
            for el in _css(root, selector):
                el.drop_tree()
        return None
    found = _css(root, profile.body) if profile.body else []
    return Region(found, 0) if found else None


def _css(root: lxml.html.HtmlElement, selector: str) -> list[lxml.html.HtmlElement]:
    try:
        return list(root.cssselect(selector))
    except Exception as exc:  # a bad selector in a profile must not stop extraction
        log.warning("bad profile selector %r: %r", selector, exc)
        return []


def find_lead(root: lxml.html.HtmlElement, region: Region) -> str | None:
    """The standfirst when it sits before the region, outside it (article headers)."""
    if not region.elements:
        return None
    first = region.elements[0]
    inside = {id(el) for r in region.elements for el in r.iter()}
    for el in root.iter():
        if el is first:
            return None
        if id(el) in inside or not isinstance(el.tag, str):
            continue
        # A "dek" inside a link is a teaser card pointing elsewhere (nbcdfw's "The latest
        # local news..." promo), not this article's standfirst.
        if _lead_like(el) and next(el.iterancestors("a"), None) is None:
            text = _WS.sub(" ", el.text_content()).strip()
            if LEAD_MIN_CHARS <= len(text) <= LEAD_MAX_CHARS:
                return text
    return None


def _lead_like(el: lxml.html.HtmlElement) -> bool:
    class_id = f"{el.get('class', '')} {el.get('id', '')}"
    return bool(class_id.strip()) and sel.matches(sel.LEAD_HINT, class_id)
