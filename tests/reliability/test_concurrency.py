"""Two crawls writing one database at once lose nothing and never hit "database is locked".

The store uses WAL, a 30 s busy timeout and short `BEGIN IMMEDIATE` transactions (one per
batch; batches of 4 here, so the two writers interleave dozens of times).
"""

from __future__ import annotations

import sqlite3
import subprocess
import threading
from pathlib import Path

import pytest

from reliability.conftest import integrity, partial_records
from reliability.figures import FIGURES, proving
from reliability.sites import SiteServer
from reliability.test_interruption import start_crawl
from storage import Store, StoreError

PAGES = 20
SETTINGS = ["--workers", "-1", "-s", "AUTOTHROTTLE_ENABLED=False",
            "-s", "NEWSCRAWL_BATCH_SIZE=4", "-s", "NEWSCRAWL_FLUSH_SECONDS=0.5"]  # fmt: skip


def run_together(urls: list[str], db: Path, logs: Path) -> list[tuple[int, str]]:
    # No file yet: the two crawls also race to create it and migrate its schema.
    crawls = []
    for n, url in enumerate(urls):
        sink = (logs / f"crawl{n}.log").open("wb")
        crawls.append((start_crawl(url, db, *SETTINGS, stderr=sink), sink))
    results = []
    for crawl, sink in crawls:
        try:
            code = crawl.wait(timeout=180)
        except subprocess.TimeoutExpired:
            crawl.kill()
            code = crawl.wait()
        sink.close()
        results.append((code, Path(sink.name).read_text(errors="replace")))
    return results


def articles(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        urls = [row[0] for row in conn.execute("SELECT url FROM articles")]
    conn.close()
    return urls


@pytest.mark.slow
def test_two_sites_crawled_into_one_database_at_once(tmp_path: Path) -> None:
    with proving("two concurrent crawls of two sites, one database"):
        db = tmp_path / "news.db"
        with SiteServer(PAGES) as one, SiteServer(PAGES) as two:
            results = run_together([one.base_url, two.base_url], db, tmp_path)
            expected = {f"{s.base_url}news/{n}.html" for s in (one, two) for n in range(PAGES)}
        stored = articles(db)
        FIGURES.concurrent_runs += 1
        FIGURES.concurrent_records_lost += len(expected - set(stored))
        for code, log in results:
            assert code == 0, log[-2000:]
            assert "database is locked" not in log
            assert "Traceback" not in log
        # The two sites serve the same bodies: the later copy of each is a duplicate
        # record of the earlier, never a lost one.
        assert set(stored) == expected
        assert len(stored) == len(expected)
        assert integrity(db) == "ok"
        assert not any(partial_records(db).values())


@pytest.mark.slow
def test_two_crawls_of_the_same_site_race_for_the_same_urls(tmp_path: Path) -> None:
    with proving("two concurrent crawls of the same URLs, one database"):
        db = tmp_path / "news.db"
        with SiteServer(PAGES) as site:
            results = run_together([site.base_url, site.base_url], db, tmp_path)
            expected = {f"{site.base_url}news/{n}.html" for n in range(PAGES)}
        stored = articles(db)
        FIGURES.concurrent_runs += 1
        FIGURES.concurrent_records_lost += len(expected - set(stored))
        for code, log in results:
            assert code == 0, log[-2000:]
            assert "database is locked" not in log
        assert set(stored) == expected
        assert len(stored) == PAGES  # each URL once: the second writer saw the first's row
        assert integrity(db) == "ok"
        assert not any(partial_records(db).values())


def test_two_stores_creating_one_new_file_at_once(tmp_path: Path) -> None:
    failures: list[StoreError] = []

    def open_store(path: Path) -> None:
        try:
            Store(path).close()
        except StoreError as error:
            failures.append(error)

    for attempt in range(20):
        path = tmp_path / f"new{attempt}.db"
        threads = [threading.Thread(target=open_store, args=(path,)) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert not failures, f"{len(failures)} of 60 opens failed: {failures[0]}"
