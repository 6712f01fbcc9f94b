"""Synthetic article rows in bulk, for the search benchmark (no crawling, no dedup).

Kept in storage/ because it writes SQL. Each chunk is indexed for full-text search in
its own transaction (`Store.bulk_insert_articles`), so the index is the one a
crawl would have built.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice
from typing import NamedTuple

from storage.store import Store

_INSERT = (
    "INSERT INTO articles (url, site, title, body, language, published_at, first_seen_at,"
    " duplicate_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


class SyntheticArticle(NamedTuple):
    url: str
    site: str
    title: str
    body: str
    language: str
    published_at: str
    duplicate_of: int | None = None


def fill_articles(store: Store, articles: Iterable[SyntheticArticle], batch: int = 5000) -> int:
    """Insert the articles in transactions of `batch` rows; returns how many."""
    done = 0
    rows = iter(articles)
    while chunk := list(islice(rows, batch)):
        store.bulk_insert_articles(
            _INSERT,
            [(a.url, a.site, a.title, a.body, a.language, a.published_at, a.published_at,
              a.duplicate_of) for a in chunk],
        )  # fmt: skip
        done += len(chunk)
    return done
