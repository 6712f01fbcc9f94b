"""Security checks: the query command cannot write, SQL-looking input is only data,
and crawls keep to their limits (pages per crawl, per site)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from crawler.process import make_item, process_page
from reliability.conftest import integrity, newscrawl, stored_hashes
from reliability.faultserver import article
from reliability.figures import proving
from reliability.sites import SiteServer
from storage import Store, StoreError

EVIL = [
    "'; DROP TABLE articles; --",
    "Robert'); DELETE FROM aliases WHERE ('1'='1",
    '" OR 1=1 --',
    "x' UNION SELECT sql FROM sqlite_master --",
    "%' OR '%'='",
    'title:* NEAR( "unbalanced',
    "\x00nul byte",
]


def evil_items() -> list[object]:
    made = []
    for n, evil in enumerate(EVIL):
        url = f"https://example.org/news/{n}/x'%20OR%201=1--?q={evil.replace(' ', '+')}"
        html = article(f"Headline {n} {evil.replace(chr(0), '')}").encode()
        made.append(make_item(url=url, requested_url=url, html=html,
                              processed=process_page(html, url)))  # fmt: skip
    return made


def answers(search: Callable[..., object], *args: str, **kwargs: str) -> bool:
    """True when the search ran; False when it was refused with a StoreError."""
    try:
        search(*args, **kwargs)
    except StoreError:
        return False
    return True


def snapshot(db: Path) -> tuple[int, int, int, str]:
    with sqlite3.connect(db) as conn:
        counts = [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("articles", "aliases", "pages")]  # fmt: skip
        schema = json.dumps(conn.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall())
    conn.close()
    return counts[0], counts[1], counts[2], schema


def test_sql_looking_urls_titles_and_search_terms_are_only_data(tmp_path: Path) -> None:
    with proving("SQL injection through save, search and get"):
        db = tmp_path / "news.db"
        items = evil_items()
        with Store(db) as store:
            outcomes = store.save_many(items)  # type: ignore[arg-type]
            assert [o.status for o in outcomes] == ["new"] * len(EVIL)
            before = snapshot(db)
            for item, outcome in zip(items, outcomes, strict=True):
                record = store.get(item.url)  # type: ignore[attr-defined]
                assert record is not None and record["id"] == outcome.article_id
                assert record["title"] == item.extraction.title  # type: ignore[attr-defined]
                assert store.get(f"{item.url}' OR '1'='1") is None  # type: ignore[attr-defined]
            # raw, each term is FTS5 syntax: refused with a StoreError (any other
            # exception would escape `answers` and fail the test)
            for term in EVIL:
                answers(store.search, term)
            phrases = [answers(store.search, '"' + t.replace('"', '""') + '"') for t in EVIL]
            filters = [answers(store.search, "headline", language=t, site=t, since=t) for t in EVIL]
            assert all(filters)  # filter values are bound parameters: always answered
            # as a quoted phrase every term is a plain search, except the NUL byte, which
            # FTS5 reads as the end of the string ("unterminated string", a StoreError)
            assert phrases == [True] * (len(EVIL) - 1) + [False]
            hits = store.search('"DROP TABLE articles"')
            assert [hit["url"] for hit in hits] == [outcomes[0].url]  # stored verbatim
        assert snapshot(db) == before
        assert integrity(db) == "ok"


WRITES = [
    "DELETE FROM articles",
    "DROP TABLE articles",
    "UPDATE articles SET title = 'defaced'",
    "INSERT INTO aliases (url, article_id) VALUES ('x', 1)",
    "ATTACH DATABASE 'evil.db' AS evil",
    "PRAGMA journal_mode = DELETE",
    "SELECT 1; DELETE FROM articles",
    "CREATE TABLE evil (x)",
    "VACUUM",
]


@pytest.fixture(scope="module")
def filled_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("query") / "news.db"
    with Store(db) as store:
        store.save_many(evil_items()[:3])  # type: ignore[arg-type]
    return db


@pytest.mark.parametrize("sql", WRITES)
def test_the_query_command_cannot_write(filled_db: Path, sql: str) -> None:
    with proving("query command: write statements"):
        before = (snapshot(filled_db), filled_db.read_bytes())
        done = newscrawl("query", sql, "--db", str(filled_db), timeout=60)
        assert done.returncode != 0, done.stdout
        assert "Traceback" not in done.stderr
        assert [line for line in done.stderr.splitlines() if line.startswith("Error:")]
        assert (snapshot(filled_db), filled_db.read_bytes()) == before
        assert not (filled_db.parent / "evil.db").exists()


def test_the_query_command_reads_and_binds_parameters(filled_db: Path) -> None:
    with proving("query command: parameters are bound, not spliced"):
        sql = "SELECT count(*) AS n FROM articles WHERE title = ?"
        evil = "x' OR '1'='1"
        done = newscrawl("query", sql, "-p", evil, "--format", "json", "--db", str(filled_db))
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout) == [{"n": 0}]


def test_pages_per_crawl_and_per_site_are_limited(tmp_path: Path) -> None:
    with proving("pages per crawl (CLOSESPIDER_PAGECOUNT) and per site (max_pages)"):
        with SiteServer(60) as site:
            db = tmp_path / "news.db"
            done = newscrawl("crawl", site.base_url, "--db", str(db), "--workers", "-1",
                             "-s", "CLOSESPIDER_PAGECOUNT=15")  # fmt: skip
            assert done.returncode == 0, done.stderr[-2000:]
            with sqlite3.connect(db) as conn:
                (raw,) = conn.execute("SELECT stats FROM runs").fetchone()
            conn.close()
            stats = json.loads(raw)
            assert stats["finish_reason"] == "closespider_pagecount"
            # requests in flight when the limit hit still land (CONCURRENT_REQUESTS = 32);
            # without the limit this crawl makes ~250 requests
            assert 15 <= stats["downloader/response_count"] <= 15 + 32

            sites = tmp_path / "sites.toml"
            sites.write_text(
                f'[sites.local]\nstart_urls = ["{site.base_url}"]\nmax_pages = 5\n',
                encoding="utf-8",
            )
            capped = tmp_path / "capped.db"
            done = newscrawl("crawl", "local", "--sites", str(sites), "--db", str(capped),
                             "--workers", "-1")  # fmt: skip
            assert done.returncode == 0, done.stderr[-2000:]
        assert 0 < len(stored_hashes(capped)) <= 5
