"""`Store`: one SQLite file holding articles, their aliases, versions, raw pages and runs.

The only code (with its sibling modules) that speaks SQL or imports sqlite_utils. Writes
go through `save`/`save_many`: one short `BEGIN IMMEDIATE` transaction per call, in which
the article, its aliases, its version and its raw page commit together or not at all.
"""

from __future__ import annotations

import json
import sqlite3
import time
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from sqlite_utils import Database

from crawler.urls import canonicalize_url
from storage import dedup
from storage.dedup import BatchIndex
from storage.locks import LockMixin
from storage.queries import QueryMixin, connect_readonly, interruptible
from storage.records import SaveOutcome, SaveStatus, StoredPage, StoreError, Validators
from storage.rows import Prepared, Transaction, article_row, key, prepare
from storage.schema import INDEX_ARTICLES_AFTER, migrate

if TYPE_CHECKING:
    from crawler.extraction.result import Extraction
    from crawler.fingerprints import NearPrint
    from crawler.items import PageItem

# A block counts as the site's template when it appeared on at least MIN_PAGES distinct
# pages and on at least MIN_SHARE of the site's pages seen so far. Three pages is the
# fewest that tells a repeated block (menu, footer, newsletter box) from two articles
# quoting the same sentence; 0.3 keeps blocks of one section's pages (a section header
# on a third of the site) while a quote repeated on 3 of 100 pages stays article text.
TEMPLATE_MIN_PAGES = 3
TEMPLATE_MIN_SHARE = 0.3
CACHE_KIB = 32 * 1024

# An article a save's URLs already name: (id, content_hash, url).
Existing = tuple[int, str | None, str]
# What identifies a record and stays when a later fetch (through any alias) saves it again.
_IDENTITY_COLUMNS = ("url", "site", "first_seen_at")
# What an unchanged body leaves as it was: the identity, the body and the fingerprints
# made from it. The other columns of `article_row` are the page's metadata.
_BODY_COLUMNS = (
    *_IDENTITY_COLUMNS, "body", "content_hash",
)  # fmt: skip


def _racing(error: sqlite3.OperationalError) -> bool:
    """An error another connection's concurrent schema set-up can cause, and clears."""
    message = str(error)
    return "locked" in message or "busy" in message or "already exists" in message


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _connect(path: Path, readonly: bool, busy_timeout_s: float) -> sqlite3.Connection:
    if readonly:
        if not path.exists():
            raise StoreError(f"no database at {path}")
        conn = connect_readonly(path, busy_timeout_s)
        interruptible(conn)  # search, export, stats: Ctrl-C stops a long read
    else:
        if not path.parent.is_dir():
            raise StoreError(f"directory {path.parent} does not exist (create it first)")
        conn = sqlite3.connect(path, timeout=busy_timeout_s, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_s * 1000)}")
    # SQLite's default page cache is 2 MB, less than the interior pages of the indexes a
    # save probes (aliases, content hash, sketch keys) once a store holds some
    # thousands of articles. 32 MB: 7% more records/s on the store benchmark, dedup on
    # and off alike; a bounded cost per connection, not one that grows with the store.
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    return conn


class Store(QueryMixin, LockMixin):
    """One SQLite file: WAL, busy timeout, schema migrated idempotently on open.

    `Store(path)` creates the file (not its directory: a missing directory is a
    `StoreError`). `Store(path, readonly=True)` opens an existing file through a
    `mode=ro` URI, so no statement can write. Use as a context manager or call `close()`.
    A connection is used from one thread at a time (the crawl's reactor thread).
    """

    def __init__(
        self,
        path: str | Path,
        *,
        readonly: bool = False,
        busy_timeout_s: float = 30,
        dedup: bool = True,
    ):
        self.path = Path(path)
        self.readonly = readonly
        self.busy_timeout_s = busy_timeout_s
        # template-block counts of the batch being saved (see _count_template_blocks)
        self._site_pages: Counter[str] = Counter()
        self._block_pages: Counter[tuple[str, int]] = Counter()
        # articles with a larger id are not in the full-text index yet (see save_many)
        self._indexed_upto = 0
        # the batch being saved's dedup look-ups (see save_many); None without dedup
        self._batch: BatchIndex | None = None
        # dedup=False skips the exact/near/translation look-ups and the near-duplicate
        # index (URL identity stays): for measuring what dedup costs, not for crawling.
        self.dedup = dedup
        try:
            self.conn = _connect(self.path, readonly, busy_timeout_s)
        except sqlite3.Error as error:
            raise StoreError(f"cannot open {self.path}: {error}") from None
        self.db = Database(self.conn)
        try:
            self._check_kind()
        except sqlite3.Error as error:
            self.conn.close()
            raise StoreError(f"cannot open {self.path}: {error}") from None
        if not readonly:
            self._prepare()

    def _check_kind(self) -> None:
        """Refuse a SQLite file that is not a newscrawl store, before reading or writing it.

        Read-only, it has no `articles` table to read. Writable, migrating it would add
        newscrawl's tables to another application's database. An empty file, or one that
        only newscrawl's migrations touched, is a store (new or being created).
        """
        tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master")}
        is_store = "articles" in tables
        if self.readonly and not is_store:
            self.conn.close()
            raise StoreError(f"{self.path} is not a newscrawl store (it has no articles table)")
        if not self.readonly and tables and not is_store and "_sqlite_migrations" not in tables:
            self.conn.close()
            raise StoreError(
                f"{self.path} is another application's SQLite database; newscrawl will not"
                " add its tables to it (give --db a new file)"
            )

    def _prepare(self) -> None:
        """WAL and the schema, retried while another process is doing the same.

        Two crawls opening one new file at once race to create the schema: sqlite-utils
        checks for pending migrations outside a write lock, so the loser gets "database
        is locked" (the busy timeout does not cover it) or "already exists". Each
        migration is its own transaction, so retrying until the winner is done is safe.
        """
        deadline = time.monotonic() + self.busy_timeout_s
        while True:
            try:
                self.conn.execute("PRAGMA journal_mode = WAL")
                # NORMAL is safe with WAL (no corruption; a power cut may lose the last
                # commit) and saves an fsync per commit.
                self.conn.execute("PRAGMA synchronous = NORMAL")
                migrate(self.db)
                return
            except sqlite3.OperationalError as error:
                if time.monotonic() < deadline and _racing(error):
                    if self.conn.in_transaction:
                        self.conn.rollback()
                    time.sleep(0.05)
                    continue
                self.conn.close()
                raise StoreError(f"cannot prepare {self.path}: {error}") from None
            except sqlite3.Error as error:
                self.conn.close()
                raise StoreError(f"cannot prepare {self.path}: {error}") from None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------

    def _write(self) -> Transaction:
        if self.readonly:
            raise StoreError(f"{self.path} is open read-only")
        return Transaction(self.conn)

    def save(self, item: PageItem) -> SaveOutcome:
        """Save one page (article or not) in its own transaction; see `save_many`."""
        return self.save_many([item])[0]

    def save_many(self, items: Iterable[PageItem]) -> list[SaveOutcome]:
        """Save pages in ONE transaction: all of them are stored, or none.

        For each article page, in order: (1) URL identity: if any of its URLs is a known
        alias, it is that article, "unchanged" when the content hash is the same, else
        "updated" (the article shows the latest body; versions keep the history); (2) a
        new article with the content hash of an older one is stored as its own record with
        `duplicate_of` the oldest ("duplicate"); (3) else a verified same-language match
        through the sketch index makes it a "near_duplicate" (see
        `storage.dedup`); (4) alternates in other languages are linked as translations,
        never as duplicates. Pages that are not articles are kept in `pages` as
        "not_article". Every URL becomes an alias; the raw HTML is kept (zlib).

        CPU work (URL canonicalization, compression, near prints) runs before the
        transaction, so the write lock is held only for the SQL.
        """
        prepared = [prepare(item, with_near=self.dedup) for item in items]
        self._site_pages.clear()
        self._block_pages.clear()
        try:
            with self._write():
                self._indexed_upto = self._last_article_id()
                self._batch = self._batch_index(prepared)
                outcomes = [self._save_one(p) for p in prepared]
                if self._batch is not None:
                    self._batch.flush()
                self._index_new_articles()
                self._flush_template_counts()
        finally:
            self._batch = None  # its sets describe this transaction only
        return outcomes

    def _batch_index(self, prepared: list[Prepared]) -> BatchIndex | None:
        if not self.dedup:
            return None
        articles = [p for p in prepared if p.near is not None]
        return BatchIndex(
            self.conn,
            [p.item.content_hash for p in articles if p.item.content_hash],
            [k for p in articles if p.near is not None for k in p.near.sketch],
            [u for p in articles for u in p.urls],
        )

    def bulk_insert_articles(
        self,
        insert: str,
        rows: list[tuple[Any, ...]],
        also: Iterable[tuple[str, list[tuple[Any, ...]]]] = (),
    ) -> None:
        """Run an `INSERT INTO articles` over rows and index them, in one transaction,
        with any `also` (statement, rows) that belong to them (their fingerprints).

        For building large synthetic stores (bench, storage.synthetic*): no dedup, no
        aliases, only the rows and their full-text index.
        """
        with self._write():
            self._indexed_upto = self._last_article_id()
            self.conn.executemany(insert, rows)
            for statement, more in also:
                self.conn.executemany(statement, more)
            self._index_new_articles()

    def _last_article_id(self) -> int:
        row = self.conn.execute("SELECT max(id) FROM articles").fetchone()
        return int(row[0] or 0)

    def _index_new_articles(self) -> None:
        """Add the articles inserted since the last call to the full-text index.

        Once per batch, in the batch's transaction: one INSERT ... SELECT for a thousand
        articles measured 7% more records/s than a thousand single-row inserts (the FTS5
        work, half of a save, runs in one stretch). An article inserted in this batch is
        indexed before anything updates its text (`_update_article`): the update trigger
        removes the old text from the index, which must be there to be removed.
        """
        self.conn.execute(INDEX_ARTICLES_AFTER, (self._indexed_upto,))
        self._indexed_upto = self._last_article_id()

    def _save_one(self, page: Prepared) -> SaveOutcome:
        extraction = page.item.extraction
        if extraction is None or not extraction.is_article:
            self._save_page(page, None, "not_article", extraction.reason if extraction else None)
            return SaveOutcome("not_article", None, page.page_url)
        existing = self._article_by_urls(page.urls)
        if existing is None:
            outcome = self._insert_article(page, extraction)
        else:
            outcome = self._update_article(existing, page, extraction)
        assert outcome.article_id is not None
        self._add_aliases(outcome.article_id, page.urls)
        self._save_page(page, outcome.article_id, "article", None)
        return outcome

    def _article_by_urls(self, urls: list[str]) -> Existing | None:
        """(id, content_hash, url) of the article one of these URLs already names."""
        marks = ",".join("?" * len(urls))
        row = self.conn.execute(
            "SELECT a.id, a.content_hash, a.url FROM aliases AS s "
            f"JOIN articles AS a ON a.id = s.article_id WHERE s.url IN ({marks}) "
            "ORDER BY a.id LIMIT 1",
            urls,
        ).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def _find_duplicate(self, page: Prepared, extraction: Extraction) -> dedup.Lookup:
        if self._batch is None:
            return dedup.Lookup(None, [])
        exact = self._batch.exact(page.item.content_hash, extraction.language)
        if exact is not None:
            return dedup.Lookup(exact, [])
        return self._batch.near(page.near, extraction.language)

    def _insert_article(self, page: Prepared, extraction: Extraction) -> SaveOutcome:
        lookup = self._find_duplicate(page, extraction)
        match = lookup.match
        row = article_row(page.item, extraction, page.canonical)
        row["duplicate_of"] = match.article_id if match else None
        row["similarity"] = match.similarity if match else None
        article_id = self._insert_row("articles", row)
        batch = self._batch
        if batch is not None:
            batch.stored(page.item.content_hash)
        if (
            batch is not None
            and match is not None
            and dedup.earlier_original(self.conn, row, match)
        ):
            batch.promote(article_id, match)
            match = None
        if batch is not None and match is None:
            if not lookup.keys and page.near is not None and page.near.sketch:
                # an exact copy promoted to original: its keys were not looked up
                batch.reindex(article_id, extraction.language, page.near)
            else:
                batch.index(article_id, extraction.language, page.near, lookup.keys)
        self._link_alternates(article_id, page.urls, extraction)
        url = row["url"]
        if match is None:
            return SaveOutcome("new", article_id, url)
        status: SaveStatus = "duplicate" if match.exact else "near_duplicate"
        return SaveOutcome(status, article_id, url, match.url, match.similarity)

    def _update_article(
        self, existing: Existing, page: Prepared, extraction: Extraction
    ) -> SaveOutcome:
        article_id, old_hash, url = existing
        item = page.item
        fetched = {
            "fetched_at": item.fetched_at,
            "etag": item.etag,
            "last_modified": item.last_modified,
            "removed_at": None,
        }
        if old_hash == item.content_hash:
            changed = self._refresh_metadata(article_id, page, extraction, fetched)
            return SaveOutcome("refreshed" if changed else "unchanged", article_id, url)
        if article_id > self._indexed_upto:  # inserted earlier in this batch
            self._index_new_articles()
        self._keep_first_version(article_id)
        row = article_row(item, extraction, url)
        for column in _IDENTITY_COLUMNS:
            del row[column]
        row.update(fetched)
        row["last_changed_at"] = item.fetched_at
        self._update_row(article_id, row)
        if self._batch is not None:
            self._batch.stored(item.content_hash)
        self.conn.execute(
            "UPDATE articles SET version_count = version_count + 1 WHERE id = ?", (article_id,)
        )
        self._add_version(article_id, item, extraction)
        self._link_alternates(article_id, page.urls, extraction)
        self._reindex(article_id, extraction.language, page.near)
        return SaveOutcome("updated", article_id, url)

    def _refresh_metadata(
        self, article_id: int, page: Prepared, extraction: Extraction, fetched: dict[str, Any]
    ) -> bool:
        """Same body, so no new version; what was read around it is the latest reading.

        A re-extraction with a better extractor (a date that was missed, or a CMS's zero
        date that is now refused) and a page whose headline, dates or tags were edited
        both reach the record this way. The body and its fingerprints are the same by
        definition and are not written, and of the metadata only what changed: writing
        the title re-indexes the article's full text (`FTS_UPDATE_TRIGGER`). Returns
        whether any metadata changed (the save is then "refreshed", not "unchanged").
        """
        row = article_row(page.item, extraction, "")
        for column in (*_BODY_COLUMNS, *fetched):
            row.pop(column, None)
        stored = self.conn.execute(
            f"SELECT {', '.join(row)} FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        changed = {
            column: value
            for (column, value), old in zip(row.items(), stored, strict=True)
            if value != old
        }
        if "title" in changed and article_id > self._indexed_upto:  # stored in this batch
            self._index_new_articles()
        self._update_row(article_id, {**changed, **fetched})
        if "alternates" in changed:
            self._link_alternates(article_id, page.urls, extraction)
        return bool(changed)

    def _reindex(self, article_id: int, language: str | None, near: NearPrint | None) -> None:
        """An updated original is found by its latest text (the sketch is an index)."""
        if self._batch is None:
            return
        row = self.conn.execute("SELECT duplicate_of FROM articles WHERE id = ?", (article_id,))
        if row.fetchone()[0] is None:
            self._batch.reindex(article_id, language, near)

    def _keep_first_version(self, article_id: int) -> None:
        """Before the first update, copy the original content into versions."""
        self.conn.execute(
            "INSERT INTO versions (article_id, content_hash, title, body, seen_at)"
            " SELECT id, content_hash, title, body, first_seen_at FROM articles"
            " WHERE id = ? AND version_count = 1",
            (article_id,),
        )

    def _insert_row(self, table: str, row: dict[str, Any]) -> int:
        columns = ", ".join(row)
        marks = ", ".join("?" * len(row))
        cursor = self.conn.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values())
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def _update_row(self, article_id: int, row: dict[str, Any]) -> None:
        assignments = ", ".join(f"{column} = ?" for column in row)
        self.conn.execute(
            f"UPDATE articles SET {assignments} WHERE id = ?", [*row.values(), article_id]
        )

    def _add_version(self, article_id: int, item: PageItem, extraction: Extraction) -> None:
        self.conn.execute(
            "INSERT INTO versions (article_id, content_hash, title, body, seen_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (article_id, item.content_hash, extraction.title, extraction.body, item.fetched_at),
        )

    def _add_aliases(self, article_id: int, urls: list[str]) -> None:
        # An alias already naming another article keeps it: the first claim wins.
        self.conn.executemany(
            "INSERT OR IGNORE INTO aliases (url, article_id) VALUES (?, ?)",
            [(url, article_id) for url in urls],
        )

    def _link_alternates(self, article_id: int, urls: list[str], extraction: Extraction) -> None:
        """Keep the URLs the page declares for its other editions, and link the stored
        editions they (or the article's own `urls`, pointed at by them) join as translations.

        Run on insert and whenever a later fetch declares other alternates: an English
        page that links its Ukrainian edition only once that edition is out must still
        join the edition stored before.
        """
        self._add_alternates(article_id, extraction)
        if self._batch is None:
            return
        alternates = [key(u) for u in extraction.alternates.values()]
        self._batch.declared(alternates)
        pointed = self._batch.pointing_here(urls)
        if alternates or pointed:  # else no edition links this one, nor it any
            dedup.link_translations(
                self.conn, article_id, extraction.language, urls, alternates, pointed=pointed
            )

    def _add_alternates(self, article_id: int, extraction: Extraction) -> None:
        self.conn.executemany(
            "INSERT OR IGNORE INTO alternates (url, article_id, language) VALUES (?, ?, ?)",
            [(key(url), article_id, lang) for lang, url in extraction.alternates.items()],
        )

    def _save_page(
        self, page: Prepared, article_id: int | None, outcome: str, reason: str | None
    ) -> None:
        item = page.item
        known = self.conn.execute("SELECT 1 FROM pages WHERE url = ?", (page.page_url,))
        is_new = known.fetchone() is None
        self.conn.execute(
            "INSERT INTO pages (url, site, article_id, outcome, reason, status, html, encoding,"
            " etag, last_modified, fetched_at, first_seen_at, run_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(url) DO UPDATE SET article_id = excluded.article_id,"
            " outcome = excluded.outcome, reason = excluded.reason, status = excluded.status,"
            " html = excluded.html, encoding = excluded.encoding, etag = excluded.etag,"
            " last_modified = excluded.last_modified, fetched_at = excluded.fetched_at,"
            " run_id = excluded.run_id, removed_at = NULL",
            (page.page_url, item.site, article_id, outcome, reason, item.status, page.html,
             item.encoding, item.etag, item.last_modified, item.fetched_at, item.fetched_at,
             item.run_id),
        )  # fmt: skip
        if is_new and item.extraction is not None:
            self._count_template_blocks(item.site, item.extraction.block_fingerprints)

    def _count_template_blocks(self, site: str, fingerprints: list[int]) -> None:
        """One more distinct page of `site`, and one more page for each of its blocks.

        Counted per batch and written once per distinct block: a site's template blocks
        recur on every page of a batch, so this turns tens of upserts per page into a few
        per batch (measured in bench.store).
        """
        self._site_pages[site] += 1
        self._block_pages.update((site, fp) for fp in set(fingerprints))

    def _flush_template_counts(self) -> None:
        self.conn.executemany(
            "INSERT INTO template_sites (site, pages) VALUES (?, ?)"
            " ON CONFLICT(site) DO UPDATE SET pages = pages + excluded.pages",
            list(self._site_pages.items()),
        )
        self.conn.executemany(
            "INSERT INTO template_blocks (site, fingerprint, pages) VALUES (?, ?, ?)"
            " ON CONFLICT(site, fingerprint) DO UPDATE SET pages = pages + excluded.pages",
            [(site, fp, n) for (site, fp), n in self._block_pages.items()],
        )

    def mark_not_modified(self, url: str, when: str) -> None:
        """A conditional request got 304: the stored copy is current as of `when`."""
        with self._write():
            self._mark(url, "UPDATE pages SET not_modified_at = ?, fetched_at = ?", (when, when))
            self._mark_article(url, "UPDATE articles SET fetched_at = ?", when)

    def mark_removed(self, url: str, when: str) -> None:
        """The URL answered 404/410: set `removed_at`; nothing is deleted."""
        with self._write():
            self._mark(url, "UPDATE pages SET removed_at = ?", (when,))
            self._mark_article(url, "UPDATE articles SET removed_at = ?", when)

    def _mark(self, url: str, update: str, values: tuple[str, ...]) -> None:
        # pages are keyed by the fetched URL's canonical form, aliases also by article URL
        forms = (canonicalize_url(url), key(url))
        self.conn.execute(f"{update} WHERE url IN (?, ?)", (*values, *forms))

    def _mark_article(self, url: str, update: str, when: str) -> None:
        self.conn.execute(
            f"{update} WHERE id IN (SELECT article_id FROM aliases WHERE url IN (?, ?))",
            (when, canonicalize_url(url), key(url)),
        )

    # -- runs ------------------------------------------------------------------------

    def start_run(self, spider: str, site: str | None = None, started_at: str | None = None) -> int:
        """Record a crawl run as running; returns its id."""
        with self._write():
            cursor = self.conn.execute(
                "INSERT INTO runs (spider, site, started_at) VALUES (?, ?, ?)",
                (spider, site, started_at or _now()),
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def finish_run(
        self,
        run_id: int,
        stats: dict[str, Any],
        status: str = "finished",
        finished_at: str | None = None,
    ) -> None:
        """Close a run with its stats (JSON) and status (Scrapy's finish reason)."""
        with self._write():
            self.conn.execute(
                "UPDATE runs SET finished_at = ?, status = ?, stats = ? WHERE id = ?",
                (finished_at or _now(), status, json.dumps(stats, default=str), run_id),
            )

    def runs(self, limit: int = 20) -> list[dict[str, Any]]:
        """The latest runs, newest first, with stats decoded."""
        cursor = self.conn.execute(
            "SELECT id, spider, site, started_at, finished_at, status, stats FROM runs"
            " ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor]
        for row in rows:
            row["stats"] = json.loads(row["stats"])
        return rows

    # -- reading for the crawl -------------------------------------------------------

    def validators(self, url: str) -> Validators | None:
        """What a conditional request for `url` needs, or None for an unknown URL."""
        target = key(url)
        row = self.conn.execute(
            "SELECT a.etag, a.last_modified, a.fetched_at, a.published_at, a.first_seen_at"
            " FROM aliases AS s JOIN articles AS a ON a.id = s.article_id WHERE s.url IN (?, ?)"
            " LIMIT 1",
            (target, canonicalize_url(url)),
        ).fetchone()
        if row:
            return Validators(row[0], row[1], row[2], row[3], row[4], is_article=True)
        row = self.conn.execute(
            "SELECT etag, last_modified, fetched_at, NULL, first_seen_at FROM pages"
            " WHERE url IN (?, ?) LIMIT 1",
            (target, canonicalize_url(url)),
        ).fetchone()
        if row is None:
            return None
        return Validators(row[0], row[1], row[2], None, row[4], is_article=False)

    def recheck_urls(self, sites: list[str], since: str, limit: int = 10_000) -> list[str]:
        """Articles of these sites published (or first seen) since `since`, not removed.

        ISO 8601 strings compare as times when their offsets agree; publication times in
        other offsets may shift the window's edge by a few hours, which a window of days
        absorbs.
        """
        if not sites:
            return []
        marks = ",".join("?" * len(sites))
        rows = self.conn.execute(
            f"SELECT url FROM articles WHERE site IN ({marks}) AND removed_at IS NULL"
            " AND COALESCE(published_at, first_seen_at) >= ?"
            " ORDER BY COALESCE(published_at, first_seen_at) DESC LIMIT ?",
            [*sites, since, limit],
        )
        return [str(row[0]) for row in rows]

    def known_urls(self, urls: Iterable[str]) -> set[str]:
        """The given URLs (as given) that the store knows as an alias or a fetched page."""
        forms: dict[str, set[str]] = {}
        for url in urls:
            for form in (canonicalize_url(url), key(url)):
                forms.setdefault(form, set()).add(url)
        known: set[str] = set()
        keys = list(forms)
        for start in range(0, len(keys), 400):  # stay under SQLite's variable limit
            chunk = keys[start : start + 400]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"SELECT url FROM aliases WHERE url IN ({marks})"
                f" UNION SELECT url FROM pages WHERE url IN ({marks})",
                chunk + chunk,
            )
            for (found,) in rows:
                known.update(forms[found])
        return known

    def template(
        self,
        site: str,
        min_pages: int = TEMPLATE_MIN_PAGES,
        min_share: float = TEMPLATE_MIN_SHARE,
    ) -> frozenset[int]:
        """Block fingerprints seen on enough of the site's pages to be its template."""
        row = self.conn.execute("SELECT pages FROM template_sites WHERE site = ?", (site,))
        found = row.fetchone()
        total = found[0] if found else 0
        need = max(min_pages, int(min_share * total + 0.999999))
        rows = self.conn.execute(
            "SELECT fingerprint FROM template_blocks WHERE site = ? AND pages >= ?", (site, need)
        )
        return frozenset(r[0] for r in rows)

    def similar(self, near: NearPrint, language: str | None) -> list[tuple[int, float]]:
        """(article id, similarity) of the stored originals a text is a near copy of in
        `language`, most similar first: the save's look-up and verification, without
        saving. `near` is `crawler.fingerprints.near_print(text)`."""
        found, _ = dedup.near_candidates(self.conn, near, language)
        return [(article_id, similarity) for article_id, _, _, similarity in found]

    def count_pages(self, site: str | None = None) -> int:
        """How many fetched pages (with raw HTML) the store holds, of one site or all."""
        if site is None:
            row = self.conn.execute("SELECT count(*) FROM pages").fetchone()
        else:
            row = self.conn.execute("SELECT count(*) FROM pages WHERE site = ?", (site,)).fetchone()
        return int(row[0])

    def iter_pages(self, site: str | None = None) -> Iterator[StoredPage]:
        """Every stored page with its raw HTML, for re-extraction without fetching.

        Streamed by rowid in chunks on a cursor of its own, so a million pages never sit
        in memory at once and the caller may write between chunks.
        """
        sql = (
            "SELECT rowid, url, site, html, encoding, status, etag, last_modified, fetched_at,"
            " article_id FROM pages WHERE rowid > ?"
        )
        params: tuple[object, ...] = ()
        if site is not None:
            sql, params = sql + " AND site = ?", (site,)
        last = 0
        while True:
            rows = self.conn.execute(sql + " ORDER BY rowid LIMIT 500", (last, *params)).fetchall()
            if not rows:
                return
            for row in rows:
                html = zlib.decompress(row[3]) if row[3] else b""
                yield StoredPage(row[1], row[2], html, *row[4:])
            last = rows[-1][0]

    def update_extraction(self, items: Iterable[PageItem]) -> list[SaveOutcome]:
        """Store re-extracted pages (from `iter_pages`): same rules as `save_many`.

        A changed body becomes a new version ("updated"); an unchanged one is "unchanged"
        and its record takes the new metadata (dates, title, tags...), without a version.
        """
        return self.save_many(items)
