"""The store's schema, created and evolved only through sqlite-utils migrations.

`migrations()` builds the migration set afresh on each call (no module-level registry);
`Store` applies it on open, and applying it twice is a no-op (sqlite-utils records each
applied migration in `_sqlite_migrations`).
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from storage import dedup

MIGRATION_SET = "newscrawl"

ARTICLES = """
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,          -- canonical article URL (crawler.urls.article_url)
    site TEXT NOT NULL,
    title TEXT,
    body TEXT NOT NULL DEFAULT '',
    lead TEXT,
    key_points TEXT NOT NULL DEFAULT '[]',   -- JSON list
    language TEXT,
    language_confidence REAL,
    published_at TEXT,
    modified_at TEXT,
    authors TEXT NOT NULL DEFAULT '[]',      -- JSON list
    section TEXT,
    tags TEXT NOT NULL DEFAULT '[]',         -- JSON list
    source TEXT,
    alternates TEXT NOT NULL DEFAULT '{}',   -- JSON {language: url}
    content_hash TEXT,
    simhash INTEGER,
    band0 INTEGER, band1 INTEGER, band2 INTEGER, band3 INTEGER,
    duplicate_of INTEGER REFERENCES articles(id),
    similarity REAL,
    translation_of INTEGER REFERENCES articles(id),
    translation_group INTEGER,
    fetched_at TEXT,
    first_seen_at TEXT NOT NULL,
    last_changed_at TEXT,
    removed_at TEXT,
    etag TEXT,
    last_modified TEXT,
    version_count INTEGER NOT NULL DEFAULT 1
)
"""

ALIASES = """
CREATE TABLE aliases (
    url TEXT PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id)
) WITHOUT ROWID
"""

# Alternate-language URLs an article declares (hreflang, language switch), so that an
# article stored later can find the one that points at it.
ALTERNATES = """
CREATE TABLE alternates (
    url TEXT NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    language TEXT NOT NULL,
    PRIMARY KEY (url, article_id)
) WITHOUT ROWID
"""

VERSIONS = """
CREATE TABLE versions (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    content_hash TEXT,
    title TEXT,
    body TEXT NOT NULL DEFAULT '',
    seen_at TEXT NOT NULL
)
"""

# One row per fetched URL: the raw HTML (zlib), the HTTP validators and what it was:
# outcome 'article' (article_id set) or 'not_article' (reason says why).
PAGES = """
CREATE TABLE pages (
    url TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    article_id INTEGER REFERENCES articles(id),
    outcome TEXT NOT NULL,
    reason TEXT,
    status INTEGER,
    html BLOB,
    encoding TEXT,
    etag TEXT,
    last_modified TEXT,
    fetched_at TEXT,
    first_seen_at TEXT NOT NULL,
    not_modified_at TEXT,
    removed_at TEXT,
    run_id INTEGER
)
"""

RUNS = """
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    spider TEXT NOT NULL,
    site TEXT,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL DEFAULT 'running',
    stats TEXT NOT NULL DEFAULT '{}'
)
"""

TEMPLATE_BLOCKS = """
CREATE TABLE template_blocks (
    site TEXT NOT NULL,
    fingerprint INTEGER NOT NULL,
    pages INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (site, fingerprint)
) WITHOUT ROWID
"""

TEMPLATE_SITES = """
CREATE TABLE template_sites (
    site TEXT PRIMARY KEY,
    pages INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID
"""

INDEXES = (
    "CREATE INDEX articles_content_hash ON articles(content_hash)",
    "CREATE INDEX articles_band0 ON articles(band0)",
    "CREATE INDEX articles_band1 ON articles(band1)",
    "CREATE INDEX articles_band2 ON articles(band2)",
    "CREATE INDEX articles_band3 ON articles(band3)",
    "CREATE INDEX articles_language ON articles(language)",
    "CREATE INDEX articles_site ON articles(site)",
    "CREATE INDEX articles_published_at ON articles(published_at)",
    "CREATE INDEX articles_duplicate_of ON articles(duplicate_of)",
    "CREATE INDEX articles_translation_group ON articles(translation_group)",
    "CREATE INDEX aliases_article_id ON aliases(article_id)",
    "CREATE INDEX alternates_article_id ON alternates(article_id)",
    "CREATE INDEX versions_article_id ON versions(article_id)",
    "CREATE INDEX pages_article_id ON pages(article_id)",
    "CREATE INDEX pages_site_outcome ON pages(site, outcome)",
)


def _initial(db: Database) -> None:
    for statement in (ARTICLES, ALIASES, ALTERNATES, VERSIONS, PAGES, RUNS):
        db.execute(statement)
    for statement in (TEMPLATE_BLOCKS, TEMPLATE_SITES, *INDEXES):
        db.execute(statement)


def _fts(db: Database) -> None:
    # unicode61 folds case for Cyrillic as well as Latin; no porter stemmer: it is
    # English-only and the corpus is multilingual.
    db.table("articles").enable_fts(
        ["title", "body"], create_triggers=True, tokenize="unicode61 remove_diacritics 2"
    )


# The passage sketch of each article (crawler.fingerprints.passage_sketch): the second
# near-duplicate channel, for copies edited too much for the SimHash bands to find.
PASSAGES = """
CREATE TABLE passages (
    fp INTEGER NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    PRIMARY KEY (fp, article_id)
) WITHOUT ROWID
"""


def _passages(db: Database) -> None:
    db.execute(PASSAGES)


# Site locks (storage.locks): one crawl per site at a time, across processes.
LOCKS = """
CREATE TABLE locks (
    name TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    expires_at TEXT NOT NULL
) WITHOUT ROWID
"""


def _locks(db: Database) -> None:
    db.execute(LOCKS)


# sqlite-utils' update trigger fires on an UPDATE of any column, so marking an article
# fetched (every 304 of a recrawl), linking a translation or counting a version took the
# row out of the full-text index and tokenized it back in. Only title and body are
# indexed; only their updates need to touch the index.
FTS_UPDATE_TRIGGER = """
CREATE TRIGGER "articles_au" AFTER UPDATE OF "title", "body" ON "articles" BEGIN
  INSERT INTO "articles_fts" ("articles_fts", rowid, "title", "body")
    VALUES('delete', old.rowid, old."title", old."body");
  INSERT INTO "articles_fts" (rowid, "title", "body") VALUES (new.rowid, new."title", new."body");
END
"""


def _fts_on_text_updates(db: Database) -> None:
    db.execute('DROP TRIGGER IF EXISTS "articles_au"')
    db.execute(FTS_UPDATE_TRIGGER)


# New articles are indexed by the store itself, not by sqlite-utils' AFTER INSERT trigger:
# measured on the store benchmark's 450-word articles, the same FTS5 insert cost 282 us
# run from the trigger and 155 us run as its own statement, and it was half of what a
# save cost. `Store.save_many` indexes each batch's new articles with one statement at
# the end of its transaction (`INDEX_ARTICLES_AFTER`, 7% more records/s than one insert
# per article). Updates and deletes keep their triggers (rare, and they need the old
# text). A tool that inserts into `articles` directly must index the rows the same way,
# or run `sqlite-utils rebuild-fts`.
INDEX_ARTICLES_AFTER = (
    'INSERT INTO "articles_fts" (rowid, "title", "body") '
    'SELECT id, "title", "body" FROM "articles" WHERE id > ? ORDER BY id'
)


def _fts_insert_by_store(db: Database) -> None:
    db.execute('DROP TRIGGER IF EXISTS "articles_ai"')


# FTS5 keeps new terms in memory and writes them out as a new index segment each time
# they pass `hashsize` bytes (default 1 MB), merging segments as they pile up. A batch of
# 1,000 articles of 450 words passed it several times; with 8 MB it is written about once
# per batch. Measured on the store benchmark (3 runs side by side, medians): records/s
# with dedup 3,177 -> 4,495, without 4,307 -> 6,898 (4 MB: 4,314 / 7,021; 32 MB: no
# better). The option is kept in articles_fts_config: it holds for every connection, and
# it bounds memory (8 MB per writing connection, only during a transaction).
FTS_HASHSIZE = 8 * 1024 * 1024


def _fts_hashsize(db: Database) -> None:
    db.execute(
        'INSERT INTO "articles_fts" ("articles_fts", rank) VALUES (\'hashsize\', ?)',
        [FTS_HASHSIZE],
    )


# The near-duplicate index (storage.dedup) that replaced the SimHash bands and passages:
# `sketch_keys` posts each original article under a few of its sketch values, and
# `signatures` keeps what verifies a candidate (word-3-shingle and number hashes, packed
# uint32; since 0009 only the 128 smallest shingle hashes) with the keys it is posted
# under. Only originals have rows in either.
SKETCH_KEYS = """
CREATE TABLE sketch_keys (
    key INTEGER NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    PRIMARY KEY (key, article_id)
) WITHOUT ROWID
"""

SIGNATURES = """
CREATE TABLE signatures (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id),
    language TEXT,
    keys BLOB NOT NULL,                -- the article's sketch_keys, packed int64
    shingles BLOB NOT NULL,
    numbers BLOB NOT NULL
)
"""

_SIMHASH_COLUMNS = ("band0", "band1", "band2", "band3", "simhash")


def _sketch_index(db: Database) -> None:
    for band in range(4):
        db.execute(f"DROP INDEX IF EXISTS articles_band{band}")
    columns = {c.name for c in db.table("articles").columns}
    for column in _SIMHASH_COLUMNS:
        if column in columns:
            db.execute(f"ALTER TABLE articles DROP COLUMN {column}")
    db.execute("DROP TABLE IF EXISTS passages")
    db.execute(SKETCH_KEYS)
    db.execute(SIGNATURES)
    dedup.index_stored_originals(db.conn)


def _short_signatures(db: Database) -> None:
    # A signature keeps the smallest 128 of its shingle hashes (sorted uint32, 512 bytes:
    # crawler.fingerprints.SIGNATURE_SIZE when this was written; a literal, because an
    # applied migration must not change with the code), the bottom-k signature
    # `resemblance` estimates from. 0008 stored every hash. Comparisons come out the same
    # either way (`resemblance` cuts its inputs): this frees the space, about 1.9 KB per
    # original. substr() of a BLOB counts bytes and returns a BLOB.
    db.execute(
        "UPDATE signatures SET shingles = substr(shingles, 1, 512) WHERE length(shingles) > 512"
    )


def migrations() -> Migrations:
    """The store's migration set, in order. Append new migrations; never edit old ones."""
    migrations = Migrations(MIGRATION_SET)
    migrations(name="0001_initial")(_initial)
    migrations(name="0002_fts_title_body")(_fts)
    migrations(name="0003_passages")(_passages)
    migrations(name="0004_locks")(_locks)
    migrations(name="0005_fts_update_trigger_on_text")(_fts_on_text_updates)
    migrations(name="0006_fts_insert_by_store")(_fts_insert_by_store)
    migrations(name="0007_fts_hashsize")(_fts_hashsize)
    migrations(name="0008_sketch_index")(_sketch_index)
    migrations(name="0009_short_signatures")(_short_signatures)
    return migrations


def migrate(db: Database) -> None:
    """Apply any pending migration; idempotent, and safe when several processes open a
    new file at once.

    sqlite-utils lists the pending migrations before it takes a write lock, so two
    openers could both run one. A migration that fails when repeated ("already exists")
    was retried by the caller, but one that does not (0007 writes an FTS5 setting) then
    broke the UNIQUE key of _sqlite_migrations for the second opener (1 open in 60, in
    tests/reliability/test_concurrency.py). The migrations therefore run under one write
    lock, taken only when something is pending: the second opener waits for it, then
    finds nothing left to do. sqlite-utils nests each migration's transaction inside as
    a savepoint.
    """
    found = migrations()
    if not found.pending(db):
        return  # an up-to-date store is opened without taking the write lock
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        found.apply(db)
    except BaseException:
        if db.conn.in_transaction:
            db.conn.rollback()
        raise
    db.conn.execute("COMMIT")
