"""Row building and the transaction helper used by `Store` (no SQL beyond BEGIN/COMMIT)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from crawler.extraction.result import Extraction
from crawler.fingerprints import NearPrint, near_print
from crawler.items import PageItem, compress_html
from crawler.urls import article_url, canonicalize_url, site_of


class Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception (nothing partial)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if kind is None:
            self.conn.commit()
        else:
            self.conn.rollback()


def key(url: str) -> str:
    return article_url(url)


def item_urls(item: PageItem) -> tuple[list[str], dict[str, str]]:
    """Every URL the page is known by, each canonical and as its article URL.

    Also returns raw URL -> canonical URL, so no URL is canonicalized twice.
    """
    raw = [item.canonical_url, item.url, item.requested_url, *item.extra_urls]
    canonical = {url: canonicalize_url(url) for url in dict.fromkeys(u for u in raw if u)}
    seen: dict[str, None] = {}
    for url in canonical.values():
        seen.setdefault(key(url), None)
        seen.setdefault(url, None)
    return list(seen), canonical


@dataclass(slots=True, frozen=True)
class Prepared:
    """An item with the CPU work done before the write transaction starts."""

    item: PageItem
    urls: list[str]
    canonical: str
    page_url: str
    html: bytes | None
    # the article's near-duplicate fingerprint; None for a page that is not an article
    # and when the store does not deduplicate
    near: NearPrint | None


def prepare(item: PageItem, *, with_near: bool) -> Prepared:
    """Canonical URLs, compressed HTML and (for articles) the near print of an item.

    Work a worker did already (the near print, the compressed HTML) is taken, not redone.
    """
    urls, canonical = item_urls(item)
    extraction = item.extraction
    near: NearPrint | None = None
    if with_near and extraction is not None and extraction.is_article:
        near = item.near if item.near is not None else near_print(extraction.body)
    return Prepared(
        item=item,
        urls=urls,
        canonical=key(canonical.get(item.canonical_url) or canonicalize_url(item.url)),
        page_url=canonical.get(item.url) or canonicalize_url(item.url),
        html=_stored_html(item),
        near=near,
    )


def _stored_html(item: PageItem) -> bytes | None:
    if item.html_zlib is not None:
        return item.html_zlib  # compressed by the worker, from these same bytes
    return compress_html(item.html) if item.html else None


def article_row(item: PageItem, extraction: Extraction, url: str) -> dict[str, Any]:
    return {
        "url": url,
        # the site of the record's own URL: an AMP host's page is stored under its article
        "site": site_of(url) or item.site,
        "title": extraction.title,
        "body": extraction.body,
        "lead": extraction.lead,
        "key_points": json.dumps(extraction.key_points, ensure_ascii=False),
        "language": extraction.language,
        "language_confidence": extraction.language_confidence,
        "published_at": extraction.published_at,
        "modified_at": extraction.modified_at,
        "authors": json.dumps(extraction.authors, ensure_ascii=False),
        "section": extraction.section,
        "tags": json.dumps(extraction.tags, ensure_ascii=False),
        "source": extraction.source,
        "alternates": json.dumps(extraction.alternates, ensure_ascii=False),
        "content_hash": item.content_hash,
        "fetched_at": item.fetched_at,
        "first_seen_at": item.fetched_at,
        "etag": item.etag,
        "last_modified": item.last_modified,
    }
