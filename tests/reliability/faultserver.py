"""A local HTTP server on 127.0.0.1 that answers every route with one kind of fault.

The front page `/` links to every fault route, so one crawl from `/` meets them all;
robots.txt names a malformed sitemap and an entity-bomb sitemap, and the front page
links a malformed feed and an entity-bomb feed. Every request is logged (path and
headers) so tests can prove what was, and was not, fetched.

    with FaultServer() as server:
        server.url("/")            # http://127.0.0.1:PORT/
        server.requested("/slow")  # how many times /slow was asked for
"""

from __future__ import annotations

import functools
import random
import socket
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self

from bench.sitegen import paragraph

HTML = "text/html; charset=utf-8"
# A Set-Cookie value and a URL token that must never show up in a crawl's log.
COOKIE_SECRET = "s3cr3t-cookie-4f1e9a"
TOKEN_SECRET = "t0k3n-8c2d71"
SLOW_SECONDS = 5.0  # past the DOWNLOAD_TIMEOUT=2 the tests set
BOMB_BYTES = 1 << 30  # the gzip bomb inflates to 1 GiB of zeros

PARAGRAPHS = [
    "The city council voted on Tuesday to expand the tram network by twelve kilometres, "
    "a project that planners say will cut commuting times in the eastern districts.",
    "Officials said construction would begin next spring and last about three years, "
    "with the first new stops opening to passengers before the end of the decade.",
    "Residents of the affected streets will be consulted in a series of public meetings, "
    "and the council has promised compensation for businesses disrupted by the works.",
    "Opposition members criticised the cost of the plan but agreed that the current bus "
    "services cannot cope with the growth of the suburbs over the past ten years.",
]


def article(title: str, extra: str = "", body_open: str = "<body>") -> str:
    """An English news page whose prose is seeded by its title (distinct bodies)."""
    rng = random.Random(title)
    paras = "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "".join(
        f"<p>{paragraph(rng)}</p>" for _ in range(6)
    )
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="og:type" content="article"></head>{body_open}<article>'
        f"<h1>{title}</h1>{paras}{extra}</article></body></html>"
    )


def billion_laughs(root: str, entry: str) -> bytes:
    lines = ['<?xml version="1.0"?>', "<!DOCTYPE lolz [", '<!ENTITY lol "lol">']
    for level in range(1, 10):
        refs = f"&lol{level - 1};" if level > 1 else "&lol;"
        lines.append(f'<!ENTITY lol{level} "{refs * 10}">')
    lines.append("]>")
    lines.append(f"<{root}><{entry}><loc>&lol9;</loc><link>&lol9;</link></{entry}></{root}>")
    return "\n".join(lines).encode()


@functools.cache
def gzip_bomb() -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: gzip container
    zeros = bytes(1 << 20)
    parts = [compressor.compress(zeros) for _ in range(BOMB_BYTES >> 20)]
    parts.append(compressor.flush())
    return b"".join(parts)


@dataclass(frozen=True, slots=True)
class Fault:
    """One route: what it serves and what newscrawl must do with it."""

    path: str
    kind: str
    expect: str


# path -> (kind, what newscrawl must do). Routes not linked from `/` are marked.
FAULTS = [
    Fault("/good/1", "control article", "stored"),
    Fault("/good/2", "control article", "stored"),
    Fault("/slow", "response slower than DOWNLOAD_TIMEOUT", "timed out, not stored"),
    Fault("/truncated", "connection dropped mid-body", "failed, not stored"),
    Fault("/flaky", "503 then 200", "retried, stored"),
    Fault("/missing", "404", "not stored"),
    Fault("/gone", "410", "not stored"),
    Fault("/loop/a", "redirect loop", "stopped after REDIRECT_MAX_TIMES"),
    Fault("/chain/0", "endless redirect chain", "stopped after REDIRECT_MAX_TIMES"),
    Fault("/report", "PDF", "skipped: not HTML"),
    Fault("/picture", "PNG", "skipped: not HTML"),
    Fault("/huge", "body over DOWNLOAD_MAXSIZE", "aborted"),
    Fault("/bomb", "gzip bomb (1 GiB of zeros)", "aborted at DOWNLOAD_MAXSIZE"),
    Fault("/bad-utf8", "invalid UTF-8 bytes", "stored, decoded with replacement"),
    Fault("/wrong-charset", "cp1251 bytes declared utf-8", "stored as Cyrillic text"),
    Fault("/empty", "empty 200 body", "skipped: empty body"),
    Fault("/no-body", "HTML without <body>", "no exception"),
    Fault("/deep", "10,000 nested elements", "no exception, crawl goes on"),
    Fault("/garbage", "binary garbage as text/html", "not stored as an article"),
    Fault("/challenge", "200 Cloudflare-style challenge page", "not stored as an article"),
    Fault("/private/secret", "robots.txt disallow", "never requested"),
    Fault("/cookie", "Set-Cookie and a ?token= URL", "secrets not in the log"),
    Fault("/offsite-links", "links to another host", "offsite URLs never requested"),
]


class Handler(BaseHTTPRequestHandler):
    server: FaultServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        self.server.log_request_path(self.path, dict(self.headers.items()))
        route = self.server.routes().get(path)
        if route is None and path.startswith("/chain/"):
            route = self.server.chain
        if route is None:
            self.send(404, b"<html><body>not found</body></html>")
            return
        route(self)

    def send(
        self,
        status: int,
        body: bytes,
        content_type: str = HTML,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, target: str) -> None:
        self.send(302, b"", headers={"Location": target})


class FaultServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.port = self.server_address[1]
        self.log: list[tuple[str, dict[str, str]]] = []
        self._lock = threading.Lock()
        self.stopping = threading.Event()
        self.handler_errors = 0
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.closed_port = _closed_port()
        gzip_bomb()  # built once per session (2 s), before any request can wait on it

    # -- lifecycle -------------------------------------------------------------------

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stopping.set()
        self.shutdown()
        self.server_close()
        self._thread.join(timeout=10)

    # -- what tests read ---------------------------------------------------------------

    def handle_error(self, request: Any, client_address: Any) -> None:
        # The crawler hangs up on slow, huge and bomb responses on purpose: count, not print.
        self.handler_errors += 1

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def log_request_path(self, path: str, headers: dict[str, str]) -> None:
        with self._lock:
            self.log.append((path, headers))

    def requested(self, path: str) -> int:
        """How many requests asked for `path` (query string ignored)."""
        with self._lock:
            return sum(1 for p, _ in self.log if p.split("?", 1)[0] == path)

    def paths(self) -> list[str]:
        with self._lock:
            return [p for p, _ in self.log]

    # -- routes ------------------------------------------------------------------------

    def routes(self) -> dict[str, Callable[[Handler], None]]:
        return {
            "/": self.front,
            "/robots.txt": self.robots,
            "/good/1": lambda h: h.send(200, article("Tram network to grow").encode()),
            "/good/2": lambda h: h.send(200, article("Harbour bridge repaired").encode()),
            "/slow": self.slow,
            "/truncated": self.truncated,
            "/flaky": self.flaky,
            "/missing": lambda h: h.send(404, b"<html><body>missing</body></html>"),
            "/gone": lambda h: h.send(410, b"<html><body>gone</body></html>"),
            "/loop/a": lambda h: h.redirect("/loop/b"),
            "/loop/b": lambda h: h.redirect("/loop/a"),
            "/report": lambda h: h.send(200, b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n", "application/pdf"),
            "/picture": lambda h: h.send(200, b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png"),
            "/huge": self.huge,
            "/bomb": self.bomb,
            "/bad-utf8": self.bad_utf8,
            "/wrong-charset": self.wrong_charset,
            "/empty": lambda h: h.send(200, b""),
            "/no-body": self.no_body,
            "/deep": self.deep,
            "/garbage": self.garbage,
            "/challenge": self.challenge,
            "/private/secret": lambda h: h.send(200, article("Private page").encode()),
            "/cookie": self.cookie,
            "/offsite-links": self.offsite_links,
            "/offsite-target": lambda h: h.send(200, article("Offsite").encode()),
            "/sitemap-bad.xml": lambda h: h.send(200, SITEMAP_BAD, "application/xml"),
            "/sitemap-bomb.xml": lambda h: h.send(
                200, billion_laughs("urlset", "url"), "application/xml"
            ),
            "/sitemap-bad-url.xml": lambda h: h.send(200, SITEMAP_BAD_URL, "application/xml"),
            "/good/3": lambda h: h.send(200, article("Ferry timetable changes").encode()),
            "/feed-bad.xml": lambda h: h.send(200, FEED_BAD, "application/rss+xml"),
            "/feed-bomb.xml": lambda h: h.send(
                200, billion_laughs("rss", "item"), "application/rss+xml"
            ),
        }

    def front(self, h: Handler) -> None:
        links = "".join(f'<li><a href="{f.path}">{f.kind}</a></li>' for f in FAULTS)
        links += f'<li><a href="http://127.0.0.1:{self.closed_port}/refused">refused</a></li>'
        head = (
            # an unparsable feed URL first: the page's other links must still be followed
            '<link rel="alternate" type="application/rss+xml" href="http://example.org[/f">'
            '<link rel="alternate" type="application/rss+xml" href="/feed-bad.xml">'
            '<link rel="alternate" type="application/rss+xml" href="/feed-bomb.xml">'
        )
        h.send(200, f"<html><head>{head}</head><body><ul>{links}</ul></body></html>".encode())

    def robots(self, h: Handler) -> None:
        text = (
            "User-agent: *\nDisallow: /private/\n"
            f"Sitemap: {self.url('/sitemap-bad.xml')}\nSitemap: {self.url('/sitemap-bomb.xml')}\n"
            f"Sitemap: {self.url('/sitemap-bad-url.xml')}\nSitemap: http://example.org[/s\n"
        )
        h.send(200, text.encode(), "text/plain")

    def slow(self, h: Handler) -> None:
        self.stopping.wait(SLOW_SECONDS)
        h.send(200, article("Slow page").encode())

    def truncated(self, h: Handler) -> None:
        body = article("Truncated page").encode()
        h.send_response(200)
        h.send_header("Content-Type", HTML)
        h.send_header("Content-Length", str(len(body) * 10))
        h.end_headers()
        h.wfile.write(body[: len(body) // 2])
        h.wfile.flush()
        h.close_connection = True
        h.connection.shutdown(socket.SHUT_RDWR)

    def flaky(self, h: Handler) -> None:
        if self.requested("/flaky") <= 1:
            h.send(503, b"<html><body>try again</body></html>")
        else:
            h.send(200, article("Flaky server recovers").encode())

    def chain(self, h: Handler) -> None:
        step = int(h.path.rsplit("/", 1)[-1] or 0)
        h.redirect(f"/chain/{step + 1}")

    def huge(self, h: Handler) -> None:
        filler = "<p>" + "padding " * 20 + "</p>"
        h.send(200, article("Huge page", filler * 16000).encode())  # ~2.7 MB

    def bomb(self, h: Handler) -> None:
        h.send(200, gzip_bomb(), headers={"Content-Encoding": "gzip"})

    def bad_utf8(self, h: Handler) -> None:
        html = article("Invalid bytes in a page").encode()
        html = html.replace(b"<h1>", b"<h1>\xff\xfe\xc3\x28 ", 1)
        html = html.replace(b"<p>The city", b"<p>\xff\xfe\xc3\x28 The city", 1)
        h.send(200, html)

    def wrong_charset(self, h: Handler) -> None:
        title = "Міська рада розширить трамвайну мережу"
        paras = "".join(
            f"<p>{s}</p>"
            for s in [
                "Міська рада у вівторок проголосувала за розширення трамвайної мережі на "
                "дванадцять кілометрів, що скоротить час поїздок у східних районах.",
                "Будівництво почнеться наступної весни і триватиме близько трьох років, "
                "а перші нові зупинки відкриють до кінця десятиліття.",
                "Мешканців вулиць, яких торкнуться роботи, запросять на громадські слухання, "
                "а підприємцям обіцяють компенсацію за незручності.",
            ]
        )
        html = f'<html lang="uk"><head><title>{title}</title></head><body><article>'
        html += f"<h1>{title}</h1>{paras}</article></body></html>"
        h.send(200, html.encode("cp1251"))  # the header says utf-8

    def no_body(self, h: Handler) -> None:
        h.send(200, b"<html><head><title>Head only</title></head></html>")

    def deep(self, h: Handler) -> None:
        depth = 10_000
        html = article("Deep page", "<div>" * depth + "<p>deep text</p>" + "</div>" * depth)
        h.send(200, html.encode())

    def garbage(self, h: Handler) -> None:
        h.send(200, random.Random(7).randbytes(20_000))

    def challenge(self, h: Handler) -> None:
        h.send(200, CHALLENGE)

    def cookie(self, h: Handler) -> None:
        body = article("Cookie page", f'<a href="/good/1?token={TOKEN_SECRET}">again</a>')
        h.send(200, body.encode(), headers={"Set-Cookie": f"session={COOKIE_SECRET}; Path=/"})

    def offsite_links(self, h: Handler) -> None:
        extra = (
            f'<a href="{self.url("/offsite-target", host="localhost")}">same server, other host</a>'
            '<a href="http://offsite.invalid/story">other site</a>'
        )
        h.send(200, article("Page with offsite links", extra).encode())


SITEMAP_BAD = (
    b'<?xml version="1.0"?><urlset><url><loc>/good/1</loc></url><url><loc>'
    b"<<<not xml & broken</urlse"
)
# A <loc> no URL parser accepts, then a good one: the good one must still be crawled.
SITEMAP_BAD_URL = (
    b'<?xml version="1.0"?><urlset><url><loc>http://example.org[/x</loc></url>'
    b"<url><loc>/good/3</loc></url></urlset>"
)
FEED_BAD = b'<?xml version="1.0"?><rss><channel><item><link>/good/2</link></item><item><link'
CHALLENGE = (
    b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
    b'<div id="challenge-running">Checking if the site connection is secure</div>'
    b"<noscript>Enable JavaScript and cookies to continue</noscript>"
    b"<p>Ray ID: 7d2e</p></body></html>"
)


def _closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(check: Callable[[], bool], timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()
