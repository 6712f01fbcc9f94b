"""The synthetic news site of bench/sitegen.py, served from a thread of the test process."""

from __future__ import annotations

import threading
import time
from http.server import ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self

from bench.sitegen import Handler


class SiteServer(ThreadingHTTPServer):
    """`pages` article pages at /news/N.html, a sitemap naming them, robots.txt.

    `delay` seconds before each article response make a crawl slow enough to interrupt.
    """

    daemon_threads = True

    def __init__(self, pages: int, delay: float = 0.0) -> None:
        def do_get(handler: Handler) -> None:
            if delay and handler.path.startswith("/news/"):
                time.sleep(delay)  # a slower site, so a crawl is caught mid-way
            Handler.do_GET(handler)

        handler = type("SiteHandler", (Handler,), {"pages": pages, "do_GET": do_get})
        super().__init__(("127.0.0.1", 0), handler)
        self.pages = pages
        self.base_url = f"http://127.0.0.1:{self.server_address[1]}/"
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a killed crawler leaves connections reset; that is the point of the test

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.shutdown()
        self.server_close()
        self._thread.join(timeout=10)
