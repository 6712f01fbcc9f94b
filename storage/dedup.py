"""Duplicate and translation look-ups, run inside the save transaction.

Rules (issue 4): an exact duplicate has the same content hash as an older article. A near
duplicate is found through the body's sketch (`crawler.fingerprints.near_print`) and then
verified, only among articles in the same language (cross-language pairs are never
duplicates: they may be translations):
1. look-up: one statement reads the postings of the new article's `SKETCH_SIZE` sketch
   values in `sketch_keys`, where every original article is indexed by `KEEP` of its
   own (`index_original`). A value already posted by `COMMON_POSTINGS` articles is a
   common phrase ("in the third quarter of"), not evidence: it is neither a candidate
   nor extended. Only originals are indexed: a story copied a thousand times stays a
   few rows, and a look-up reads at most SKETCH_SIZE * (COMMON_POSTINGS - 1) postings;
2. verification: the `CANDIDATES` articles sharing the most values are compared on their
   stored signature (`signatures`: the 128 smallest hashes of the body's word 3-shingles
   and the hashes of its numbers), never on re-read text. The word-3-shingle Jaccard
   (estimated from the signatures, `resemblance`) must reach `MIN_JACCARD`, and two
   texts that both state numbers must share most of them.

Measured on tests/dedup/pairs.jsonl (236 pairs, `python scripts/dedup_eval.py --compare`):
the word-3-shingle Jaccard of a duplicate is >= 0.34 (20% of words changed; estimated
from the signatures, >= 0.28), of two distinct articles <= 0.08 (estimated, too),
except templated briefs (other company, other figures: 0.29 to 0.34), which the numbers
rule tells apart. `python scripts/dedup_sketch.py` measures how often
the look-up finds an edited copy, per edit size.
"""

from __future__ import annotations

import logging
import sqlite3
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from crawler.fingerprints import NearPrint, hashes_of, near_print, resemblance
from crawler.timeutil import parse_when

# Sketch values an original is indexed by: the smallest KEEP of its SKETCH_SIZE that are
# not common phrases. Each is one B-tree insert; with 6 indexed and 8 looked up
# (SKETCH_SIZE), 94.8% of copies with 20% of their words replaced and 99.9% of 10%-edited
# ones are found (`python scripts/dedup_sketch.py`).
KEEP = 6
# Postings at which a sketch value counts as a common phrase. Distinct stories rarely
# share a 4-gram among their smallest values (23 candidate pairs among 26,732 unrelated
# benchmark pairs), so a value three originals share is a phrase, and a fourth is not
# posted under it.
COMMON_POSTINGS = 4
# Word-3-shingle Jaccard a candidate must reach. Lowest duplicate in the labelled set: 0.34
# (20% of words changed); highest distinct article: 0.08 (same template, other body).
MIN_JACCARD = 0.25
# Of the numbers both texts state, the share they must have in common: a copy keeps its
# figures (20%-edited copies: >= 0.6), a templated brief about another company does not.
MIN_NUMBERS_SHARED = 0.5
# Candidates verified per new article (most shared sketch values first).
CANDIDATES = 3
# Postings per INSERT statement when a batch writes them (2 bound values a row, far
# below SQLite's 32,766 variables).
_ROWS_PER_INSERT = 500
# Values per `IN (...)` list of a batch's look-ups (below SQLite's 32,766 variables).
_VALUES_PER_SELECT = 500

logger = logging.getLogger(__name__)

_SIGNATURE = (
    "SELECT s.language, s.shingles, s.numbers, a.url, a.duplicate_of FROM signatures AS s"
    " JOIN articles AS a ON a.id = s.article_id WHERE s.article_id = ?"
)


@dataclass(slots=True, frozen=True)
class Match:
    """The article a new one duplicates (the group's oldest), and how closely."""

    article_id: int
    url: str
    similarity: float
    exact: bool


@dataclass(slots=True, frozen=True)
class Lookup:
    """What the near look-up found: the match, if any, and the sketch values the new
    article is indexed by should it be (or become) an original."""

    match: Match | None
    keys: list[int]


def verified(new: NearPrint, shingles: bytes, numbers: bytes) -> float | None:
    """The estimated Jaccard of a new body and a stored signature when they pass both
    checks."""
    # a text states a few dozen numbers at most: Python sets compare them in 1 us, where
    # numpy's fixed costs come to 9
    new_numbers, old_numbers = _numbers(new.numbers), _numbers(numbers)
    stated = min(len(new_numbers), len(old_numbers))
    if stated >= 2 and len(new_numbers & old_numbers) < MIN_NUMBERS_SHARED * stated:
        return None
    similarity = resemblance(hashes_of(new.shingles), hashes_of(shingles))
    return similarity if similarity >= MIN_JACCARD else None


def _numbers(packed: bytes) -> set[int]:
    # straight from the bytes: numpy's fixed costs are most of the work on a few values
    return set(memoryview(packed).cast("I"))


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


def _postings(conn: sqlite3.Connection, sketch: list[int]) -> list[tuple[int, int]]:
    # one statement for all values; a bound list, not json_each: 16 us against 25 us for
    # 12 values, and nearly every sketch has SKETCH_SIZE values, so the statement is cached
    marks = ",".join("?" * len(sketch))
    return conn.execute(
        f"SELECT key, article_id FROM sketch_keys WHERE key IN ({marks})", sketch
    ).fetchall()


def _rare(sketch: list[int], postings: list[tuple[int, int]]) -> tuple[list[int], dict[int, int]]:
    """The sketch values that are not common phrases, and per article how many of them
    it shares."""
    per_key: dict[int, int] = {}
    for k, _ in postings:
        per_key[k] = per_key.get(k, 0) + 1
    rare = [k for k in sketch if per_key.get(k, 0) < COMMON_POSTINGS]
    shared: dict[int, int] = {}
    for k, article_id in postings:
        if per_key[k] < COMMON_POSTINGS:
            shared[article_id] = shared.get(article_id, 0) + 1
    return rare, shared


# A candidate's signature: (language, shingles, numbers, url, duplicate_of), or None.
Signature = tuple[str | None, bytes, bytes, str, int | None]


def _stored_signature(conn: sqlite3.Connection, article_id: int) -> Signature | None:
    row = conn.execute(_SIGNATURE, (article_id,)).fetchone()
    return (row[0], row[1], row[2], str(row[3]), row[4]) if row else None


def _verify_candidates(
    near: NearPrint,
    language: str | None,
    postings: list[tuple[int, int]],
    signature: Callable[[int], Signature | None],
) -> tuple[list[tuple[int, int | None, str, float]], list[int]]:
    rare, shared = _rare(near.sketch, postings)
    found = []
    for article_id, _ in sorted(shared.items(), key=lambda c: (-c[1], c[0]))[:CANDIDATES]:
        row = signature(article_id)
        if row is None or row[0] != language:
            continue
        similarity = verified(near, row[1], row[2])
        if similarity is not None:
            found.append((article_id, row[4], row[3], similarity))
    found.sort(key=lambda f: (-f[3], f[0]))
    return found, rare[:KEEP]


def near_candidates(
    conn: sqlite3.Connection, near: NearPrint, language: str | None
) -> tuple[list[tuple[int, int | None, str, float]], list[int]]:
    """The verified candidates (id, duplicate_of, url, similarity), best first, and the
    keys to index the new article by."""
    if not near.sketch:
        return [], []
    postings = _postings(conn, near.sketch)
    return _verify_candidates(
        near, language, postings, lambda article_id: _stored_signature(conn, article_id)
    )


def near_match(conn: sqlite3.Connection, near: NearPrint | None, language: str | None) -> Lookup:
    """The best verified same-language original for a new article, if any."""
    if near is None:
        return Lookup(None, [])
    return _best(conn, *near_candidates(conn, near, language))


def _best(
    conn: sqlite3.Connection, found: list[tuple[int, int | None, str, float]], keys: list[int]
) -> Lookup:
    if not found:
        return Lookup(None, keys)
    article_id, duplicate_of, url, similarity = found[0]
    if duplicate_of is not None:  # an original demoted since (not unindexed): its root
        article_id, url = _root(conn, article_id, duplicate_of)
    return Lookup(Match(article_id, url, similarity, exact=False), keys)


def _select_in(
    conn: sqlite3.Connection, query: str, values: list[Any], distinct: bool = False
) -> list[tuple[Any, ...]]:
    """The rows of `query` ("... IN ({})") for many values, `_VALUES_PER_SELECT` at a time.

    The values are bound in sorted order, so the B-tree is probed in order (3x faster
    than in batch order for sketch keys). A bound list measured 27% faster than one
    JSON array through json_each for a batch's 8,000 sketch keys; all but the last
    chunk reuse one cached statement. `distinct`: the values are sorted and distinct.
    """
    ordered = values if distinct else sorted(set(values))
    rows: list[tuple[Any, ...]] = []
    for start in range(0, len(ordered), _VALUES_PER_SELECT):
        chunk = ordered[start : start + _VALUES_PER_SELECT]
        rows += conn.execute(query.format(",".join("?" * len(chunk))), chunk).fetchall()
    return rows


class BatchIndex:
    """The dedup look-ups and index writes of one `save_many` batch.

    Most articles have no exact copy, share no sketch value and are named by no stored
    alternate, yet each per-article look-up is a statement. So the batch first reads,
    in one statement each, which of its content hashes and URLs the store holds, and the
    postings of its sketch values; an article whose values are in none of those (nor
    among those the batch added since) has no match, without a statement. A content hash
    or URL that may match runs the per-article SQL above, which decides. Sketch postings
    are exact (those of the store plus those the batch added), so candidates come from
    memory, until an unindex in the batch (a promotion, an updated original) changes
    the index: from then on the batch asks the store. Index writes are buffered and
    written with a few statements at the end of the batch, or before an unindex (same
    transaction: nothing partial).
    """

    def __init__(
        self, conn: sqlite3.Connection, hashes: list[str], keys: list[int], urls: list[str]
    ) -> None:
        self.conn = conn
        self._hashes = {
            r[0]
            for r in _select_in(
                conn, "SELECT content_hash FROM articles WHERE content_hash IN ({})", hashes
            )
        }
        # key -> the articles posted under it: before the batch, then as it adds them.
        # Tuples, not lists: a batch adds thousands, which live until it ends, and the
        # garbage collector stops tracking a tuple of ints, where lists of them made it
        # run full collections over everything alive (9.5 us a record in bench.store).
        self._posted: dict[int, tuple[int, ...]] = {}
        # numpy sorts the thousands of 64-bit keys in a tenth of the time sorted() takes
        probes, counts = np.unique(np.array(keys, dtype=np.int64), return_counts=True)
        query = "SELECT key, article_id FROM sketch_keys WHERE key IN ({})"
        for k, article_id in _select_in(conn, query, probes.tolist(), distinct=True):
            self._posted[k] = (*self._posted.get(k, ()), article_id)
        # The values in two or more of the batch's sketches: only under those can an
        # article the batch indexes be a later one's candidate. Postings under the
        # others are written, but no look-up of this batch asks for them, so `index`
        # keeps no account of them (most values of most batches: 1.5 us a record).
        self._shared = set(probes[counts > 1].tolist())
        # whether `_posted` is still exact: an unindex (promotion, update) in the batch
        # ends that, and the batch's later look-ups ask the store
        self._exact_postings = True
        # signature rows not written yet, by article (a later row replaces an earlier one,
        # as INSERT OR REPLACE would)
        self._pending: dict[int, tuple[int, str | None, bytes, bytes, bytes]] = {}
        self._pointed = {
            r[0] for r in _select_in(conn, "SELECT url FROM alternates WHERE url IN ({})", urls)
        }

    def flush(self) -> None:
        """Write the buffered index rows."""
        _write_index(self.conn, list(self._pending.values()))
        self._pending = {}

    def stored(self, content_hash: str | None) -> None:
        """An article with this content hash was written in the batch."""
        if content_hash:
            self._hashes.add(content_hash)

    def declared(self, urls: list[str]) -> None:
        """Alternate URLs were written in the batch."""
        self._pointed.update(urls)

    def exact(self, content_hash: str | None, language: str | None) -> Match | None:
        if not content_hash or content_hash not in self._hashes:
            return None
        return exact_match(self.conn, content_hash, language)

    def near(self, near: NearPrint | None, language: str | None) -> Lookup:
        if near is None:
            return Lookup(None, [])
        posted = self._posted
        if posted.keys().isdisjoint(near.sketch):
            return Lookup(None, near.sketch[:KEEP])  # no posting: every value is rare
        if not self._exact_postings:
            self.flush()
            return near_match(self.conn, near, language)
        postings = [(k, a) for k in near.sketch for a in posted.get(k, ())]
        return _best(self.conn, *_verify_candidates(near, language, postings, self._signature))

    def _signature(self, article_id: int) -> Signature | None:
        pending = self._pending.get(article_id)
        if pending is None:
            return _stored_signature(self.conn, article_id)
        _, language, _, shingles, numbers = pending
        url = self.conn.execute("SELECT url FROM articles WHERE id = ?", (article_id,))
        return language, shingles, numbers, str(url.fetchone()[0]), None

    def index(
        self, article_id: int, language: str | None, near: NearPrint | None, keys: list[int]
    ) -> None:
        """`index_original`, buffered."""
        if near is None:
            return
        self._pending[article_id] = (
            article_id, language, _packed(keys), near.shingles, near.numbers,
        )  # fmt: skip
        posted = self._posted
        for k in self._shared.intersection(keys):
            posted[k] = (*posted.get(k, ()), article_id)

    def reindex(self, article_id: int, language: str | None, near: NearPrint | None) -> None:
        self.flush()
        self._exact_postings = False
        reindex(self.conn, article_id, language, near)
        if near is not None:  # a superset of what reindex posted: "maybe"
            for k in near.sketch:
                self._posted.setdefault(k, ())

    def promote(self, article_id: int, match: Match) -> None:
        self.flush()
        self._exact_postings = False
        promote(self.conn, article_id, match)

    def pointing_here(self, urls: list[str]) -> bool:
        """Whether a stored alternate may name one of these URLs."""
        return not self._pointed.isdisjoint(urls)


def index_stored_originals(conn: sqlite3.Connection, chunk: int = 1000) -> int:
    """Index every stored original from its body, oldest first (for a store made before
    the sketch index; about 1 ms an article). Reads `chunk` bodies at a time, so a large
    store is never held in memory. Returns how many were indexed."""
    (total,) = conn.execute(
        "SELECT count(*) FROM articles WHERE duplicate_of IS NULL AND body != ''"
    ).fetchone()
    if total:
        logger.info("indexing %d stored articles for near-duplicate look-ups", total)
    last, done = 0, 0
    while True:
        rows = conn.execute(
            "SELECT id, language, body FROM articles WHERE id > ? AND duplicate_of IS NULL"
            " AND body != '' ORDER BY id LIMIT ?",
            (last, chunk),
        ).fetchall()
        if not rows:
            return done
        for article_id, language, body in rows:
            reindex(conn, article_id, language, near_print(body))
        last, done = rows[-1][0], done + len(rows)
        logger.info("indexed %d of %d stored articles", done, total)


def earlier_original(conn: sqlite3.Connection, row: dict[str, object], match: Match) -> bool:
    """Whether the new article, not the stored one, is the group's original.

    The original of a duplicate group is the earliest published copy (on a tie, the
    smaller URL), not simply the first one crawled: crawl order changes from run to run
    and with concurrency, and which dated copy is the original must not. Copies without
    a publication date keep the first-stored rule: there is nothing better to go on.
    """
    published = row.get("published_at")
    # instants, not strings: "11:00+03:00" is earlier than "09:00+00:00"
    mine = parse_when(published) if isinstance(published, str) else None
    if mine is None:
        return False
    found = conn.execute(
        "SELECT published_at, url FROM articles WHERE id = ?", (match.article_id,)
    ).fetchone()
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
    unindex(conn, match.article_id)


def index_original(
    conn: sqlite3.Connection,
    article_id: int,
    language: str | None,
    near: NearPrint | None,
    keys: list[int],
) -> None:
    """Make an original article findable: its signature, and its sketch `keys`.

    Duplicates are not indexed: their group's original stands for them. The signature
    row also lists the keys, so that `unindex` deletes them by primary key: an index on
    `sketch_keys.article_id` would double the cost of every insert.
    """
    if near is None:
        return
    _write_index(conn, [(article_id, language, _packed(keys), near.shingles, near.numbers)])


def _write_index(
    conn: sqlite3.Connection, signatures: list[tuple[int, str | None, bytes, bytes, bytes]]
) -> None:
    """Write signature rows (article_id, language, keys, shingles, numbers), and the
    postings of their keys."""
    if not signatures:
        return
    conn.executemany(
        "INSERT OR REPLACE INTO signatures (article_id, language, keys, shingles,"
        " numbers) VALUES (?, ?, ?, ?, ?)",
        signatures,
    )
    # the postings, from the packed keys: inserted in B-tree order, (key, article_id);
    # numpy sorts a batch's thousands in half the time sorted() takes on tuples of ints
    key_array = np.frombuffer(b"".join(s[2] for s in signatures), dtype=np.int64)
    if not len(key_array):
        return
    id_array = np.repeat(
        np.array([s[0] for s in signatures], dtype=np.int64),
        [len(s[2]) // key_array.itemsize for s in signatures],
    )
    order = np.lexsort((id_array, key_array))
    values = np.column_stack((key_array[order], id_array[order])).ravel().tolist()
    step = 2 * _ROWS_PER_INSERT
    for start in range(0, len(values), step):
        chunk = values[start : start + step]
        # one multi-row VALUES statement, not executemany: binding a row costs more
        # than inserting it (2.6 us a row with executemany)
        conn.execute(
            "INSERT OR IGNORE INTO sketch_keys (key, article_id) VALUES "
            + ",".join(["(?,?)"] * (len(chunk) // 2)),
            chunk,
        )


def _packed(keys: list[int]) -> bytes:
    return array("q", keys).tobytes()


def unindex(conn: sqlite3.Connection, article_id: int) -> None:
    """Take an article out of the near look-up (it became a copy, or its text changed)."""
    row = conn.execute("SELECT keys FROM signatures WHERE article_id = ?", (article_id,))
    found = row.fetchone()
    if found is None:
        return
    conn.executemany(
        "DELETE FROM sketch_keys WHERE key = ? AND article_id = ?",
        [(k, article_id) for k in array("q", found[0])],
    )
    conn.execute("DELETE FROM signatures WHERE article_id = ?", (article_id,))


def reindex(
    conn: sqlite3.Connection, article_id: int, language: str | None, near: NearPrint | None
) -> None:
    """Index an original again by its latest text (an update changed its body)."""
    unindex(conn, article_id)
    if near is None:
        return
    rare, _ = _rare(near.sketch, _postings(conn, near.sketch)) if near.sketch else ([], None)
    index_original(conn, article_id, language, near, rare[:KEEP])


def _language_of(conn: sqlite3.Connection, article_id: int) -> str | None:
    row = conn.execute("SELECT language FROM articles WHERE id = ?", (article_id,)).fetchone()
    return row[0] if row else None


def link_translations(
    conn: sqlite3.Connection,
    article_id: int,
    language: str | None,
    urls: list[str],
    alternates: list[str],
    pointed: bool = True,
) -> None:
    """Link the article with stored articles in other languages that it or they point at.

    `pointed=False` says no stored alternate names any of `urls` (`BatchIndex`).

    `urls` are the article's own URLs (aliases), `alternates` the URLs it declares for its
    other-language versions. Linked articles share a `translation_group` (the smallest
    id among them), and every one but the group's source edition has `translation_of`
    set to it. The source is the earliest published (undated ones after dated ones, the
    smaller URL on a tie): like a duplicate group's original, it must not depend on
    which edition a crawl happened to store first.
    """
    others = _pointed_at(conn, alternates) | (_pointing_here(conn, urls) if pointed else set())
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
