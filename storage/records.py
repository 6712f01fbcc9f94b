"""The plain values the store hands back: outcomes, validators, stored pages, errors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

SaveStatus = Literal["new", "updated", "unchanged", "duplicate", "near_duplicate", "not_article"]


class StoreError(Exception):
    """A store that cannot be opened or used as asked (missing directory, read-only, ...)."""


@dataclass(slots=True, frozen=True)
class SaveOutcome:
    """What `Store.save` did with one page.

    `status` is one of "new", "updated", "unchanged", "duplicate" (same body as another
    article), "near_duplicate" (SimHash within the threshold of another article in the same
    language) or "not_article". `article_id` is the record's id (None for a not-article);
    for duplicates `duplicate_of_url` names the oldest article of the group and
    `similarity` is 1 - hamming/64 (1.0 for exact duplicates).
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
