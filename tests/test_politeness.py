"""Politeness: the User-Agent names newscrawl and a contact, and robots.txt is obeyed."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from cli_support import newscrawl

ARTICLE = (
    "<html lang='en'><head><title>A story</title></head><body><article><h1>A story</h1>"
    + "<p>The council approved the new budget for the city's schools on Monday evening.</p>" * 6
    + "</article><a href='/private/secret.html'>Secret plans for the budget revealed</a>"
    "</body></html>"
)


class Recorder(BaseHTTPRequestHandler):
    seen: ClassVar[list[tuple[str, str]]] = []

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        Recorder.seen.append((self.path, self.headers.get("User-Agent", "")))
        if self.path == "/robots.txt":
            self.send(200, "text/plain", b"User-agent: *\nDisallow: /private/\n")
        else:
            self.send(200, "text/html; charset=utf-8", ARTICLE.encode())

    def send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    Recorder.seen = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture
def server() -> Iterator[str]:
    yield from serving(Recorder)


def test_user_agent_names_the_contact_and_robots_txt_is_obeyed(server: str, tmp_path: Path) -> None:
    done = newscrawl(
        "crawl", f"{server}/news/story.html", "--db", str(tmp_path / "news.db"),
        "-s", "NEWSCRAWL_CONTACT_URL=https://research.example/crawler",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    paths = [path for path, _ in Recorder.seen]
    assert "/news/story.html" in paths
    assert not [p for p in paths if p.startswith("/private/")]
    agents = {agent for _, agent in Recorder.seen}
    assert agents == {"newscrawl/0.1.0 (+https://research.example/crawler)"}


class SitemapRecorder(Recorder):
    """robots.txt names a sitemap that lists one article linked from nowhere else."""

    robots_status: ClassVar[int] = 200

    def do_GET(self) -> None:
        if self.path == "/robots.txt":
            Recorder.seen.append((self.path, self.headers.get("User-Agent", "")))
            robots = b"User-agent: *\nDisallow: /private/\nSitemap: /map.xml\n"
            self.send(SitemapRecorder.robots_status, "text/plain", robots)
        elif self.path == "/map.xml":
            Recorder.seen.append((self.path, ""))
            self.send(200, "application/xml", (
                b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                b"<url><loc>/news/only-in-sitemap.html</loc></url></urlset>"
            ))  # fmt: skip
        else:
            super().do_GET()


@pytest.fixture
def sitemap_server() -> Iterator[str]:
    SitemapRecorder.robots_status = 200
    yield from serving(SitemapRecorder)


def crawl_story(server: str, tmp_path: Path) -> tuple[list[str], str]:
    """Crawl from /news/story.html; the paths the server was asked for, and the log."""
    done = newscrawl(
        "crawl", f"{server}/news/story.html", "--db", str(tmp_path / "news.db"),
        "--workers", "-1",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return [path for path, _ in Recorder.seen], done.stderr


def test_robots_txt_is_fetched_once_for_its_rules_and_its_sitemaps(
    sitemap_server: str, tmp_path: Path
) -> None:
    paths, log = crawl_story(sitemap_server, tmp_path)
    assert paths.count("/robots.txt") == 1
    assert "/news/only-in-sitemap.html" in paths  # the spider read the shared body
    assert not [p for p in paths if p.startswith("/private/")]  # and the rules held
    assert "'newscrawl/robotstxt_shared': 1" in log


def test_a_failing_robots_txt_is_not_asked_for_again(sitemap_server: str, tmp_path: Path) -> None:
    SitemapRecorder.robots_status = 503  # retried: 1 request + RETRY_TIMES=2
    paths, _ = crawl_story(sitemap_server, tmp_path)
    assert paths.count("/robots.txt") == 3
    assert "/news/story.html" in paths


def test_kept_robots_answers_are_handed_out_once_and_bounded() -> None:
    from scrapy import Request
    from scrapy.http import Response

    from crawler.politeness import ROBOTS_SHARE_MAX_KEPT, SharedRobotsTxtMiddleware

    shared = SharedRobotsTxtMiddleware(stats=None)
    urls = [f"https://host{i}.example/robots.txt" for i in range(ROBOTS_SHARE_MAX_KEPT + 1)]
    for url in urls:  # what RobotsTxtMiddleware's own fetches bring back
        fetch = Request(url, meta={"dont_obey_robotstxt": True})
        shared.process_response(fetch, Response(url, body=b"User-agent: *\nDisallow: /x/\n"))
    assert len(shared.kept) == ROBOTS_SHARE_MAX_KEPT
    assert shared.process_request(Request(urls[0])) is None  # the oldest was dropped
    answer = shared.process_request(Request(urls[-1]))
    assert answer is not None and answer.body == b"User-agent: *\nDisallow: /x/\n"
    assert shared.process_request(Request(urls[-1])) is None  # once only


class TimedRecorder(Recorder):
    """A front page linking to 6 stories; the time of every request."""

    times: ClassVar[list[float]] = []

    def do_GET(self) -> None:
        TimedRecorder.times.append(time.monotonic())
        if self.path == "/news/":
            links = "".join(f'<a href="/news/story-{i}.html">Story {i}</a> ' for i in range(6))
            self.send(200, "text/html", f"<html><body>{links}</body></html>".encode())
        else:
            super().do_GET()


def test_a_sites_delay_holds_for_the_whole_crawl(tmp_path: Path) -> None:
    """AutoThrottle tunes the delay from latencies; a site's own `delay` is its floor."""
    TimedRecorder.times = []
    for base in serving(TimedRecorder):
        sites = tmp_path / "sites.toml"
        sites.write_text(
            f'[sites.slow]\nstart_urls = ["{base}/news/"]\ndelay = 0.4\nconcurrency = 1\n',
            encoding="utf-8",
        )
        done = newscrawl("crawl", "slow", "--sites", str(sites), "--db", str(tmp_path / "n.db"))
        assert done.returncode == 0, done.stderr[-2000:]
    times = TimedRecorder.times
    assert len(times) >= 8  # robots.txt, the front page, 6 stories
    gaps = [b - a for a, b in itertools.pairwise(times)]
    # Scrapy spreads each wait over 0.5 to 1.5 times the delay (DOWNLOAD_DELAY_JITTER)
    assert min(gaps) >= 0.5 * 0.4 * 0.9, gaps
