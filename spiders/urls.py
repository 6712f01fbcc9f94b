"""`urls`: fetch exactly the given URLs, nothing else (one-off ingestion)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy import Request
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler import signals
from crawler.inputs import url_problem
from crawler.items import FetchedPage
from spiders.base import NewsSpider, fetched_page, skip_reason

logger = logging.getLogger(__name__)


class UrlsSpider(NewsSpider):
    """`scrapy crawl urls -a urls="https://a/1 https://b/2"`.

    Every URL is fetched even if stored before (re-checked with a conditional request),
    because asking for a URL by name means wanting its current state.
    """

    name = "urls"

    def __init__(self, urls: str | list[str] = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.targets = urls.split() if isinstance(urls, str) else list(urls)

    async def start(self) -> AsyncIterator[Request]:
        if not self.targets:
            logger.error('no URLs to fetch: give them as -a urls="https://a/1 https://b/2"')
        for url in self.targets:
            # loopback allowed: whoever runs `scrapy crawl urls` names the targets
            if problem := url_problem(url, allow_private=True):
                logger.error("not fetched: %s", problem)  # one line, not a traceback
                self._report(url, problem)
                continue
            yield Request(
                url,
                callback=self.parse,
                errback=self.failed,
                dont_filter=True,
                meta={"newscrawl_page": True, "newscrawl_force": True, "newscrawl_input": url},
            )

    def parse(self, response: Response, **kwargs: Any) -> Iterator[FetchedPage]:
        reason = skip_reason(response)
        if reason is not None:
            self._report(response.meta.get("newscrawl_input", response.url), reason)
            return
        yield fetched_page(response)

    def failed(self, failure: Failure) -> None:
        request = getattr(failure, "request", None)
        url = request.meta.get("newscrawl_input", request.url) if request else "?"
        kind = failure.type.__name__ if failure.type else "error"
        self._report(url, failure.getErrorMessage() or kind)

    def _report(self, url: str, reason: str) -> None:
        self.crawler.signals.send_catch_log(signals.page_failed, url=url, reason=reason)
