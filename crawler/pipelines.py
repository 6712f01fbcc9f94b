"""Item pipelines: a fetched page becomes a clean record, and records reach the store.

ExtractPipeline  FetchedPage -> PageItem: extraction, language and fingerprints run in a
                 process pool (crawler.workers), so the reactor keeps downloading.
StorePipeline    PageItem -> the store, in batched transactions; each outcome (new,
                 updated, refreshed, unchanged, duplicate, near duplicate, not an
                 article) lands in the crawl stats and is announced with the
                 `page_saved` signal.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Self

from scrapy.exceptions import DropItem
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import task

from crawler import signals
from crawler.items import FetchedPage, PageItem, feed_record
from crawler.process import make_item, process_page_to_store
from crawler.runs import store_of
from crawler.urls import site_of
from crawler.workers import ExtractionFailed, ExtractionPool
from storage import STORE_FAULTS

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from storage import SaveOutcome, Store

logger = logging.getLogger(__name__)

# A site's learned template changes slowly; re-reading it every 50 pages of the site keeps
# it current within a crawl at a cost of one indexed query per 50 pages.
TEMPLATE_REFRESH_PAGES = 50


class TemplateCache:
    """Per-crawl memory of each site's learned template blocks (lives on the pipeline)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._blocks: dict[str, frozenset[int]] = {}
        self._uses: dict[str, int] = {}

    def get(self, site: str) -> frozenset[int]:
        uses = self._uses.get(site, 0)
        if site not in self._blocks or uses >= TEMPLATE_REFRESH_PAGES:
            self._blocks[site] = self.store.template(site)
            uses = 0
        self._uses[site] = uses + 1
        return self._blocks[site]


class ExtractPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.pool = ExtractionPool(
            settings.getint("NEWSCRAWL_WORKERS"), settings.getfloat("NEWSCRAWL_EXTRACT_TIMEOUT")
        )
        self._templates: TemplateCache | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def close_spider(self) -> None:
        self.pool.close()

    @property
    def templates(self) -> TemplateCache:
        if self._templates is None:
            self._templates = TemplateCache(store_of(self.crawler))
        return self._templates

    async def process_item(self, item: object) -> object:
        if not isinstance(item, FetchedPage):
            return item
        template = self.templates.get(site_of(item.url))
        try:
            processed = await self.pool.run(
                process_page_to_store, item.html, item.url, item.encoding, template
            )
        except ExtractionFailed as error:
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value("newscrawl/errors/extraction")
            self.crawler.signals.send_catch_log(
                signals.page_failed, url=item.requested_url, reason=str(error)
            )
            raise DropItem(f"{item.url}: {error}") from None
        return make_item(
            url=item.url,
            requested_url=item.requested_url,
            html=item.html,
            processed=processed,
            status=item.status,
            etag=item.etag,
            last_modified=item.last_modified,
            encoding=item.encoding,
            fetched_at=item.fetched_at,
            extra_urls=item.extra_urls,
        )


class StorePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.batch_size = crawler.settings.getint("NEWSCRAWL_BATCH_SIZE")
        self.flush_seconds = crawler.settings.getfloat("NEWSCRAWL_FLUSH_SECONDS")
        self.pending: list[PageItem] = []
        self.last_flush = time.monotonic()
        self._timer: task.LoopingCall | None = None
        self.closing = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def open_spider(self) -> None:
        self._timer = task.LoopingCall(self._flush_if_due)
        self._timer.start(self.flush_seconds, now=False)

    def close_spider(self) -> None:
        self.closing = True
        if self._timer is not None and self._timer.running:
            self._timer.stop()
        self.flush()

    def process_item(self, item: object) -> object:
        """Queue the page for the store; hand Scrapy's feed exports (`-O FILE`) the clean
        record of an article, and drop other pages from them (stored all the same).

        The PageItem itself holds bytes, which the JSON exporters cannot write: `-O
        out.jsonl` wrote an empty file after a TypeError per item.
        """
        if not isinstance(item, PageItem):
            return item
        self.pending.append(item)
        if len(self.pending) >= self.batch_size:
            self.flush()
        extraction = item.extraction
        if extraction is None or not extraction.is_article:
            reason = extraction.reason if extraction else "not extracted"
            # DEBUG: a crawl drops most pages it fetches (sections, feeds, listings)
            raise DropItem(f"{item.url}: not an article ({reason})", log_level="DEBUG")
        return feed_record(item, extraction)

    def _flush_if_due(self) -> None:
        if self.pending and time.monotonic() - self.last_flush >= self.flush_seconds:
            self.flush()

    def flush(self) -> None:
        """Write the pending pages in one transaction, then report each outcome.

        If the batch fails, each page is tried alone, so one bad record costs only itself;
        if every page fails (disk full, database unusable), the crawl stops rather than
        fetching pages it cannot keep.
        """
        batch, self.pending = self.pending, []
        self.last_flush = time.monotonic()
        if not batch:
            return
        store = store_of(self.crawler)
        try:
            outcomes = store.save_many(batch)
        except Exception as error:
            # The file's condition (full, locked, a constraint) is one line, as each page's
            # own failure below is: a traceback would repeat for every batch of the crawl.
            # Anything else is a bug, and its traceback is what finds it.
            fault = isinstance(error, STORE_FAULTS)
            logger.error("saving a batch of %d pages failed (%s); saving one by one",
                         len(batch), error, exc_info=not fault)  # fmt: skip
            self._save_one_by_one(store, batch)
            return
        for item, outcome in zip(batch, outcomes, strict=True):
            self._record(item, outcome)

    def _save_one_by_one(self, store: Store, batch: list[PageItem]) -> None:
        failures = 0
        for item in batch:
            try:
                (outcome,) = store.save_many([item])
            except Exception as error:  # one record's failure must not lose the others
                failures += 1
                logger.error("could not store %s: %s", item.url, error)
                self._inc("errors/store")
                self.crawler.signals.send_catch_log(
                    signals.page_failed, url=item.requested_url, reason=f"store: {error}"
                )
            else:
                self._record(item, outcome)
        if failures == len(batch) and not self.closing and self.crawler.engine is not None:
            logger.error("the store rejects every page; stopping the crawl")
            self.closing = True
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="store_failed"))

    def _inc(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"newscrawl/{key}")

    def _record(self, item: PageItem, outcome: SaveOutcome) -> None:
        self._inc(outcome.status)
        self.crawler.signals.send_catch_log(signals.page_saved, outcome=outcome, item=item)
