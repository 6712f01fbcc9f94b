"""The item that flows from a spider's response through the pipelines into the store."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from crawler.extraction.result import Extraction
    from crawler.fingerprints import NearPrint


# zlib level 1: on the benchmark's real pages (160 KB mean) it compresses 4.15x in 0.85 ms
# per page; level 3 gives 4.41x in 0.99 ms, level 6 4.93x in 2.08 ms. Pages are kept for
# re-extraction, not served, so speed wins.
ZLIB_LEVEL = 1


def compress_html(html: bytes) -> bytes:
    """A page's raw HTML as the store keeps it. The extraction workers call it (crawl,
    ingest), so that the single writer does not pay 0.85 ms per real page in its loop."""
    return zlib.compress(html, ZLIB_LEVEL)


@dataclass(slots=True)
class PageItem:
    """One fetched page and what was made of it.

    `url` is the URL the response came from (after redirects); `requested_url` the one
    asked for. `canonical_url` is the article's identity: the page's own rel=canonical or
    og:url when it stays on the same site, else the fetched URL, canonicalized and with
    AMP/print variants mapped to the article. Every one of these URLs becomes an alias.
    """

    url: str
    requested_url: str
    canonical_url: str
    site: str
    fetched_at: str
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    html: bytes = field(default=b"", repr=False)
    encoding: str | None = None
    extraction: Extraction | None = None
    content_hash: str | None = None
    # the body's near-duplicate fingerprint (crawler.fingerprints.near_print), computed
    # in the extraction worker so the store's write transaction does not pay for it
    near: NearPrint | None = field(default=None, repr=False)
    # `html` as the store keeps it (compress_html), made by the extraction
    # worker from the same bytes; None leaves the compression to the store
    html_zlib: bytes | None = field(default=None, repr=False)
    run_id: int | None = None
    # URLs that led here (redirect chain, feed links) kept as aliases too
    extra_urls: list[str] = field(default_factory=list)


@dataclass(slots=True)
class FetchedPage:
    """What a spider yields for an HTML page: the response, before any extraction.

    The extraction pipeline turns it into a `PageItem`; keeping the spider's output this
    plain is what lets `ingest` of local files and WARCs feed the same pipeline.
    """

    url: str
    requested_url: str
    html: bytes = field(repr=False)
    status: int = 200
    encoding: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: str | None = None
    # the redirect chain and any other URL that led here; all become aliases
    extra_urls: list[str] = field(default_factory=list)
    # a site name from the sites file, for per-site templates, runs and profiles
    site_name: str | None = None


def feed_record(item: PageItem, extraction: Extraction) -> dict[str, Any]:
    """What Scrapy's feed exports (`scrapy crawl ... -O articles.jsonl`) write for an article.

    The clean record as extracted, with the field names of `newscrawl export`. The links
    the store makes later (duplicate_of, translation_of, versions) are not known when the
    item passes; `newscrawl export` has them. Raw HTML and fingerprints stay out: they are
    bytes and internals, and JSON cannot hold bytes.
    """
    urls = [item.canonical_url, item.url, item.requested_url, *item.extra_urls]
    return {
        "url": item.canonical_url,
        "urls": list(dict.fromkeys(u for u in urls if u)),
        "title": extraction.title,
        "body": extraction.body,
        "language": extraction.language,
        "published_at": extraction.published_at,
        "content_hash": item.content_hash,
        "site": item.site,
        "modified_at": extraction.modified_at,
        "authors": extraction.authors,
        "section": extraction.section,
        "tags": extraction.tags,
        "source": extraction.source,
        "lead": extraction.lead,
        "key_points": extraction.key_points,
        "language_confidence": extraction.language_confidence,
        "alternates": extraction.alternates,
        "fetched_at": item.fetched_at,
    }
