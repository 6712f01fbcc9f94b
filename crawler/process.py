"""Turn one fetched page into a record: the work a pool worker does.

Pure and picklable: (html bytes, url, hints) in, an `Extraction` with its fingerprints
out. `crawl`, `ingest` and `reextract` all call `process_page`, so a page gives the same
record whichever way it arrived.
"""

from __future__ import annotations

from dataclasses import dataclass

from crawler.extraction import extract
from crawler.extraction.result import Extraction
from crawler.fingerprints import NearPrint, fingerprints
from crawler.items import PageItem, compress_html
from crawler.timeutil import now_iso
from crawler.urls import article_url, canonicalize_url, same_site, site_of


@dataclass(slots=True)
class Processed:
    """What a worker sends back: the extraction and the body's fingerprints."""

    extraction: Extraction
    content_hash: str | None
    near: NearPrint | None
    html_zlib: bytes | None = None


def process_page(
    html: bytes | str,
    url: str,
    http_charset: str | None = None,
    template: frozenset[int] | None = None,
    keep_html: bool = False,
) -> Processed:
    """Extract one page and fingerprint its clean body (never the page: issue 4).

    With `keep_html` (a page about to be stored), the raw bytes also come back compressed
    the way the store keeps them, so that the single writer does not compress them.
    """
    extraction = extract(html, url, template=template, encoding=http_charset)
    stored = compress_html(html) if keep_html and isinstance(html, bytes) and html else None
    if not extraction.is_article or not extraction.body:
        return Processed(extraction, None, None, html_zlib=stored)
    return Processed(extraction, *fingerprints(extraction.body), html_zlib=stored)


def process_page_to_store(
    html: bytes | str,
    url: str,
    http_charset: str | None = None,
    template: frozenset[int] | None = None,
) -> Processed:
    """`process_page` for a page about to be stored: the HTML also comes back compressed.

    A module-level function, so the process pool sends it to its workers by name.
    """
    return process_page(html, url, http_charset, template, keep_html=True)


def identity_url(url: str, extraction: Extraction | None) -> str:
    """The article's canonical URL: the page's own canonical when it stays on the site.

    A canonical pointing to another site is ignored: syndication partners set it to the
    original, and we keep each site's copy as its own record (linked as a duplicate).
    """
    declared = extraction.canonical_url if extraction else None
    if declared and same_site(declared, url):
        return article_url(declared)
    return article_url(url)


def make_item(
    *,
    url: str,
    requested_url: str,
    html: bytes,
    processed: Processed,
    status: int = 200,
    etag: str | None = None,
    last_modified: str | None = None,
    encoding: str | None = None,
    fetched_at: str | None = None,
    extra_urls: list[str] | None = None,
) -> PageItem:
    """Assemble the item the store saves, with every URL it was reached by."""
    urls = [canonicalize_url(u) for u in (extra_urls or [])]
    return PageItem(
        url=canonicalize_url(url),
        requested_url=canonicalize_url(requested_url),
        canonical_url=identity_url(url, processed.extraction),
        site=site_of(url),
        fetched_at=fetched_at or now_iso(),
        status=status,
        etag=etag,
        last_modified=last_modified,
        html=html,
        encoding=encoding,
        extraction=processed.extraction,
        content_hash=processed.content_hash,
        near=processed.near,
        html_zlib=processed.html_zlib,
        extra_urls=urls,
    )
