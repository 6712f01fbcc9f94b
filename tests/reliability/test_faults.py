"""One real crawl (`python -m crawler crawl`) of the fault server: every fault is met.

The crawl runs once per module with DOWNLOAD_TIMEOUT=2 and DOWNLOAD_MAXSIZE=2 MB at
DEBUG log level; each test reads what it needs from the store, the server's request log
and the crawl's stderr, and records the fault kind it proved in the session figures.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from reliability.conftest import integrity, newscrawl, partial_records
from reliability.faultserver import COOKIE_SECRET, FaultServer
from reliability.figures import proving

MAXSIZE = 2_000_000  # above the bomb's 1 MB on the wire, far below its 1 GiB inflated


@dataclass
class Crawl:
    server: FaultServer
    db: Path
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    def page(self, path: str) -> tuple[str, str | None] | None:
        """(outcome, reason) of the stored page at `path`, or None if not stored."""
        with sqlite3.connect(self.db) as conn:
            row = conn.execute(
                "SELECT outcome, reason FROM pages WHERE url = ?", (self.server.url(path),)
            ).fetchone()
        conn.close()
        return (row[0], row[1]) if row else None

    def article(self, path: str) -> tuple[str, str] | None:
        with sqlite3.connect(self.db) as conn:
            row = conn.execute(
                "SELECT a.title, a.body FROM aliases s JOIN articles a ON a.id = s.article_id"
                " WHERE s.url = ?",
                (self.server.url(path),),
            ).fetchone()
        conn.close()
        return (row[0], row[1]) if row else None

    def stats(self) -> dict[str, object]:
        with sqlite3.connect(self.db) as conn:
            (raw,) = conn.execute("SELECT stats FROM runs ORDER BY id DESC LIMIT 1").fetchone()
        conn.close()
        stats: dict[str, object] = json.loads(raw)
        return stats


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    import time

    db = tmp_path_factory.mktemp("faults") / "faults.db"
    with FaultServer() as server:
        started = time.monotonic()
        done = newscrawl(
            "crawl", server.url("/"), "--db", str(db), "--workers", "-1",
            "-s", "DOWNLOAD_TIMEOUT=2", "-s", f"DOWNLOAD_MAXSIZE={MAXSIZE}",
            "-s", "LOG_LEVEL=DEBUG", "-s", "AUTOTHROTTLE_ENABLED=False",
        )  # fmt: skip
        yield Crawl(
            server, db, done.returncode, done.stdout, done.stderr, time.monotonic() - started
        )


def test_crawl_survives_every_fault(crawl: Crawl) -> None:
    """The crawl finishes normally, the store is sound and the controls are stored."""
    with proving("crawl over all faults finishes, store sound"):
        assert crawl.returncode == 0, crawl.stderr[-3000:]
        assert "finish_reason" in crawl.stats() and crawl.stats()["finish_reason"] == "finished"
        assert integrity(crawl.db) == "ok"
        assert not any(partial_records(crawl.db).values()), partial_records(crawl.db)
        assert crawl.article("/good/1") is not None
        assert crawl.article("/good/2") is not None
        assert crawl.seconds < 60


def test_slow_response_times_out(crawl: Crawl) -> None:
    with proving("slow response past DOWNLOAD_TIMEOUT"):
        assert "took longer than 2.0 seconds" in crawl.stderr
        assert crawl.page("/slow") is None
        assert 1 <= crawl.server.requested("/slow") <= 3  # RETRY_TIMES=2


def test_connection_refused(crawl: Crawl) -> None:
    with proving("connection refused"):
        assert "Connection refused" in crawl.stderr
        assert crawl.stats().get(
            "retry/reason_count/scrapy.exceptions.DownloadConnectionRefusedError"
        )


def test_connection_dropped_mid_body(crawl: Crawl) -> None:
    with proving("connection dropped mid-body"):
        assert "data loss" in crawl.stderr.lower() or "ResponseDataLossError" in crawl.stderr
        assert crawl.page("/truncated") is None


def test_5xx_then_200_is_retried(crawl: Crawl) -> None:
    with proving("503 then 200"):
        assert crawl.server.requested("/flaky") == 2
        stored = crawl.article("/flaky")
        assert stored is not None and stored[0] == "Flaky server recovers"


@pytest.mark.parametrize("path", ["/missing", "/gone"])
def test_404_and_410_store_nothing(crawl: Crawl, path: str) -> None:
    with proving(f"status {'404' if path == '/missing' else '410'}"):
        assert crawl.server.requested(path) == 1  # not retried
        assert crawl.page(path) is None


def test_redirect_loops_stop_at_the_limit(crawl: Crawl) -> None:
    with proving("redirect loop and endless redirect chain"):
        assert "max redirections reached" in crawl.stderr
        chain = [p for p in crawl.server.paths() if p.startswith("/chain/")]
        assert len(chain) == 6  # the first request plus REDIRECT_MAX_TIMES=5
        # a -> b -> a: the dupefilter drops the second /loop/a; never more than the limit
        loop = [p for p in crawl.server.paths() if p.startswith("/loop/")]
        assert 2 <= len(loop) <= 6


@pytest.mark.parametrize(
    ("path", "kind"), [("/report", "application/pdf"), ("/picture", "image/png")]
)
def test_pdf_and_png_are_skipped_with_a_reason(crawl: Crawl, path: str, kind: str) -> None:
    with proving(f"{kind} response"):
        assert f"skipped {crawl.server.url(path)}: not HTML ({kind})" in crawl.stderr
        assert crawl.page(path) is None


def test_page_over_maxsize_is_aborted(crawl: Crawl) -> None:
    with proving("page over DOWNLOAD_MAXSIZE"):
        assert f"larger than download max size ({MAXSIZE})" in crawl.stderr
        assert crawl.page("/huge") is None


def test_gzip_bomb_is_bounded_by_maxsize_on_the_inflated_size(crawl: Crawl) -> None:
    """1 MB on the wire passes the download limit; HttpCompressionMiddleware stops the
    inflation at DOWNLOAD_MAXSIZE instead of building 1 GiB in memory."""
    with proving("gzip bomb"):
        bomb_lines = [line for line in crawl.stderr.splitlines() if "/bomb" in line]
        assert any("max size" in line or "maxsize" in line.lower() for line in bomb_lines), (
            bomb_lines
        )
        assert crawl.page("/bomb") is None


def test_invalid_utf8_is_stored_without_error(crawl: Crawl) -> None:
    with proving("invalid UTF-8 bytes"):
        stored = crawl.article("/bad-utf8")
        assert stored is not None and "tram network" in stored[1]


def test_cp1251_declared_utf8_is_read_as_cyrillic(crawl: Crawl) -> None:
    with proving("cp1251 bytes declared utf-8"):
        stored = crawl.article("/wrong-charset")
        assert stored is not None
        assert stored[0] == "Міська рада розширить трамвайну мережу"
        assert "трамвайної мережі" in stored[1]


def test_empty_body_is_skipped(crawl: Crawl) -> None:
    with proving("empty 200 body"):
        assert f"skipped {crawl.server.url('/empty')}: empty body" in crawl.stderr
        assert crawl.page("/empty") is None


@pytest.mark.parametrize(
    ("path", "kind"),
    [("/no-body", "HTML without <body>"), ("/garbage", "binary garbage as text/html")],
)
def test_bodiless_and_garbage_pages_are_not_articles(crawl: Crawl, path: str, kind: str) -> None:
    with proving(kind):
        stored = crawl.page(path)
        assert stored is not None and stored[0] == "not_article", stored
        assert crawl.article(path) is None


def test_deeply_nested_html(crawl: Crawl) -> None:
    with proving("HTML nested 10,000 levels"):
        stored = crawl.page("/deep")
        assert stored is not None  # extracted without RecursionError; the crawl went on
        assert "RecursionError" not in crawl.stderr


def test_challenge_page_is_not_an_article(crawl: Crawl) -> None:
    with proving("200 challenge page (Just a moment...)"):
        assert crawl.page("/challenge") == ("not_article", "challenge page")
        assert crawl.article("/challenge") is None


def test_robots_disallow_is_never_fetched(crawl: Crawl) -> None:
    with proving("robots.txt disallow"):
        assert crawl.server.requested("/") == 1  # the link to /private/secret was seen
        assert crawl.server.requested("/private/secret") == 0
        assert crawl.stats().get("downloader/exception_type_count/scrapy.exceptions.IgnoreRequest")


@pytest.mark.parametrize(
    "path", ["/sitemap-bad.xml", "/feed-bad.xml", "/sitemap-bomb.xml", "/feed-bomb.xml"]
)
def test_malformed_and_entity_bomb_xml(crawl: Crawl, path: str) -> None:
    kind = ("entity bomb " if "bomb" in path else "malformed ") + path.split("-")[0][1:]
    with proving(kind):
        assert crawl.server.requested(path) == 1
        assert "lol" * 10 not in crawl.stderr  # no entity was ever expanded
        assert f"Spider error processing <GET {crawl.server.url(path)}>" not in crawl.stderr


def test_offsite_links_are_not_requested(crawl: Crawl) -> None:
    with proving("offsite links"):
        assert crawl.page("/offsite-links") is not None  # the page was read...
        assert crawl.server.requested("/offsite-target") == 0  # ...its localhost link not
        assert "offsite.invalid" not in "".join(crawl.server.paths())
        hosts = {h.get("Host", "") for _, h in crawl.server.log}
        assert hosts == {f"127.0.0.1:{crawl.server.port}"}


def test_cookies_never_reach_the_log(crawl: Crawl) -> None:
    with proving("Set-Cookie value in a DEBUG log"):
        assert crawl.server.requested("/cookie") == 1
        assert "DEBUG" in crawl.stderr
        assert COOKIE_SECRET not in crawl.stderr
        assert COOKIE_SECRET not in crawl.stdout
        # COOKIES_ENABLED=False: the cookie is never sent back either
        assert not any("Cookie" in headers for _, headers in crawl.server.log)


def test_no_spider_or_pipeline_errors(crawl: Crawl) -> None:
    """Faults are download outcomes; none may surface as an error in our code."""
    with proving("no exception escapes spiders, pipelines or extraction"):
        assert "Spider error processing" not in crawl.stderr
        assert "Error processing {" not in crawl.stderr  # an item pipeline raised
        assert "Error caught on signal handler" not in crawl.stderr
        assert crawl.stats().get("newscrawl/errors/extraction") is None


def test_an_unparsable_url_in_a_sitemap_costs_only_itself(crawl: Crawl) -> None:
    """`http://example.org[/x` before good entries (a sitemap <loc>, a robots.txt Sitemap
    line, a feed <link> on the front page): the good ones are still crawled."""
    with proving("unparsable URLs in a sitemap, robots.txt and a feed <link>"):
        assert crawl.server.requested("/feed-bad.xml") == 1  # listed after the bad <link>
        assert crawl.server.requested("/sitemap-bad-url.xml") == 1
        assert crawl.server.requested("/good/3") == 1
        assert crawl.article("/good/3") is not None
