"""Serve the demo site from loopback: `DemoSite` for tests, `python -m` for people.

    with DemoSite() as site:
        urlopen(site.base_url + "/robots.txt")   # or site.url("/robots.txt")
        site.set_state(2)          # two articles added, one updated, one removed

Pages are rendered into bytes once, at start, for both states (absolute URLs need
the port, known only after binding). Responses carry an ETag (hash of the bytes) and
Last-Modified and honour If-None-Match / If-Modified-Since with 304.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import re
import threading
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import cast
from urllib.parse import urlsplit

from crawler.demo.content import Content, load_content
from crawler.demo.site import Resource, not_found, render_site

STATES = (1, 2)


def request_path(target: str) -> str:
    """The path of a request target, repeated slashes merged (nginx's merge_slashes)."""
    path = urlsplit("http://demo" + target if target.startswith("/") else target).path
    return re.sub("/{2,}", "/", path) or "/"


def http_date(moment: datetime) -> str:
    """An RFC 9110 IMF-fixdate: always GMT."""
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:24] + '"'


def _etag_matches(header: str, etag: str) -> bool:
    candidates = [c.strip().removeprefix("W/") for c in header.split(",")]
    return "*" in candidates or etag in candidates


def is_fresh(
    resource: Resource, etag: str, if_none_match: str | None, if_modified_since: str | None
) -> bool:
    """Whether a conditional GET may be answered with 304 (RFC 9110 13.2.2 order)."""
    if resource.status != 200:
        return False
    if if_none_match is not None:
        return _etag_matches(if_none_match, etag)
    if if_modified_since is None:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError):
        return False
    return since.tzinfo is not None and resource.last_modified.replace(microsecond=0) <= since


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    site: DemoSite


class _Handler(BaseHTTPRequestHandler):
    server_version = "DemoHerald/1.0"

    def version_string(self) -> str:
        return self.server_version

    def do_GET(self) -> None:
        self._respond(with_body=True)

    def do_HEAD(self) -> None:
        self._respond(with_body=False)

    def _respond(self, *, with_body: bool) -> None:
        site = cast(_Server, self.server).site
        path = request_path(self.path)
        target = site.redirect_for(path)
        if target is not None:
            self._redirect(site, target)
            return
        resource = site.resource(path)
        etag = etag_of(resource.body)
        fresh = is_fresh(
            resource, etag, self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
        )
        status = 304 if fresh else resource.status
        site.log_request_line(self.command, self.path, status)
        self.send_response(status)
        self.send_header("Content-Type", resource.content_type)
        if resource.status == 200:
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", http_date(resource.last_modified))
        self.send_header("Content-Length", "0" if fresh else str(len(resource.body)))
        self.end_headers()
        if with_body and not fresh:
            self.wfile.write(resource.body)

    def _redirect(self, site: DemoSite, target: str) -> None:
        site.log_request_line(self.command, self.path, 301)
        self.send_response(301)
        self.send_header("Location", site.url(target))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: tests read `DemoSite.request_log` instead of stderr."""


class DemoSite:
    """The demo site on 127.0.0.1, in a daemon thread; a context manager."""

    def __init__(self, *, state: int = 1, host: str = "127.0.0.1", port: int = 0) -> None:
        self._content: Content = load_content()
        self._host = host
        self._port = port
        self._state = state
        self._pages: dict[int, dict[str, Resource]] = {}
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.request_log: list[tuple[str, str, int]] = []
        # "http://127.0.0.1:PORT", no trailing slash: base_url + "/en/" is the English front
        self.base_url = ""

    @property
    def content(self) -> Content:
        return self._content

    @property
    def state(self) -> int:
        return self._state

    def start(self) -> DemoSite:
        server = _Server((self._host, self._port), _Handler)
        server.site = self
        host, port = server.server_address[:2]
        self.base_url = f"http://{host!s}:{port}"
        self._pages = {s: render_site(self._content, self.base_url, s) for s in STATES}
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, name="demo-site", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def __enter__(self) -> DemoSite:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def set_state(self, state: int) -> None:
        if state not in STATES:
            raise ValueError(f"unknown demo site state {state}; expected one of {STATES}")
        self._state = state

    def url(self, path: str) -> str:
        """Absolute URL of a site path: url("/robots.txt") or url("robots.txt")."""
        return self.base_url + "/" + path.lstrip("/")

    def pages(self, state: int | None = None) -> dict[str, Resource]:
        """Every served path and its resource in `state` (default: the current one)."""
        return self._pages[state or self._state]

    def redirect_for(self, path: str) -> str | None:
        """A listing asked for without its trailing slash moves permanently, as on most CMSs."""
        pages = self.pages()
        if path not in pages and not path.endswith("/") and path + "/" in pages:
            return path + "/"
        return None

    def resource(self, path: str) -> Resource:
        return self.pages().get(path) or not_found()

    def log_request_line(self, method: str, path: str, status: int) -> None:
        with self._lock:
            self.request_log.append((method, path, status))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the newscrawl demo site on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=8765, help="port to listen on (0: any free)")
    parser.add_argument("--state", type=int, choices=STATES, default=1, help="site state to serve")
    args = parser.parse_args(argv)
    with DemoSite(state=args.state, port=args.port) as site:
        print(f"Demo site (state {site.state}) at {site.base_url}/ - Ctrl-C to stop.")
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
