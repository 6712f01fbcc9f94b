"""Duplicate and translation look-ups, run inside the save transaction.

Rules (issue 4): an exact duplicate has the same content hash as an older article. A near
duplicate is looked for in two channels, both only among articles in the same language
(cross-language pairs are never duplicates: they may be translations):
1. SimHash: the four indexed band columns (`UNION ALL` of four indexed selects), kept when
   the Hamming distance is within `NEAR_HAMMING`;
2. passages: articles sharing values of the bottom-32 word-6-gram sketch (`passages`),
   for copies edited beyond what the bands can find (5 to 20% of words changed).
Every candidate is then verified on the stored body (`verified`).

Measured on tests/dedup/pairs.jsonl (236 pairs, `python scripts/dedup_eval.py --compare`):
SimHash alone (Hamming <= 3) found 90 of 144 duplicates at precision 1.0: a rewritten
sentence already moves 1 to 16 bits, 5% of words changed 7 to 18, 20% changed 16 to 25,
and beyond 3 bits the bands find a pair only by luck. Word-3-shingle Jaccard separates
better (duplicates >= 0.31, different articles <= 0.10) except for templated briefs
(other company, other figures: 0.30 to 0.41), which the numbers rule tells apart.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from crawler.fingerprints import Shingle, bands, hamming, jaccard, numbers_of, shingle_set
from crawler.timeutil import parse_when

# SimHash distance that counts as near, before verification. The closest pair of distinct
# articles in the labelled set is 17 bits apart (templated briefs; same site template 23,
# same event 27), so 6 keeps an 11-bit margin; pairs within 3 bits are always retrieved
# (pigeonhole over four bands), pairs at 4 to 6 bits when one band survives intact.
NEAR_HAMMING = 6
# Word-3-shingle Jaccard a candidate must reach. Lowest duplicate in the labelled set: 0.31
# (20% of words changed); highest distinct article: 0.10 (same template, other body).
MIN_JACCARD = 0.25
# Of the numbers both texts state, the share they must have in common: a copy keeps its
# figures (20%-edited copies: >= 0.6), a templated brief about another company does not.
MIN_NUMBERS_SHARED = 0.5
# Passage candidates verified per new article (most shared sketch values first).
PASSAGE_CANDIDATES = 3

_CANDIDATES = """
SELECT id, simhash, duplicate_of, language FROM articles WHERE band0 = ?
UNION ALL SELECT id, simhash, duplicate_of, language FROM articles WHERE band1 = ?
UNION ALL SELECT id, simhash, duplicate_of, language FROM articles WHERE band2 = ?
UNION ALL SELECT id, simhash, duplicate_of, language FROM articles WHERE band3 = ?
"""


@dataclass(slots=True, frozen=True)
class Match:
    """The article a new one duplicates (the group's oldest), and how closely."""

    article_id: int
    url: str
    similarity: float
    exact: bool


class Body:
    """A new article's body with its shingles and numbers, computed at most once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._shingles: set[Shingle] | None = None
        self._numbers: set[str] | None = None

    @property
    def shingles(self) -> set[Shingle]:
        if self._shingles is None:
            self._shingles = shingle_set(self.text)
        return self._shingles

    @property
    def numbers(self) -> set[str]:
        if self._numbers is None:
            self._numbers = numbers_of(self.text)
        return self._numbers


def verified(new: Body, old_text: str) -> float | None:
    """The Jaccard of two bodies when they pass both checks, else None."""
    old_numbers = numbers_of(old_text)
    common = new.numbers & old_numbers
    stated = min(len(new.numbers), len(old_numbers))
    if stated >= 2 and len(common) < MIN_NUMBERS_SHARED * stated:
        return None
    similarity = jaccard(new.shingles, shingle_set(old_text))
    return similarity if similarity >= MIN_JACCARD else None


def _root(conn: sqlite3.Connection, article_id: int, duplicate_of: int | None) -> tuple[int, str]:
    root = duplicate_of if duplicate_of is not None else article_id
    row = conn.execute("SELECT url FROM articles WHERE id = ?", (root,)).fetchone()
    return root, str(row[0])


def exact_match(
    conn: sqlite3.Connection, content_hash: str | None, language: str | None
) -> Match | None:
    """The oldest same-language article with this content hash, if any.

    Same language, like the near rules: a page labelled in another language (a declared
    translation that was not translated yet) is linked as a translation, not a duplicate.
    """
    if not content_hash:
        return None
    # `+language`: use the content_hash index (whose entries are in id order), never the
    # language index, which would scan every article in the language.
    row = conn.execute(
        "SELECT id, duplicate_of FROM articles WHERE content_hash = ? AND +language IS ?"
        " ORDER BY id LIMIT 1",
        (content_hash, language),
    ).fetchone()
    if row is None:
        return None
    root, url = _root(conn, row[0], row[1])
    return Match(root, url, 1.0, exact=True)


def near_candidates(conn: sqlite3.Connection, fp: int) -> list[tuple[int, int, int | None, str]]:
    """(id, simhash, duplicate_of, language) of every article sharing a band with `fp`."""
    return [(r[0], r[1], r[2], r[3]) for r in conn.execute(_CANDIDATES, bands(fp))]


def simhash_match(
    conn: sqlite3.Connection, fp: int | None, language: str | None, body: Body
) -> Match | None:
    """The closest verified same-language article within `NEAR_HAMMING` bits, if any."""
    if fp is None or fp == 0:
        return None  # 0 is the fingerprint of an empty body
    close = sorted(
        (hamming(fp, other), article_id, duplicate_of)
        for article_id, other, duplicate_of, lang in near_candidates(conn, fp)
        if lang == language and hamming(fp, other) <= NEAR_HAMMING
    )
    for distance, article_id, duplicate_of in close:
        if _verify(conn, body, article_id) is not None:
            root, url = _root(conn, article_id, duplicate_of)
            return Match(root, url, 1.0 - distance / 64.0, exact=False)
    return None


def passage_match(
    conn: sqlite3.Connection, sketch: list[int], language: str | None, body: Body
) -> Match | None:
    """The verified same-language article sharing the most passage-sketch values."""
    if not sketch:
        return None
    marks = ",".join("?" * len(sketch))
    # The sketch values first (primary-key probes), then their few articles: CROSS JOIN
    # keeps SQLite from scanning articles by language and probing passages per article.
    rows = conn.execute(
        "SELECT p.article_id, a.duplicate_of, p.shared FROM"
        " (SELECT article_id, COUNT(*) AS shared FROM passages"
        f"  WHERE fp IN ({marks}) GROUP BY article_id) AS p"
        " CROSS JOIN articles AS a ON a.id = p.article_id"
        " WHERE a.language IS ? AND a.duplicate_of IS NULL"
        " ORDER BY p.shared DESC, p.article_id LIMIT ?",
        [*sketch, language, PASSAGE_CANDIDATES],
    ).fetchall()
    for article_id, duplicate_of, _ in rows:
        similarity = _verify(conn, body, article_id)
        if similarity is not None:
            root, url = _root(conn, article_id, duplicate_of)
            return Match(root, url, similarity, exact=False)
    return None


def earlier_original(conn: sqlite3.Connection, row: dict[str, object], match: Match) -> bool:
    """Whether the new article, not the stored one, is the group's original.

    The original of a duplicate group is the earliest published copy (on a tie, the
    smaller URL), not simply the first one crawled: crawl order changes from run to run
    and with concurrency, and which dated copy is the original must not. Copies without
    a publication date keep the first-stored rule: there is nothing better to go on.
    """
    found = conn.execute(
        "SELECT published_at, url FROM articles WHERE id = ?", (match.article_id,)
    ).fetchone()
    published = row.get("published_at")
    # instants, not strings: "11:00+03:00" is earlier than "09:00+00:00"
    mine = parse_when(published) if isinstance(published, str) else None
    theirs = parse_when(found[0])
    if mine is None or theirs is None:
        return False
    return (mine, str(row["url"])) < (theirs, str(found[1]))


def promote(conn: sqlite3.Connection, article_id: int, match: Match) -> None:
    """Make the new article the group's original: the old one and its copies point to it."""
    conn.execute(
        "UPDATE articles SET duplicate_of = NULL, similarity = NULL WHERE id = ?", (article_id,)
    )
    conn.execute(
        "UPDATE articles SET duplicate_of = ?, similarity = ? WHERE id = ?",
        (article_id, match.similarity, match.article_id),
    )
    conn.execute(
        "UPDATE articles SET duplicate_of = ? WHERE duplicate_of = ?",
        (article_id, match.article_id),
    )
    conn.execute("DELETE FROM passages WHERE article_id = ?", (match.article_id,))


def add_passages(conn: sqlite3.Connection, article_id: int, sketch: list[int]) -> None:
    """Index an original article's sketch. Duplicates are not indexed: their group's
    oldest article stands for them, so a story copied a thousand times stays one row per
    sketch value and a look-up stays small."""
    if not sketch:
        return
    # One statement with a VALUES list, not executemany: 19 us instead of 33 us for 32
    # values (measured inside a store of 86,000 passages), most of it per-row binding.
    values = ",".join(["(?)"] * len(sketch))
    conn.execute(
        f"INSERT OR IGNORE INTO passages (fp, article_id) SELECT column1, ? FROM (VALUES {values})",
        [article_id, *sketch],
    )


def _verify(conn: sqlite3.Connection, body: Body, article_id: int) -> float | None:
    row = conn.execute("SELECT body FROM articles WHERE id = ?", (article_id,)).fetchone()
    return verified(body, row[0]) if row else None


def _language_of(conn: sqlite3.Connection, article_id: int) -> str | None:
    row = conn.execute("SELECT language FROM articles WHERE id = ?", (article_id,)).fetchone()
    return row[0] if row else None


def link_translations(
    conn: sqlite3.Connection,
    article_id: int,
    language: str | None,
    urls: list[str],
    alternates: list[str],
) -> None:
    """Link the article with stored articles in other languages that it or they point at.

    `urls` are the article's own URLs (aliases), `alternates` the URLs it declares for its
    other-language versions. Linked articles share a `translation_group` (the smallest
    id among them), and every one but the group's source edition has `translation_of`
    set to it. The source is the earliest published (undated ones after dated ones, the
    smaller URL on a tie): like a duplicate group's original, it must not depend on
    which edition a crawl happened to store first.
    """
    others = _pointed_at(conn, alternates) | _pointing_here(conn, urls)
    others.discard(article_id)
    linked = [o for o in sorted(others) if _language_of(conn, o) != language]
    if not linked:
        return
    group = _group_of(conn, [article_id, *linked])
    conn.execute("UPDATE articles SET translation_group = ? WHERE id = ?", (group, article_id))
    for other in linked:
        conn.execute(
            "UPDATE articles SET translation_group = ? WHERE id = ? OR translation_group = "
            "(SELECT translation_group FROM articles WHERE id = ?)",
            (group, other, other),
        )
    (source,) = conn.execute(
        "SELECT id FROM articles WHERE translation_group = ?"  # julianday: UTC instants
        " ORDER BY julianday(published_at) IS NULL, julianday(published_at), url LIMIT 1",
        (group,),
    ).fetchone()
    conn.execute(
        "UPDATE articles SET translation_of = NULLIF(?, id) WHERE translation_group = ?",
        (source, group),
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
