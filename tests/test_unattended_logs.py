"""An unattended crawl's log and exit status: one line per failed download, and a
crawl that reached nothing (or a site among several that failed) exits non-zero."""

from __future__ import annotations

import logging
import socket
import sys
from pathlib import Path

from cli_support import newscrawl
from scrapy.exceptions import DownloadConnectionRefusedError

from crawler.demo.server import DemoSite
from crawler.logs import NetworkErrorFilter
from crawler.output import RUN_COLUMNS, run_row
from storage import Store


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def record(msg: str, args: dict[str, object], error: BaseException) -> logging.LogRecord:
    try:
        raise error
    except BaseException:
        exc_info = sys.exc_info()
    return logging.LogRecord(
        "scrapy.core.scraper", logging.ERROR, __file__, 1, msg, (args,), exc_info
    )


def test_a_network_failure_becomes_one_line_and_a_bug_keeps_its_traceback() -> None:
    quiet = NetworkErrorFilter((DownloadConnectionRefusedError,))
    refused = record(
        "Error downloading %(request)s", {"request": "<GET http://a.test/1>"},
        DownloadConnectionRefusedError("Connection was refused by other side"),
    )  # fmt: skip
    assert quiet.filter(refused)
    assert refused.exc_info is None
    assert refused.getMessage() == (
        "Error downloading <GET http://a.test/1>: Connection was refused by other side"
    )
    bug = record(
        "Error downloading %(request)s", {"request": "<GET http://a.test/2>"}, KeyError("x")
    )
    spider_error = record(
        "Spider error processing %(request)s", {"request": "<GET http://a.test/3>"},
        DownloadConnectionRefusedError("refused"),
    )  # fmt: skip
    for kept in (bug, spider_error):
        assert quiet.filter(kept)
        assert kept.exc_info is not None
        assert "Traceback" in logging.Formatter().format(kept)


def test_an_unreachable_site_logs_one_line_per_failure_and_exits_1(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}/news/a"
    done = newscrawl("crawl", url, "--db", str(tmp_path / "news.db"), "--workers", "-1")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == (
        "Error: no answer to any request: the site is unreachable (see the log above)"
    )
    assert "Traceback" not in done.stderr
    assert f"Error downloading <GET {url}>: Connection was refused" in done.stderr
    assert "Telnet" not in done.stderr  # no console listening on an unattended crawl
    with Store(tmp_path / "news.db", readonly=True) as store:
        (run,) = store.runs()
    assert run["status"] == "unreachable"  # not "finished": `newscrawl runs` shows the failure
    assert run_row(run)[RUN_COLUMNS.index("errors")] == 2  # robots.txt and the page gave up


def test_crawling_several_sites_goes_on_past_a_failed_one_and_exits_1(tmp_path: Path) -> None:
    db, sites = tmp_path / "news.db", tmp_path / "sites.toml"
    with DemoSite() as site:
        sites.write_text(
            f'[sites.down]\nstart_urls = ["http://127.0.0.1:{closed_port()}/"]\n'
            f'[sites.demo]\nstart_urls = ["{site.base_url}/en/"]\nallow = ["/en/"]\n',
            encoding="utf-8",
        )
        done = newscrawl("crawl", "down", "demo", "--sites", str(sites), "--db", str(db))
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == (
        "Error: the crawl of down failed (see the log above)"
    )
    with Store(db, readonly=True) as store:
        runs = {run["site"]: run for run in store.runs()}
    assert runs["demo"]["stats"]["newscrawl/new"] >= 1  # the site after the failed one ran
    assert "newscrawl/new" not in runs["down"]["stats"]


def test_a_start_url_with_credentials_is_refused_before_any_fetch(tmp_path: Path) -> None:
    url = f"http://reader:s3cret@127.0.0.1:{closed_port()}/news/a"
    done = newscrawl("crawl", url, "--db", str(tmp_path / "news.db"))
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"Error: credentials in a URL are not supported: '{url.replace('reader:s3cret', '***')}'"
    ]


def test_a_setting_override_that_does_not_read_as_its_kind_is_one_line(tmp_path: Path) -> None:
    for pair, message in (
        ("CLOSESPIDER_PAGECOUNT=abc", "-s CLOSESPIDER_PAGECOUNT: 'abc' is not a number"),
        ("ROBOTSTXT_OBEY=maybe", "-s ROBOTSTXT_OBEY: 'maybe' is not a flag (1/0, true/false)"),
    ):
        done = newscrawl("crawl", "https://news.example.org/", "-s", pair,
                         "--db", str(tmp_path / "n.db"))  # fmt: skip
        assert done.returncode == 1
        assert done.stderr.strip().splitlines() == [f"Error: {message}"]
