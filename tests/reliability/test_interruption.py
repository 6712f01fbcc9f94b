"""Crawls killed at random points lose nothing; SIGINT and SIGTERM stop gracefully.

A real `python -m crawler crawl` of the synthetic site (bench/sitegen.py) is SIGKILLed
after seeded random delays, again and again on the same store, then rerun to completion:
after every kill the store passes `PRAGMA integrity_check` and holds no half-written
record, and the final (url, content_hash) set equals that of an uninterrupted crawl.
"""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reliability.conftest import REPO, integrity, newscrawl, partial_records, stored_hashes
from reliability.figures import FIGURES, proving
from reliability.sites import SiteServer

PAGES = 40
KILLS = 8
SEED = 20261124
# Small batches and a short flush interval, so kills land during and between writes;
# a slightly slow site, so a crawl lasts long enough to be hit mid-way.
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "NEWSCRAWL_BATCH_SIZE=4",
        "-s", "NEWSCRAWL_FLUSH_SECONDS=0.5", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2"]  # fmt: skip
DELAY = 0.05


def start_crawl(
    url: str, db: Path, *extra: str, stderr: object = subprocess.DEVNULL
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "crawler", "crawl", url, "--db", str(db), *extra],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=stderr,  # type: ignore[arg-type]
        start_new_session=True,
    )


@pytest.mark.slow
def test_sigkill_at_random_points_loses_nothing(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    with SiteServer(PAGES, DELAY) as site:
        reference = tmp_path / "reference.db"
        done = newscrawl("crawl", site.base_url, "--db", str(reference), "--workers", "-1", *FAST)
        assert done.returncode == 0, done.stderr[-2000:]
        expected = stored_hashes(reference)
        assert len(expected) == PAGES

        db = tmp_path / "killed.db"
        stored_after_kill = []
        # Kill points: when the store reaches a seeded random article count, plus a seeded
        # random 0-300 ms, so kills land between batches and inside write transactions.
        for target in sorted(rng.sample(range(1, PAGES), KILLS)):
            crawl = start_crawl(site.base_url, db, "--workers", "-1", *FAST)
            deadline = time.monotonic() + 60
            while count_articles(db) < target and crawl.poll() is None:
                assert time.monotonic() < deadline
                time.sleep(0.02)
            time.sleep(rng.uniform(0.0, 0.3))
            os.killpg(crawl.pid, signal.SIGKILL)
            crawl.wait(timeout=30)
            FIGURES.sigkill_runs += 1
            sound = integrity(db) == "ok" and not any(partial_records(db).values())
            FIGURES.corrupt_databases += 0 if sound else 1
            assert sound, (integrity(db), partial_records(db))
            stored_after_kill.append(len(stored_hashes(db)))

        done = newscrawl("crawl", site.base_url, "--db", str(db), "--workers", "-1", *FAST)
        assert done.returncode == 0, done.stderr[-2000:]
    final = stored_hashes(db)
    FIGURES.records_lost_after_kill += len(expected - final)
    assert integrity(db) == "ok"
    assert not any(partial_records(db).values()), partial_records(db)
    assert final == expected
    # The kills really interrupted work in progress: most left a partly crawled store.
    mid_crawl = [n for n in stored_after_kill if 0 < n < PAGES]
    print(f"articles stored after each SIGKILL: {stored_after_kill}")
    assert len(mid_crawl) >= KILLS // 2, stored_after_kill


def count_articles(db: Path) -> int:
    """Articles committed so far, read through a read-only connection (WAL: no blocking)."""
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            (count,) = conn.execute("SELECT count(*) FROM articles").fetchone()
        conn.close()
    except sqlite3.OperationalError:  # not yet created by the crawl
        return 0
    return int(count)


SCRAPED = re.compile(r"Scraped from <200 (\S+)>")


@pytest.mark.slow
@pytest.mark.parametrize(("signum", "workers"), [(signal.SIGINT, "-1"), (signal.SIGTERM, "2")])
def test_sigint_and_sigterm_flush_what_was_extracted(
    tmp_path: Path, signum: signal.Signals, workers: str
) -> None:
    """Records extracted before the signal are in the store after Scrapy's shutdown."""
    db = tmp_path / "stopped.db"
    log = tmp_path / "crawl.log"
    # One batch for the whole crawl and no timed flush: only close_spider can save them.
    settings = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "NEWSCRAWL_BATCH_SIZE=1000",
                "-s", "NEWSCRAWL_FLUSH_SECONDS=600", "-s", "LOG_LEVEL=DEBUG"]  # fmt: skip
    with SiteServer(200) as site, log.open("wb") as sink:
        crawl = start_crawl(site.base_url, db, "--workers", workers, *settings, stderr=sink)
        deadline = time.monotonic() + 60
        while len(SCRAPED.findall(log.read_text(errors="replace"))) < 5:
            assert crawl.poll() is None and time.monotonic() < deadline
            time.sleep(0.1)
        os.killpg(crawl.pid, signum)
        returncode = crawl.wait(timeout=60)
    text = log.read_text(errors="replace")
    scraped = set(SCRAPED.findall(text))
    with sqlite3.connect(db) as conn:
        pages = {row[0] for row in conn.execute("SELECT url FROM pages")}
        (status,) = conn.execute("SELECT status FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    conn.close()
    FIGURES.graceful_stops += 1
    FIGURES.records_lost_on_stop += len(scraped - pages)
    with proving(f"{signum.name} during a crawl"):
        assert returncode == 130, text[-2000:]  # stored, but not a complete crawl
        assert "Error: interrupted: the crawl stopped before its end" in text
        assert "shutting down gracefully" in text
        assert status == "shutdown"
        assert len(scraped) >= 5
        assert scraped <= pages, scraped - pages
        assert len(pages) < 200  # it did stop early
        assert integrity(db) == "ok"
        assert not any(partial_records(db).values())


@pytest.mark.slow
def test_ctrl_c_during_an_ingest_stops_it_and_names_what_was_not_fetched(tmp_path: Path) -> None:
    """Ctrl-C reaches the extraction workers too: they leave it to the parent, which
    finishes the pages in flight (no KeyboardInterrupt traceback, no hang), lists every
    input it did not fetch as "interrupted" and exits 130."""
    db = tmp_path / "ingest.db"
    with SiteServer(200, delay=0.3) as site:
        urls = tmp_path / "urls.txt"
        urls.write_text("".join(f"{site.base_url}news/{n}.html\n" for n in range(1, 121)))
        ingest = subprocess.Popen(
            [sys.executable, "-m", "crawler", "ingest", "--file", str(urls), "--allow-private",
             "--workers", "2", "--db", str(db)],
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while not db.exists() or _stored(db) < 5:
            assert ingest.poll() is None and time.monotonic() < deadline
            time.sleep(0.2)
        os.killpg(ingest.pid, signal.SIGINT)
        out, err = ingest.communicate(timeout=60)
    lines = out.splitlines()
    with proving("SIGINT during an ingest"):
        assert ingest.returncode == 130, err[-2000:]
        assert "Traceback" not in err
        words = [line.split()[0] for line in lines[:-1]]
        assert len(words) == 120 and "interrupted" in words and "stored" in words
        assert set(words) <= {"stored", "interrupted"}
        assert lines[-1].startswith("120 inputs: ") and "interrupted" in lines[-1]
        assert integrity(db) == "ok"


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0
