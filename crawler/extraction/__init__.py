"""Article extraction: `extract(html, url)` -> `Extraction`. Pure, never raises.

The stages, in order (one lxml parse; BeautifulSoup only on the article region):

1. `parse`: decode, parse once with lxml, bound the depth.
2. `classify` / metadata: read the head, JSON-LD and meta of the whole tree.
3. `clean.prune_document`: drop non-text elements and page chrome in lxml.
4. `body.select_region`: the container(s) where the paragraphs are.
5. `body.to_soup` + `clean.clean_region`: BeautifulSoup of that region only; remove
   captions, share/related/ad/byline blocks and link lists by structure.
6. `body.blocks_of` + `clean.filter_blocks`: paragraphs; drop template blocks,
   "read also" lines, foreign-script UI labels, date/label lines, edge chrome, lines
   that restate a field (the source, the headline at the top).
7. language, then `classify.not_article_reason`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from crawler.extraction import classify
from crawler.extraction.body import Block, blocks_of, select_region, to_soup
from crawler.extraction.clean import (
    clean_region,
    drop_fine_print,
    drop_link_lists,
    filter_blocks,
    page_script,
    prune_document,
    repeats_headline,
    restates_field,
)
from crawler.extraction.compose import (
    apply_profile,
    detect,
    find_lead,
    metadata_fields,
    page_language_hint,
)
from crawler.extraction.parse import decode, limit_depth, parse_document
from crawler.extraction.result import Extraction
from crawler.extraction.template import candidate_fingerprints

if TYPE_CHECKING:
    import lxml.html

    from crawler.extraction.profiles import Profile

__all__ = ["Extraction", "extract"]

log = logging.getLogger(__name__)


def extract(
    html: str | bytes,
    url: str,
    *,
    template: frozenset[int] | None = None,
    profile: Profile | None = None,
    encoding: str | None = None,
) -> Extraction:
    """Extract the article of one page. Never raises: failures become `reason`."""
    try:
        return _extract(html, url, template, profile, encoding)
    except Exception as exc:  # the contract: any input gives a result, never a crash
        log.warning("extraction failed for %s: %r", url, exc)
        return Extraction(url=url, is_article=False, reason=f"extraction failed: {exc!r}"[:200])


def _extract(
    html: str | bytes,
    url: str,
    template: frozenset[int] | None,
    profile: Profile | None,
    encoding: str | None,
) -> Extraction:
    text = decode(html, encoding) if isinstance(html, bytes) else html
    root = parse_document(text) if text else None
    if root is None:
        return Extraction(url=url, reason="empty document")
    if classify.is_challenge(text, root):
        return Extraction(url=url, reason="challenge page")
    types = classify.declared_types(root)
    result = Extraction(url=url, **metadata_fields(root, url))
    hint = page_language_hint(root, profile)
    limit_depth(root)
    apply_profile(root, profile, drop_only=True)
    prune_document(root)
    blocks, lead = _body_blocks(root, profile, template)
    result.block_fingerprints = candidate_fingerprints(b.text for b in blocks)
    kept = filter_blocks(blocks, template, page_script([b.text for b in blocks]))
    kept = [b for b in kept if not restates_field(b.text, result.source)]
    if kept and repeats_headline(kept[0].text, result.title):
        kept = kept[1:]
    _fill_body(result, kept, lead)
    result.language, result.language_confidence = detect(result.body, hint)
    count, chars = classify.teasers(root)
    dated = result.published_at is not None
    result.reason = classify.not_article_reason(types, result.body, count, chars, dated)
    result.is_article = result.reason is None
    return result


def _body_blocks(
    root: lxml.html.HtmlElement, profile: Profile | None, template: frozenset[int] | None
) -> tuple[list[Block], str | None]:
    """The region's blocks (before filtering) and the standfirst found outside it."""
    region = apply_profile(root, profile, drop_only=False) or select_region(root)
    if region is None:
        return [], None
    lead = find_lead(root, region)
    drop_link_lists(region)
    drop_fine_print(region)
    soup = to_soup(region.elements)
    clean_region(soup)
    blocks = blocks_of(soup)
    if lead and not any(lead in b.text for b in blocks[:3]):
        blocks.insert(0, Block(lead, "p"))
    return blocks, lead


def _fill_body(result: Extraction, kept: list[Block], lead: str | None) -> None:
    result.body = "\n\n".join(b.text for b in kept)
    result.key_points = [b.text for b in kept if b.key_point]
    first = next((b for b in kept if not b.in_heading and not b.key_point), None)
    result.lead = lead if lead and first is not None and first.text == lead else None
