"""Duplicate and translation look-ups, run inside the save transaction.

Rules (issue 4): an exact duplicate has the same content hash as an older article; a near
duplicate is found through the four indexed SimHash band columns (`UNION ALL` of four
indexed selects), then kept when the Hamming distance is within `NEAR_HAMMING` and the
language is the same. Cross-language pairs are never duplicates: they may be translations.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from crawler.fingerprints import bands, hamming

# Largest Hamming distance between 64-bit SimHashes (word 3-shingles) that counts as a
# near duplicate. Measured by scripts/dedup_eval.py on tests/dedup/pairs.jsonl (see
# docs/DEDUP.md): the closest pair of distinct articles (same site template, same event
# on two sites) is at distance 12 or more, so 3 keeps precision at 1.0; and 3 is
# the largest distance the four 16-bit bands are guaranteed to retrieve (3 differing bits
# leave at least one band intact), so every pair within it is found.
NEAR_HAMMING = 3

_CANDIDATES = """
SELECT id, simhash, duplicate_of FROM articles WHERE band0 = ?
UNION ALL SELECT id, simhash, duplicate_of FROM articles WHERE band1 = ?
UNION ALL SELECT id, simhash, duplicate_of FROM articles WHERE band2 = ?
UNION ALL SELECT id, simhash, duplicate_of FROM articles WHERE band3 = ?
"""


@dataclass(slots=True, frozen=True)
class Match:
    """The article a new one duplicates (the group's oldest), and how closely."""

    article_id: int
    url: str
    similarity: float
    exact: bool


def _root(conn: sqlite3.Connection, article_id: int, duplicate_of: int | None) -> tuple[int, str]:
    root = duplicate_of if duplicate_of is not None else article_id
    row = conn.execute("SELECT url FROM articles WHERE id = ?", (root,)).fetchone()
    return root, str(row[0])


def exact_match(conn: sqlite3.Connection, content_hash: str | None) -> Match | None:
    """The oldest article with this content hash, if any."""
    if not content_hash:
        return None
    row = conn.execute(
        "SELECT id, duplicate_of FROM articles WHERE content_hash = ? ORDER BY id LIMIT 1",
        (content_hash,),
    ).fetchone()
    if row is None:
        return None
    root, url = _root(conn, row[0], row[1])
    return Match(root, url, 1.0, exact=True)


def near_candidates(conn: sqlite3.Connection, fp: int) -> list[tuple[int, int, int | None]]:
    """(id, simhash, duplicate_of) of every article sharing at least one band with `fp`."""
    rows = conn.execute(_CANDIDATES, bands(fp)).fetchall()
    return [(r[0], r[1], r[2]) for r in rows]


def near_match(
    conn: sqlite3.Connection, fp: int | None, language: str | None, *, limit: int = NEAR_HAMMING
) -> Match | None:
    """The closest same-language article within `limit` bits (oldest on ties), if any."""
    if fp is None or fp == 0:
        return None  # 0 is the fingerprint of an empty body
    best: tuple[int, int, int | None] | None = None
    best_distance = limit + 1
    for article_id, other, duplicate_of in near_candidates(conn, fp):
        distance = hamming(fp, other)
        closer = distance < best_distance or (
            distance == best_distance and best is not None and article_id < best[0]
        )
        if closer and _same_language(conn, article_id, language):
            best, best_distance = (article_id, other, duplicate_of), distance
    if best is None:
        return None
    root, url = _root(conn, best[0], best[2])
    return Match(root, url, 1.0 - best_distance / 64.0, exact=False)


def _same_language(conn: sqlite3.Connection, article_id: int, language: str | None) -> bool:
    row = conn.execute("SELECT language FROM articles WHERE id = ?", (article_id,)).fetchone()
    return row is not None and row[0] == language


def link_translations(
    conn: sqlite3.Connection,
    article_id: int,
    language: str | None,
    urls: list[str],
    alternates: list[str],
) -> None:
    """Link the article with stored articles in other languages that it or they point at.

    `urls` are the article's own URLs (aliases), `alternates` the URLs it declares for its
    other-language versions. The older article of a pair is `translation_of` for the
    newer; all linked articles share the oldest one's id as `translation_group`.
    """
    others = _pointed_at(conn, alternates) | _pointing_here(conn, urls)
    others.discard(article_id)
    linked = [o for o in sorted(others) if not _same_language(conn, o, language)]
    if not linked:
        return
    group = _group_of(conn, [article_id, *linked])
    first = min(linked)
    if first < article_id:
        conn.execute(
            "UPDATE articles SET translation_of = ?, translation_group = ? WHERE id = ?",
            (first, group, article_id),
        )
    else:
        conn.execute("UPDATE articles SET translation_group = ? WHERE id = ?", (group, article_id))
    for other in linked:
        conn.execute(
            "UPDATE articles SET translation_group = ? WHERE id = ? OR translation_group = "
            "(SELECT translation_group FROM articles WHERE id = ?)",
            (group, other, other),
        )
        if other > article_id:
            conn.execute(
                "UPDATE articles SET translation_of = ? WHERE id = ? AND translation_of IS NULL",
                (article_id, other),
            )


def _pointed_at(conn: sqlite3.Connection, alternates: list[str]) -> set[int]:
    if not alternates:
        return set()
    marks = ",".join("?" * len(alternates))
    rows = conn.execute(f"SELECT article_id FROM aliases WHERE url IN ({marks})", alternates)
    return {r[0] for r in rows}


def _pointing_here(conn: sqlite3.Connection, urls: list[str]) -> set[int]:
    if not urls:
        return set()
    marks = ",".join("?" * len(urls))
    rows = conn.execute(f"SELECT article_id FROM alternates WHERE url IN ({marks})", urls)
    return {r[0] for r in rows}


def _group_of(conn: sqlite3.Connection, ids: list[int]) -> int:
    marks = ",".join("?" * len(ids))
    row = conn.execute(
        f"SELECT MIN(COALESCE(translation_group, id)) FROM articles WHERE id IN ({marks})", ids
    ).fetchone()
    return int(row[0]) if row and row[0] is not None else min(ids)
