"""Bad ingest inputs and store faults, through the real command line and SQLite files.

Ingest: each bad input is one error line while the other inputs go through (exit 1).
Store: a missing directory is one line; a database locked by another process is waited
for; a full database stops the work without corrupting the file.
"""

from __future__ import annotations

import resource
import signal
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from crawler.items import PageItem
from crawler.process import make_item, process_page
from reliability.conftest import integrity, newscrawl, partial_records, stored_hashes
from reliability.faultserver import FaultServer, article
from reliability.figures import proving
from reliability.sites import SiteServer
from storage import Store, StoreError


@pytest.fixture(scope="module")
def server() -> FaultServer:
    with FaultServer() as running:
        yield running  # type: ignore[misc]


def outcome_lines(stdout: str) -> dict[str, str]:
    """{input: first word of its outcome line} (the last line is the summary)."""
    found = {}
    for line in stdout.splitlines()[:-1]:
        word, _, rest = line.partition(" ")
        found[rest.strip().split("  (")[0]] = word
    return found


BAD_INPUTS = {
    "ftp://example.org/story": "not an http(s) URL",
    "file:///etc/passwd": "not an http(s) URL",
    "http://[::1/broken": "malformed URL",
    "http:///no-host": "malformed URL (no host)",
    "http://10.0.0.7/intranet": "refused private or loopback target",
    "does-not-exist.html": "no such file",
}


def test_bad_inputs_are_one_line_errors_and_the_rest_goes_through(tmp_path: Path) -> None:
    with proving("ingest: bad schemes, malformed URLs, private targets, missing file"):
        page = tmp_path / "page.html"
        page.write_text(article("A local page that is fine"), encoding="utf-8")
        db = tmp_path / "news.db"
        done = newscrawl("ingest", *BAD_INPUTS, str(page), "--db", str(db))
        assert done.returncode == 1
        assert "Traceback" not in done.stderr
        lines = done.stdout.splitlines()
        for bad, reason in BAD_INPUTS.items():
            (line,) = [x for x in lines if f" {bad}" in x and x.startswith("error")]
            assert reason in line, line
        assert any(x.startswith("stored") and str(page) in x for x in lines), lines
        assert lines[-1].startswith(f"{len(BAD_INPUTS) + 1} inputs:")
        assert len(stored_hashes(db)) == 1


def test_loopback_is_refused_unless_allowed(server: FaultServer, tmp_path: Path) -> None:
    with proving("ingest: loopback target without and with --allow-private"):
        db = tmp_path / "news.db"
        good = server.url("/good/1")
        refused = newscrawl("ingest", good, "ftp://example.org/x", "--db", str(db))
        assert refused.returncode == 1
        assert "refused private or loopback target '127.0.0.1'" in refused.stdout
        assert server.requested("/good/1") == 0  # nothing was fetched on our behalf
        allowed = newscrawl(
            "ingest", good, "ftp://example.org/x", "--allow-private", "--db", str(db)
        )
        assert allowed.returncode == 1  # the ftp: input still fails...
        assert any(x.startswith("stored") and good in x for x in allowed.stdout.splitlines())
        assert server.requested("/good/1") == 1  # ...and the loopback one went through


@pytest.mark.parametrize(
    "command",
    [
        ["crawl", "http://127.0.0.1:9/"],
        ["ingest", "http://example.org/a"],
        ["query", "SELECT 1"],
        ["search", "anything"],
        ["stats"],
    ],
)
def test_missing_database_directory_is_one_line(tmp_path: Path, command: list[str]) -> None:
    with proving("missing database directory"):
        db = tmp_path / "no" / "such" / "dir" / "news.db"
        done = newscrawl(*command, "--db", str(db), timeout=60)
        if "No such command" in done.stderr:
            pytest.skip(f"`newscrawl {command[0]}` is not in this tree yet")
        assert done.returncode != 0
        assert "Traceback" not in done.stderr
        errors = [line for line in done.stderr.splitlines() if line.startswith("Error:")]
        assert len(errors) == 1, done.stderr[-1500:]
        assert not db.parent.exists()


def hold_exclusive(db: Path, seconds: float, held: threading.Event) -> None:
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("BEGIN EXCLUSIVE")
        held.set()
        time.sleep(seconds)
        conn.execute("COMMIT")
    finally:
        conn.close()


@pytest.mark.parametrize("command", ["ingest", "crawl"])
def test_a_locked_database_is_waited_for(server: FaultServer, tmp_path: Path, command: str) -> None:
    """Another process holds BEGIN EXCLUSIVE for 3 s: our writes wait and succeed."""
    with proving(f"database locked by another connection ({command})"):
        db = tmp_path / "news.db"
        Store(db).close()  # the file exists, migrated
        held = threading.Event()
        locker = threading.Thread(target=hold_exclusive, args=(db, 3.0, held))
        locker.start()
        try:
            assert held.wait(10)
            started = time.monotonic()
            if command == "ingest":
                page = tmp_path / "page.html"
                page.write_text(article("Written while the file was locked"), encoding="utf-8")
                done = newscrawl("ingest", str(page), "--url", "https://example.org/locked",
                                 "--db", str(db))  # fmt: skip
            else:
                done = newscrawl("crawl", server.url("/good/2"), "--db", str(db),
                                 "--workers", "-1", "-s", "LOG_LEVEL=INFO")  # fmt: skip
            waited = time.monotonic() - started
        finally:
            locker.join()
        assert done.returncode == 0, done.stderr[-2000:]
        assert "database is locked" not in done.stderr + done.stdout
        wanted = "https://example.org/locked" if command == "ingest" else server.url("/good/2")
        assert wanted in {url for url, _ in stored_hashes(db)}
        assert waited >= 1.0  # it really met the lock (the child starts in ~1 s)
        assert integrity(db) == "ok"


def items(count: int, prefix: str) -> list[PageItem]:
    made = []
    for n in range(count):
        html = article(f"{prefix} story number {n}").encode()
        url = f"https://example.org/{prefix}/{n}"
        made.append(make_item(url=url, requested_url=url, html=html,
                              processed=process_page(html, url)))  # fmt: skip
    return made


def test_a_full_database_fails_cleanly(tmp_path: Path) -> None:
    """PRAGMA max_page_count makes the file 'full': the batch fails whole, the file
    stays sound, what was stored before is intact, and the store works again with room."""
    with proving("full disk (max_page_count)"):
        db = tmp_path / "news.db"
        before = items(3, "before")
        batch = items(30, "after")
        with Store(db) as store:
            store.save_many(before)
            (pages,) = store.conn.execute("PRAGMA page_count").fetchone()
            store.conn.execute(f"PRAGMA max_page_count = {pages + 2}")
            with pytest.raises((sqlite3.OperationalError, StoreError), match="full"):
                store.save_many(batch)
            assert len(stored_hashes(db)) == 3
            store.conn.execute("PRAGMA max_page_count = 1073741823")
            assert [o.status for o in store.save_many(batch)] == ["new"] * 30
        assert integrity(db) == "ok"
        assert not any(partial_records(db).values())
        assert len(stored_hashes(db)) == 33


def limit_file_size(limit: int) -> None:
    """In the child: writes past `limit` bytes fail with EFBIG, as on a full disk."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_a_crawl_onto_a_full_disk_stops_cleanly(tmp_path: Path) -> None:
    with proving("full disk during a crawl (RLIMIT_FSIZE)"), SiteServer(40) as site:
        db = tmp_path / "news.db"
        Store(db).close()
        size = db.stat().st_size
        done = newscrawl(
            "crawl", site.base_url, "--db", str(db), "--workers", "-1",
            "-s", "NEWSCRAWL_BATCH_SIZE=5", "-s", "AUTOTHROTTLE_ENABLED=False",
            preexec_fn=lambda: limit_file_size(size + 150_000),
        )  # fmt: skip
        assert done.returncode != 0
        assert "the store rejected the pages" in done.stderr, done.stderr[-3000:]
        assert "Error caught on signal handler" not in done.stderr  # one line, see runs.py
        assert integrity(db) == "ok"
        # The end of the run is one small row: whether it still fits depends on
        # how far into the last page of the file the failed batch got. Either it
        # was recorded with the reason, or the log says in one line that it was not.
        with sqlite3.connect(db) as conn:
            (status,) = conn.execute("SELECT status FROM runs WHERE id = 1").fetchone()
        unrecorded = "could not record the end of run 1" in done.stderr
        assert status == "store_failed" or (status == "running" and unrecorded), status
        assert not any(partial_records(db).values())
        assert len(stored_hashes(db)) < 40


def test_a_crawl_that_lost_some_pages_does_not_end_as_a_success(tmp_path: Path) -> None:
    """The store refuses one page (here a trigger; on a nearly full disk, the larger
    pages) while the rest of each batch is saved one by one: the crawl goes on, but it
    used to print its summary without the loss and exit 0."""
    with SiteServer(12) as site:
        db = tmp_path / "news.db"
        Store(db).close()
        with sqlite3.connect(db) as conn:
            conn.execute(
                "CREATE TRIGGER refuse BEFORE INSERT ON pages WHEN NEW.url LIKE '%/news/3.html'"
                " BEGIN SELECT RAISE(ABORT, 'refused for the test'); END"
            )
        done = newscrawl(
            "crawl", site.base_url, "--db", str(db), "--workers", "-1",
            "-s", "NEWSCRAWL_BATCH_SIZE=4", "-s", "AUTOTHROTTLE_ENABLED=False",
            "-s", "DEPTH_LIMIT=2",  # the sitemap's pages, not the links they guess at
        )  # fmt: skip
        assert done.returncode == 1, done.stderr[-3000:]
        assert "Traceback" not in done.stderr  # the file's condition is one line a batch
        assert "1 not stored" in done.stdout
        assert done.stderr.strip().splitlines()[-1] == (
            "Error: 1 pages could not be stored (see the log above)"
        )
        assert len(stored_hashes(db)) == 11
