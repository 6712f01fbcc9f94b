"""Row building and the transaction helper used by `Store` (no SQL beyond BEGIN/COMMIT)."""

from __future__ import annotations

import json
import sqlite3
from types import TracebackType
from typing import TYPE_CHECKING, Any

from crawler.fingerprints import bands
from crawler.urls import article_url, canonicalize_url

if TYPE_CHECKING:
    from crawler.extraction.result import Extraction
    from crawler.items import PageItem


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


def item_urls(item: PageItem) -> list[str]:
    """Every URL the page is known by, canonical first, each also as its article URL."""
    seen: dict[str, None] = {}
    for url in (item.canonical_url, item.url, item.requested_url, *item.extra_urls):
        if url:
            seen.setdefault(key(url), None)
            seen.setdefault(canonicalize_url(url), None)
    return list(seen)


def article_row(item: PageItem, extraction: Extraction) -> dict[str, Any]:
    fp = item.simhash
    band = bands(fp) if fp is not None else (None, None, None, None)
    return {
        "url": key(item.canonical_url),
        "site": item.site,
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
        "simhash": fp,
        "band0": band[0],
        "band1": band[1],
        "band2": band[2],
        "band3": band[3],
        "fetched_at": item.fetched_at,
        "first_seen_at": item.fetched_at,
        "etag": item.etag,
        "last_modified": item.last_modified,
    }
