"""The store's place in a crawl: opened once, and every crawl run recorded in it.

`RunRecorder` is a Scrapy extension. It opens the `Store` named by NEWSCRAWL_DB when the
spider opens, records a run row, and closes the run with Scrapy's stats (requests,
responses by status) and newscrawl's (new, updated, unchanged, duplicates, not-articles,
errors with reasons). The pipelines and the incremental middleware use its store, so one
crawl holds one connection for writes.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Self

from scrapy import signals

from storage import Store

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


def run_stats(stats: dict[str, Any]) -> dict[str, Any]:
    """The stats a run row keeps: Scrapy's counters plus newscrawl's, JSON-ready."""
    keep = ("downloader/", "newscrawl/", "item_", "finish_reason", "elapsed_time", "retry/")
    return {
        key: value if isinstance(value, int | float | str) else str(value)
        for key, value in stats.items()
        if key.startswith(keep)
    }


class RunRecorder:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.db_path: str = crawler.settings.get("NEWSCRAWL_DB")
        self._store: Store | None = None
        self.run_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        recorder = cls(crawler)
        crawler.signals.connect(recorder.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        return recorder

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.db_path)
        return self._store

    def spider_opened(self, spider: Spider) -> None:
        site = getattr(getattr(spider, "config", None), "name", None)
        self.run_id = self.store.start_run(spider=spider.name, site=site)
        logger.info("run %s started, storing into %s", self.run_id, self.db_path)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.run_id is not None and self.crawler.stats is not None:
            stats = run_stats(self.crawler.stats.get_stats())
            self.store.finish_run(self.run_id, stats, status=reason)
        if self._store is not None:
            self._store.close()
            self._store = None


def store_of(crawler: Crawler) -> Store:
    """The crawl's store, from its RunRecorder (which must be enabled)."""
    recorder = crawler.get_extension(RunRecorder)
    if recorder is None:
        raise RuntimeError("crawler.runs.RunRecorder must be in EXTENSIONS")
    return recorder.store
