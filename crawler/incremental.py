"""Fetch what is new or changed, and little else.

A downloader middleware that asks the store about each request's canonical URL:
- unknown URL: fetched as usual;
- a stored listing page (not an article): re-fetched with If-None-Match /
  If-Modified-Since, because new links appear there; a 304 means no new links;
- a stored article: skipped, unless the feed or sitemap lastmod is newer than our copy,
  the article is still fresh (published within NEWSCRAWL_RECHECK_DAYS), or the request
  was asked for by name (ingest); those are re-checked conditionally.
A 304 costs no extraction (the spider gets no page); a 404 or 410 marks the stored
article as removed, and nothing is deleted.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Self

from scrapy.exceptions import IgnoreRequest

from crawler.runs import store_of
from crawler.timeutil import now_iso, parse_when
from crawler.urls import article_url

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

    from storage import Store, Validators

logger = logging.getLogger(__name__)


class IncrementalMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.recheck = timedelta(days=crawler.settings.getfloat("NEWSCRAWL_RECHECK_DAYS"))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    @property
    def store(self) -> Store:
        return store_of(self.crawler)

    def _inc(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"newscrawl/{key}")

    def process_request(self, request: Request) -> None:
        if not request.meta.get("newscrawl_page"):
            return  # robots.txt, feeds and sitemaps: always read afresh
        known = self.store.validators(article_url(request.url))
        if known is None:
            return
        if known.is_article and not self._should_recheck(request, known):
            self._inc("skipped_known")
            raise IgnoreRequest(f"already stored: {request.url}")
        if known.etag:
            request.headers["If-None-Match"] = known.etag
        if known.last_modified:
            request.headers["If-Modified-Since"] = known.last_modified
        request.meta["newscrawl_recheck"] = True
        self._inc("rechecked")

    def _should_recheck(self, request: Request, known: Validators) -> bool:
        if request.meta.get("newscrawl_force"):
            return True
        if _changed_since(request.meta.get("newscrawl_lastmod"), known):
            return True
        born = known.published_at or known.first_seen_at
        return born is not None and _age(born) < self.recheck

    def process_response(self, request: Request, response: Response) -> Response:
        url = article_url(request.url)
        if response.status == 304:
            self.store.mark_not_modified(url, now_iso())
            self._inc("not_modified")
        elif response.status in (404, 410) and self.store.validators(url) is not None:
            self.store.mark_removed(url, now_iso())
            self._inc("removed")
        return response


# Feed and sitemap times are often a little after the page's own times (a CMS stamps
# them on save); a minute of slack keeps those from looking like edits.
LASTMOD_SLACK = timedelta(minutes=1)


def _changed_since(lastmod: str | None, known: Validators) -> bool:
    """Whether a feed/sitemap lastmod says the page changed after our stored copy.

    The lastmod is the site's clock, so it is compared with the site's own times for our
    copy (its Last-Modified header, its publication date), never with our fetch time.
    """
    when = parse_when(lastmod)
    if when is None:
        return False
    ours = [t for t in (parse_when(known.last_modified), parse_when(known.published_at)) if t]
    return not ours or when > max(ours) + LASTMOD_SLACK


def _age(value: str) -> timedelta:
    parsed = parse_when(value)
    return datetime.now(UTC) - parsed if parsed else timedelta.max
