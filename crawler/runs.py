"""The store's place in a crawl: opened once, and every crawl run recorded in it.

`RunRecorder` is a Scrapy extension. It opens the `Store` named by NEWSCRAWL_DB when the
spider opens, records a run row, and closes the run with Scrapy's stats (requests,
responses by status) and newscrawl's (new, updated, refreshed, unchanged, duplicates,
not-articles, errors with reasons). The pipelines and the incremental middleware use its
store, so one crawl holds one connection for writes.
"""

from __future__ import annotations

import logging
import os
import socket
from typing import TYPE_CHECKING, Any, Self

from scrapy import signals
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import task

from storage import Store

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

# A crawl holds its site's lock for this long and renews it every third of that; a
# crawl that dies without unlocking frees the site after at most this long.
LOCK_TTL_S = 600.0


def lock_name(spider: Spider) -> str | None:
    site = getattr(getattr(spider, "config", None), "name", None)
    return f"site:{site}" if site else None


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
        self.owner = f"{socket.gethostname()}:{os.getpid()}"
        self.lock: str | None = None
        self._renewal: task.LoopingCall | None = None

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
        self._take_lock(spider)

    def _take_lock(self, spider: Spider) -> None:
        name = lock_name(spider)
        if name is None or not self.crawler.settings.getbool("NEWSCRAWL_SITE_LOCK"):
            return
        if not self.store.try_lock(name, self.owner, LOCK_TTL_S):
            holder = self.store.lock_holder(name)
            logger.error("%s is being crawled by %s; not crawling it twice", name, holder)
            if self.crawler.stats is not None:
                self.crawler.stats.set_value("newscrawl/locked_by", holder)
            if self.crawler.engine is not None:
                deferred_from_coro(self.crawler.engine.close_spider_async(reason="site_locked"))
            return
        self.lock = name
        self._renewal = task.LoopingCall(self.store.try_lock, name, self.owner, LOCK_TTL_S)
        self._renewal.start(LOCK_TTL_S / 3, now=False)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self._renewal is not None and self._renewal.running:
            self._renewal.stop()
        try:
            self._finish(reason)
        except Exception as error:  # a full disk or a broken file: say so in one line
            logger.error("could not record the end of run %s: %s", self.run_id, error)
        finally:
            if self._store is not None:
                self._store.close()
                self._store = None

    def _finish(self, reason: str) -> None:
        if self.lock is not None:
            self.store.unlock(self.lock, self.owner)
        if self.run_id is not None and self.crawler.stats is not None:
            stats = run_stats(self.crawler.stats.get_stats())
            self.store.finish_run(self.run_id, stats, status=run_status(reason, stats))


def run_status(reason: str, stats: dict[str, Any]) -> str:
    """A run's status: Scrapy's finish reason, except that a crawl whose every request
    failed before an answer is "unreachable" (the CLI exits 1 for it), not "finished"."""
    unanswered = stats.get("downloader/request_count") and not stats.get(
        "downloader/response_count"
    )
    return "unreachable" if reason == "finished" and unanswered else reason


def store_of(crawler: Crawler) -> Store:
    """The crawl's store, from its RunRecorder (which must be enabled)."""
    recorder = crawler.get_extension(RunRecorder)
    if recorder is None:
        raise RuntimeError("crawler.runs.RunRecorder must be in EXTENSIONS")
    return recorder.store
