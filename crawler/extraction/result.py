"""The typed result of extracting one page: the contract other tools rely on."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Extraction:
    """What `extract(html, url)` returns for one page.

    `body` holds the article's paragraphs (lead, key points, sub-headings and text, in
    page order) separated by one blank line. Fields a page does not give are None or
    empty, never guessed.
    """

    url: str
    title: str | None = None
    body: str = ""
    lead: str | None = None
    key_points: list[str] = field(default_factory=list)
    language: str | None = None
    language_confidence: float | None = None
    published_at: str | None = None
    modified_at: str | None = None
    authors: list[str] = field(default_factory=list)
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    source: str | None = None
    canonical_url: str | None = None
    # language code -> absolute URL, from hreflang and from language-switch links
    alternates: dict[str, str] = field(default_factory=dict)
    is_article: bool = False
    # why the page is not an article ("challenge page", "listing page", "no body", ...)
    reason: str | None = None
    # fingerprints of the page's short text blocks, so the caller can learn the site's
    # template (blocks repeated across many pages) and hand it back to `extract`
    block_fingerprints: list[int] = field(default_factory=list)
