"""The plain values the store hands back: outcomes, validators, stored pages, errors."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Literal, NamedTuple

SaveStatus = Literal[
    "new", "updated", "refreshed", "unchanged", "duplicate", "near_duplicate", "not_article"
]


class StoreError(Exception):
    """A store that cannot be opened or used as asked (missing directory, read-only, ...)."""


# What a write raises for the file's condition rather than a bug: full, locked, read-only,
# a constraint. Callers outside `storage` catch these without importing sqlite3.
STORE_FAULTS: tuple[type[Exception], ...] = (sqlite3.Error, StoreError)


@dataclass(slots=True, frozen=True)
class SaveOutcome:
    """What `Store.save` did with one page.

    `status` is one of:
    - "new": a record of its own;
    - "updated": a known article with another body (the old one is kept as a version);
    - "refreshed": a known article with the same body whose metadata (title, dates,
      tags, language...) changed and was updated in place, without a version;
    - "unchanged": a known article, nothing changed but the fetch time and validators;
    - "duplicate": a new record with the same body as an older article;
    - "near_duplicate": a new record verified as a near copy of an older article in the
      same language (`storage.dedup`);
    - "not_article".

    `article_id` is the record's id (None for a not-article). For duplicates
    `duplicate_of_url` names the oldest article of the group and `similarity` says how
    close: 1.0 for exact duplicates, else the verified word-3-shingle Jaccard.
    """

    status: SaveStatus
    article_id: int | None
    url: str
    duplicate_of_url: str | None = None
    similarity: float | None = None


class Validators(NamedTuple):
    """What a conditional request needs to know about a stored URL.

    The first four fields are (etag, last_modified, fetched_at, published_at);
    `is_article` is False for a stored page that is not an article (a listing page).
    """

    etag: str | None
    last_modified: str | None
    fetched_at: str | None
    published_at: str | None
    first_seen_at: str | None = None
    is_article: bool = True


@dataclass(slots=True, frozen=True)
class StoredPage:
    """One stored fetch, with its raw HTML decompressed, for re-extraction."""

    url: str
    site: str
    html: bytes
    encoding: str | None
    status: int | None
    etag: str | None
    last_modified: str | None
    fetched_at: str | None
    article_id: int | None
