"""The store's read side: records, export, full-text search, stats and read-only SQL.

`QueryMixin` is a base of `Store`; it only reads. Every statement is parameterized; the
only SQL a user writes runs through `query()` on a separate connection that SQLite
itself keeps read-only (`mode=ro`, `PRAGMA query_only`, ATTACH refused).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from crawler.urls import article_url, canonicalize_url
from storage.records import StoreError

# Columns holding JSON text, decoded in every record handed out.
JSON_COLUMNS = ("key_points", "authors", "tags", "alternates")

# One export row: the record with its URLs resolved, aliases as a JSON array and the
# number of versions. Filters are appended by `_export_filters`.
EXPORT_SQL = """
SELECT a.id, a.url,
       (SELECT json_group_array(s.url) FROM aliases AS s WHERE s.article_id = a.id) AS urls,
       a.title, a.body, a.language, a.published_at, a.content_hash,
       (SELECT d.url FROM articles AS d WHERE d.id = a.duplicate_of) AS duplicate_of,
       (SELECT t.url FROM articles AS t WHERE t.id = a.translation_of) AS translation_of,
       a.removed_at AS removed, a.site, a.modified_at, a.authors, a.section, a.tags,
       a.source, a.lead, a.key_points, a.language_confidence, a.similarity, a.fetched_at,
       a.first_seen_at, a.last_changed_at, a.version_count AS versions
FROM articles AS a WHERE a.id > ?
"""

# Rows per export chunk: keyset pagination keeps memory flat on a million records.
EXPORT_CHUNK = 1000

# Search ranks on the FTS index alone and joins the articles for the page of hits only:
# an article row holds its body, so reading `duplicate_of` or `language` from each of
# 80,000 matches walks their overflow pages (common words at 100k articles: most of the
# time). Filters become rowid sets read from their covering indexes instead.
RANK_SQL = "SELECT rowid, bm25(articles_fts) FROM articles_fts WHERE articles_fts MATCH ?"
RANK_FILTERS = {
    "language": " AND rowid IN (SELECT id FROM articles WHERE language = ?)",
    "site": " AND rowid IN (SELECT id FROM articles WHERE site = ?)",
    "since": " AND rowid IN (SELECT id FROM articles WHERE published_at >= ?)",
    "until": " AND rowid IN (SELECT id FROM articles WHERE published_at < ?)",
}
NOT_DUPLICATE = " AND rowid NOT IN (SELECT id FROM articles WHERE duplicate_of IS NOT NULL)"

# bm25 costs about 1 us per matching article: a word found in 80,000 of 100,000 articles
# took 69 ms median, 142 ms p99 to rank (bench/search.py). Past RANK_WINDOW matches only
# the newest RANK_WINDOW are ranked (rowid follows crawl order), which keeps the p99
# under 50 ms; finding that boundary is one doclist walk in rowid order (0.6 ms).
RANK_WINDOW = 10_000
BOUNDARY_SQL = (
    "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?"
)

HIT_SQL = """
SELECT a.id, a.url, a.site, a.title, a.language, a.published_at,
       (SELECT d.url FROM articles AS d WHERE d.id = a.duplicate_of) AS duplicate_of,
       snippet(articles_fts, 1, '[', ']', '…', 12) AS snippet
FROM articles_fts JOIN articles AS a ON a.id = articles_fts.rowid
WHERE articles_fts MATCH ? AND articles_fts.rowid = ?
"""


def _filters(
    language: str | None, site: str | None, since: str | None, until: str | None
) -> tuple[str, list[Any]]:
    """AND clauses on `a.` for the usual filters; dates compare as ISO text."""
    clauses, params = [], []
    for clause, value in (
        ("a.language = ?", language),
        ("a.site = ?", site),
        ("a.published_at >= ?", since),
        ("a.published_at < ?", until),
    ):
        if value is not None:
            clauses.append(f" AND {clause}")
            params.append(value)
    return "".join(clauses), params


def _record(names: Sequence[str], row: Sequence[Any]) -> dict[str, Any]:
    record = dict(zip(names, row, strict=True))
    for column in JSON_COLUMNS:
        if isinstance(record.get(column), str):
            record[column] = json.loads(record[column])
    if isinstance(record.get("urls"), str):
        record["urls"] = json.loads(record["urls"])
    return record


# Apostrophes inside a word: ASCII and U+2019, which the unicode61 tokenizer splits words
# on, and U+02BC, the Ukrainian apostrophe, which it counts as a letter. Sites use all
# three ("п'ятниця", "п’ятниця", "пʼятниця"), so a word typed with one missed the others,
# and a bare word with an ASCII apostrophe was an FTS5 syntax error.
_APOSTROPHES = "'\u2019\u02bc"
_ANY_APOSTROPHE = re.compile(f"[{_APOSTROPHES}]")
_APOSTROPHE_WORD = re.compile(rf"[^\W\d_]+(?:[{_APOSTROPHES}][^\W\d_]+)+(\*?)")
_QUOTED = re.compile(r'"[^"]*"(\*?)')


def fts_query(text: str) -> str:
    """The user's FTS5 query with each word or phrase holding an apostrophe matched in
    both indexed forms: `п'ятницю` becomes `("п'ятницю" OR "пʼятницю")` (the first form
    also finds U+2019). Everything else is left as typed."""
    parts, last = [], 0
    for quoted in _QUOTED.finditer(text):
        parts.append(_APOSTROPHE_WORD.sub(_both_forms, text[last : quoted.start()]))
        phrase = quoted.group(0)
        parts.append(
            _both_forms(quoted, phrase[1 : phrase.rindex('"')])
            if _ANY_APOSTROPHE.search(phrase)
            else phrase
        )
        last = quoted.end()
    parts.append(_APOSTROPHE_WORD.sub(_both_forms, text[last:]))
    return "".join(parts)


def _both_forms(match: re.Match[str], words: str | None = None) -> str:
    star = match.group(1)
    words = match.group(0).removesuffix(star) if words is None else words
    split, letter = _ANY_APOSTROPHE.sub("'", words), _ANY_APOSTROPHE.sub("\u02bc", words)
    return f'("{split}"{star} OR "{letter}"{star})'


# Pragmas that change the file or the connection's guard when given a value. query_only
# keeps most of them from writing, but a journal_mode change fails as a misleading "disk
# I/O error" on a read-only connection; refusing them names the reason instead.
_SETTING_PRAGMAS = frozenset(
    {"query_only", "journal_mode", "user_version", "application_id", "schema_version",
     "auto_vacuum", "page_size", "locking_mode", "writable_schema"}
)  # fmt: skip


def _deny_attach(action: int, arg1: str | None, arg2: str | None, *_: str | None) -> int:
    """Authorizer for user SQL: no ATTACH/DETACH, no pragma setting that changes the file,
    and query_only cannot be switched off."""
    if action in (sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH):
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_PRAGMA and (arg1 or "").lower() in _SETTING_PRAGMAS and arg2:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


# SQLite's words for a statement the read-only connection refused.
_REFUSED = ("readonly database", "not authorized", "authorization denied")


def query_error(error: sqlite3.Error) -> str:
    """The one-line reason a user statement failed, saying so when it tried to write."""
    message = str(error)
    if message == "interrupted":
        return "interrupted (Ctrl-C)"
    if any(words in message for words in _REFUSED):
        return f"refused: query is read-only ({message})"
    return message


def open_readonly(path: Path) -> sqlite3.Connection:
    """A connection that cannot write: `mode=ro`, query_only, ATTACH refused."""
    if not path.exists():
        raise StoreError(f"no database at {path}")
    try:
        conn = connect_readonly(path, 30)
    except sqlite3.Error as error:
        raise StoreError(f"cannot open {path}: {error}") from None
    conn.execute("PRAGMA query_only = 1")
    conn.set_authorizer(_deny_attach)
    interruptible(conn)
    return conn


def connect_readonly(path: Path, timeout_s: float) -> sqlite3.Connection:
    """A `mode=ro` connection that also reads a store in a directory the user cannot write.

    A WAL store's readers need its `-shm` file; where they can create none (a shared
    corpus in a read-only directory), every read fails with "attempt to write a readonly
    database". Such a file is then opened `immutable`: read as it is on disk, without
    locks. Nobody can be writing it through that directory's -wal/-shm files then, as
    those would exist; a writer is the one case left, and it needs write access.
    """
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=timeout_s, check_same_thread=False)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as error:
        if "readonly" not in str(error) and "unable to open" not in str(error):
            raise
        conn.close()
        conn = sqlite3.connect(
            uri + "&immutable=1", uri=True, timeout=timeout_s, check_same_thread=False
        )
    return conn


# SQLite virtual-machine steps between two chances for Ctrl-C (well under a millisecond).
_INTERRUPT_CHECK_STEPS = 100_000


def interruptible(conn: sqlite3.Connection) -> None:
    """Let Ctrl-C stop a long query on `conn`.

    Python runs its SIGINT handler between bytecodes, never inside sqlite3_step: a
    runaway `newscrawl query` ignored Ctrl-C at 100% CPU. A progress handler is Python
    code SQLite calls every few thousand steps; the KeyboardInterrupt raised in it makes
    SQLite abort the statement ("interrupted"), which reaches the caller as an error.
    """
    conn.set_progress_handler(_no_op, _INTERRUPT_CHECK_STEPS)


def _no_op() -> int:
    return 0


class QueryMixin:
    """Read-only questions of the store (a base of `storage.Store`)."""

    conn: sqlite3.Connection
    path: Path

    # -- one record ------------------------------------------------------------------

    def article_id(self, url_or_id: str | int) -> int | None:
        """The id of the article an id, a URL or any alias of it names."""
        if isinstance(url_or_id, int) or url_or_id.strip().isdigit():
            if not 0 < int(url_or_id) < 2**63:
                return None  # not a row id SQLite can hold (it would raise OverflowError)
            row = self.conn.execute("SELECT id FROM articles WHERE id = ?", (int(url_or_id),))
            found = row.fetchone()
            return int(found[0]) if found else None
        url = url_or_id.strip()
        try:
            forms = [url, canonicalize_url(url), article_url(url)]
        except ValueError:
            forms = [url, url, url]
        row = self.conn.execute(
            "SELECT article_id FROM aliases WHERE url IN (?, ?, ?)"
            " UNION ALL SELECT id FROM articles WHERE url IN (?, ?, ?) LIMIT 1",
            forms + forms,
        ).fetchone()
        return int(row[0]) if row else None

    def get(self, url_or_id: str | int) -> dict[str, Any] | None:
        """The full record of one article (by id, URL or alias), or None.

        Adds `urls` (every alias), `versions` (content_hash, title, seen_at), `duplicates`
        (records whose duplicate_of is this one: url, site, similarity), `duplicate_of` and
        `translation_of` as URLs, `translations` (url, language of the other records of
        its translation group) and `removed` (when it was seen gone, or None).
        """
        article_id = self.article_id(url_or_id)
        if article_id is None:
            return None
        cursor = self.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,))
        names = [d[0] for d in cursor.description]
        record = _record(names, cursor.fetchone())
        record["urls"] = self._column(
            "SELECT url FROM aliases WHERE article_id = ? ORDER BY url", article_id
        )
        record["duplicate_of"] = self._url_of(record["duplicate_of"])
        record["translation_of"] = self._url_of(record["translation_of"])
        record["removed"] = record["removed_at"]
        record["versions"] = self._dicts(
            "SELECT content_hash, title, seen_at FROM versions WHERE article_id = ? ORDER BY id",
            (article_id,),
        )
        record["duplicates"] = self._dicts(
            "SELECT url, site, language, similarity FROM articles WHERE duplicate_of = ?"
            " ORDER BY id",
            (article_id,),
        )
        group = record["translation_group"]
        record["translations"] = self._dicts(
            "SELECT url, language FROM articles WHERE translation_group = ? AND id != ?"
            " ORDER BY id",
            (group, article_id),
        )
        return record

    def _url_of(self, article_id: int | None) -> str | None:
        if article_id is None:
            return None
        row = self.conn.execute("SELECT url FROM articles WHERE id = ?", (article_id,))
        found = row.fetchone()
        return str(found[0]) if found else None

    def _column(self, sql: str, value: object) -> list[Any]:
        return [row[0] for row in self.conn.execute(sql, (value,))]

    def _dicts(self, sql: str, params: Sequence[object]) -> list[dict[str, Any]]:
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    # -- many records ----------------------------------------------------------------

    def export(
        self,
        language: str | None = None,
        site: str | None = None,
        since: str | None = None,
        until: str | None = None,
        include_duplicates: bool = True,
    ) -> Iterator[dict[str, Any]]:
        """Every article matching the filters, one dict each, in id order, streamed.

        `since`/`until` bound `published_at` (ISO text: since inclusive, until exclusive).
        """
        where, params = _filters(language, site, since, until)
        if not include_duplicates:
            where += " AND a.duplicate_of IS NULL"
        sql = f"{EXPORT_SQL}{where} ORDER BY a.id LIMIT {EXPORT_CHUNK}"
        last = 0
        while True:
            cursor = self.conn.execute(sql, [last, *params])
            names = [d[0] for d in cursor.description]
            rows = cursor.fetchall()
            for row in rows:
                record = _record(names, row)
                del record["id"]
                yield record
            if len(rows) < EXPORT_CHUNK:
                return
            last = rows[-1][0]

    def search(
        self,
        text: str,
        language: str | None = None,
        site: str | None = None,
        since: str | None = None,
        until: str | None = None,
        include_duplicates: bool = False,
        limit: int = 20,
    ) -> list[dict[str, Any]]:
        """Full-text search over title and body, best first (FTS5 bm25).

        `text` is an FTS5 query: words (all must match), "a phrase", OR, NOT, prefix*,
        title:word. A malformed one is a `StoreError` carrying SQLite's message. Each hit
        has id, url, site, title, language, published_at, duplicate_of, rank and a
        `snippet` with the matches in [brackets]. A query matching more than RANK_WINDOW
        (10,000) articles is ranked among its newest RANK_WINDOW matches.
        """
        values = {"language": language, "site": site, "since": since, "until": until}
        given = {name: value for name, value in values.items() if value is not None}
        where = "".join(RANK_FILTERS[name] for name in given)
        query = fts_query(text)
        params: list[object] = [query, *given.values()]
        if not include_duplicates:
            where += NOT_DUPLICATE
        try:
            boundary = self.conn.execute(BOUNDARY_SQL, (query, RANK_WINDOW)).fetchone()
            if boundary is not None:
                where, params = where + " AND rowid > ?", [*params, boundary[0]]
            ranked = self.conn.execute(
                f"{RANK_SQL}{where} ORDER BY bm25(articles_fts) LIMIT ?", [*params, limit]
            ).fetchall()
            # snippet() for the page of hits only: built per row, it would cost every match
            return [self._hit(query, rowid, rank) for rowid, rank in ranked]
        except sqlite3.OperationalError as error:
            hint = "FTS5 syntax: put words with punctuation in double quotes"
            raise StoreError(f"search {text!r}: {error} ({hint})") from None

    def _hit(self, text: str, rowid: int, rank: float) -> dict[str, Any]:
        # No bm25() here: its first call in a statement counts the documents of each
        # term (a whole doclist walk, about 1 ms for a common word), once per hit.
        hit = self._dicts(HIT_SQL, (text, rowid))[0]
        hit["rank"] = rank
        return hit

    def duplicate_clusters(self, limit: int = 50) -> list[dict[str, Any]]:
        """The largest groups of copies: the original and each copy with site, similarity."""
        originals = self.conn.execute(
            "SELECT duplicate_of FROM articles WHERE duplicate_of IS NOT NULL"
            " GROUP BY duplicate_of ORDER BY count(*) DESC, duplicate_of LIMIT ?",
            (limit,),
        ).fetchall()
        clusters = []
        for (original_id,) in originals:
            original = self._dicts(
                "SELECT id, url, site, language, title, published_at FROM articles WHERE id = ?",
                (original_id,),
            )[0]
            copies = self._dicts(
                "SELECT id, url, site, language, similarity, first_seen_at FROM articles"
                " WHERE duplicate_of = ? ORDER BY id",
                (original_id,),
            )
            clusters.append({"original": original, "copies": copies})
        return clusters

    def stats(self) -> dict[str, Any]:
        """Counts: articles, pages, by site, by language, by published day, duplicates."""
        scalar = self._scalars()
        articles = scalar["articles"]
        return {
            **scalar,
            "duplicate_share": round(scalar["duplicates"] / articles, 4) if articles else 0.0,
            "by_site": self._counts("site"),
            "by_language": self._counts("COALESCE(language, 'unknown')"),
            "by_day": self._counts("substr(published_at, 1, 10)", by_key=True, limit=31),
            "last_runs": self.runs_summary(5),
        }

    def _scalars(self) -> dict[str, int]:
        row = self.conn.execute(
            "SELECT count(*), count(duplicate_of), count(translation_of), count(removed_at),"
            " (SELECT count(*) FROM pages),"
            " (SELECT count(*) FROM pages WHERE outcome = 'not_article'),"
            " (SELECT count(*) FROM versions)"
            " FROM articles"
        ).fetchone()
        names = ("articles", "duplicates", "translations", "removed", "pages", "not_articles",
                 "versions")  # fmt: skip
        return dict(zip(names, (int(v) for v in row), strict=True))

    def _counts(self, expression: str, *, by_key: bool = False, limit: int = 100) -> dict[str, int]:
        # `expression` is one of the fixed column expressions above, never user text.
        order = "1 DESC" if by_key else "2 DESC, 1"
        rows = self.conn.execute(
            f"SELECT {expression}, count(*) FROM articles WHERE {expression} IS NOT NULL"
            f" GROUP BY 1 ORDER BY {order} LIMIT ?",
            (limit,),
        )
        return {str(k): int(n) for k, n in rows}

    def runs_summary(self, limit: int) -> list[dict[str, Any]]:
        rows = self._dicts(
            "SELECT id, spider, site, started_at, finished_at, status FROM runs"
            " ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return rows

    def sample_record(self) -> dict[str, Any] | None:
        """The original article with the most fields filled in (for the demo), or None."""
        row = self.conn.execute(
            "SELECT id FROM articles ORDER BY duplicate_of IS NULL DESC,"
            " (title IS NOT NULL) + (published_at IS NOT NULL) + (lead IS NOT NULL)"
            " + (section IS NOT NULL) + (source IS NOT NULL) + (authors != '[]')"
            " + (tags != '[]') + (key_points != '[]') + (translation_group IS NOT NULL)"
            " DESC, id LIMIT 1"
        ).fetchone()
        return self.get(int(row[0])) if row else None

    # -- user SQL --------------------------------------------------------------------

    def query(self, sql: str, params: Sequence[object] = ()) -> tuple[list[str], list[Any]]:
        """Run the user's SQL on a read-only connection: (column names, rows).

        Anything that would write (INSERT, UPDATE, DELETE, DROP, CREATE, ATTACH, a PRAGMA
        that changes the file) fails; any SQLite error is a `StoreError` with its message.
        """
        if not sql.strip():
            raise StoreError("no SQL given")
        conn = open_readonly(self.path)
        try:
            cursor = conn.execute(sql, list(params))
            if cursor.description is None:  # only comments, or a statement with no rows
                raise StoreError("the SQL returns no rows: give a SELECT, WITH or PRAGMA")
            columns = [d[0] for d in cursor.description]
            return columns, cursor.fetchall()
        except sqlite3.Error as error:
            raise StoreError(query_error(error)) from None
        except (ValueError, OverflowError) as error:
            raise StoreError(str(error)) from None
        finally:
            conn.close()
