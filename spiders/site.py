"""`site`: crawl a news site from its start pages, feeds and sitemaps.

    scrapy crawl site -a url=https://example.com/news/
    scrapy crawl site -a site=example -a sites=sites.toml

Discovery reads robots.txt for sitemaps (and /sitemap.xml when it names none), sitemap
indexes, news sitemaps, RSS and Atom feeds (configured or linked from pages), and follows
links on listing pages within the site's domains and URL patterns. Whether a URL already
stored is fetched again is the incremental middleware's call, not the spider's.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urljoin, urlsplit

from lxml import etree
from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response, TextResponse

from crawler.inputs import url_problem
from crawler.items import FetchedPage
from crawler.runs import store_of
from crawler.sites import SiteConfig, SitesError, ad_hoc, load_sites
from crawler.urls import canonicalize_url
from spiders.base import NewsSpider, fetched_page

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

from spiders.discovery import looks_like_xml, read_xml_links, sitemaps_from_robots

# Feeds and sitemaps are how new articles show up: fetch them before the link graph.
XML_PRIORITY = 20
ARTICLE_PRIORITY = 10
_FEED_TYPES = ("application/rss+xml", "application/atom+xml")
# The link graph waits for feeds and sitemaps at most this long: their lastmod dates are
# what tells a changed article from an unchanged one, and a link found first would take
# the article's place in the dupefilter without them. A slow sitemap must not stall the
# crawl for longer.
XML_FIRST_TIMEOUT_S = 60.0
# Sitemap and feed entries handed to Scrapy at a time: enough to keep every download
# slot and both extraction workers busy (32 concurrent requests), few enough that the
# scheduler's memory does not grow with the size of the site.
RELEASE_WINDOW = 256
# File types that are never article pages; skipping them saves requests.
_DENY_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "gif", "webp", "svg", "mp3", "mp4", "zip"]


class SiteSpider(NewsSpider):
    name = "site"

    def __init__(
        self,
        url: str = "",
        site: str = "",
        sites: str = "sites.toml",
        config: SiteConfig | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if config is None:
            config = _config_from_arguments(url, site, sites)
        self.config = config
        self.allowed_domains = list(config.domains())
        self.article_requests = 0
        # sitemap/feed entries not yet handed to Scrapy, and how many were (see _release)
        self.backlog: deque[tuple[str, str | None]] = deque()
        self.released = 0
        self.answered = 0
        self.pages_sent = 0  # pages handed to extraction, against config.max_pages
        # URLs this crawl has already turned into requests. A news page links to ~200
        # others (menus, most-read, related), nearly all seen before; sending each through
        # the middleware chain to the dupefilter cost more reactor time than extraction
        # (profiled: 56,000 requests for 300 pages). One set entry per URL is small next to
        # the dupefilter's own fingerprints.
        self.seen: set[str] = set()
        # robots.txt, feed and sitemap URLs requested and not answered yet, and every one
        # requested (canonical), so that a feed linked from every page is asked for once
        self.xml_pending: set[str] = set()
        self.xml_requested: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        return spider

    async def start(self) -> AsyncIterator[Request]:
        """Feeds and sitemaps first, then fresh stored articles, then the link graph."""
        roots = {f"{urlsplit(u).scheme}://{urlsplit(u).netloc}/" for u in self.config.start_urls}
        robots = [urljoin(root, "/robots.txt") for root in sorted(roots)]
        for request in self._xml_requests(robots, self.parse_robots):
            yield request
        for request in self._xml_requests(self.config.feeds + self.config.sitemaps):
            yield request
        deadline = time.monotonic() + XML_FIRST_TIMEOUT_S
        while self.xml_pending and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        for url in self._fresh_stored_articles():
            yield Request(url, self.parse, priority=ARTICLE_PRIORITY, meta={"newscrawl_page": True})
        for url in self.config.start_urls:
            yield Request(url, self.parse, meta={"newscrawl_page": True})

    def _fresh_stored_articles(self) -> list[str]:
        """Stored articles still inside the re-check window, linked or not any more.

        An edit or a removal shows only on the article's own URL, and a story that fell
        off the front page is no longer linked: the store, not the link graph, says
        which articles are young enough to re-check (conditionally, so a 304 is cheap).
        """
        days = self.crawler.settings.getfloat("NEWSCRAWL_RECHECK_DAYS")
        since = (datetime.now(UTC) - timedelta(days=min(days, 36_500))).isoformat()
        urls = store_of(self.crawler).recheck_urls(list(self.config.domains()), since)
        fresh = [u for u in urls if u not in self.seen]
        self.seen.update(fresh)
        return fresh

    def _xml_requests(self, urls: Iterable[str], callback: Any = None) -> Iterator[Request]:
        """Requests for the robots.txt, feed and sitemap URLs not asked for yet.

        Each one stays in `xml_pending` until answered or failed, and `start` waits for
        them. A URL asked for twice would be dropped by the dupefilter, which calls no
        callback, and would stay pending: the crawl then sat idle until
        XML_FIRST_TIMEOUT_S (seen: 60 s of a 2 s crawl, whenever a page linking the site's
        feed was parsed before the sitemaps were in).
        """
        for url in urls:
            key = canonicalize_url(url)
            if key in self.xml_requested:
                continue
            self.xml_requested.add(key)
            self.xml_pending.add(url)
            yield Request(
                url,
                callback or self.parse_xml,
                priority=XML_PRIORITY,
                errback=self.xml_failed,
                meta={"newscrawl_xml": url},
            )

    def _xml_done(self, response_or_request: Any) -> None:
        self.xml_pending.discard(response_or_request.meta.get("newscrawl_xml"))

    def xml_failed(self, failure: Any) -> None:
        self._xml_done(failure.request)
        self.logger.info("no feed or sitemap at %s: %s", failure.request.url, failure.value)

    def parse_robots(self, response: Response) -> Iterator[Request]:
        self._xml_done(response)
        sitemaps = sitemaps_from_robots(response.body, response.url)
        if not sitemaps and not self.config.sitemaps:
            sitemaps = [urljoin(response.url, "/sitemap.xml")]
        yield from self._xml_requests(sitemaps)

    def parse_xml(self, response: Response) -> Iterator[Request]:
        self._xml_done(response)
        found = read_xml_links(response.body, response.url)
        if found.kind == "sitemapindex":
            yield from self._xml_requests(link.url for link in found.links)
        else:
            wanted = (link for link in found.links if self.config.wants(link.url))
            self.backlog.extend((link.url, link.lastmod) for link in wanted)
        yield from self._release()

    def _release(self) -> Iterator[Request]:
        """Hand sitemap and feed entries to Scrapy a window at a time.

        A 20,000-entry sitemap made 20,000 Request objects sit in the scheduler at once,
        and the crawler's peak memory grew with the site (211 MB at 5,000 pages, 243 MB
        at 20,000, measured by `make bench`). Waiting entries are kept as plain
        (url, lastmod) pairs instead, and at most RELEASE_WINDOW requests are out.
        """
        while self.backlog and self.released - self.answered < RELEASE_WINDOW:
            url, lastmod = self.backlog.popleft()
            if self.config.max_pages and self.article_requests >= self.config.max_pages:
                self.backlog.clear()
                return
            self.article_requests += 1
            self.released += 1
            self.seen.add(url)
            meta = {"newscrawl_page": True, "newscrawl_lastmod": lastmod, "newscrawl_backlog": 1}
            yield Request(url, self.parse, priority=ARTICLE_PRIORITY, meta=meta)

    def on_idle(self) -> None:
        """Nothing in flight but entries still waiting: release the next window.

        Requests the incremental middleware skipped, or that failed, never reach `parse`;
        when the crawl is idle all released ones are answered one way or another.
        """
        if not self.backlog:
            return
        self.answered = self.released
        self._inject(self._release())
        raise DontCloseSpider

    def _inject(self, requests: Iterator[Request]) -> None:
        if self.crawler.engine is not None:
            for request in requests:
                self.crawler.engine.crawl(request)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[FetchedPage | Request]:
        if response.meta.get("newscrawl_backlog"):
            self.answered += 1
            # injected, not yielded: a request yielded here would be one level deeper than
            # this page, and DEPTH_LIMIT would drop sitemap entries of a big site
            self._inject(self._release())
        if looks_like_xml(response.body[:512]):
            yield from self.parse_xml(response)
            return
        if self.skip(response):
            return
        if self.config.max_pages and self.pages_sent >= self.config.max_pages:
            # CLOSESPIDER_PAGECOUNT stops new requests, but responses already in flight
            # still arrive (13 pages stored for max_pages = 5, measured): cap them here.
            return
        if self.config.wants(response.url):
            self.pages_sent += 1
            yield fetched_page(response, self.config.name)
        yield from self._follow(response)

    def _follow(self, response: Response) -> Iterator[Request]:
        if not isinstance(response, TextResponse):
            return
        if response.meta.get("depth", 0) >= self.config.max_depth:
            return
        for feed in response.xpath("//link[@rel='alternate'][@type]"):
            if feed.attrib.get("type") in _FEED_TYPES and feed.attrib.get("href"):
                try:
                    url = response.urljoin(feed.attrib["href"])
                except ValueError:  # "http://host[": one bad <link> must not end the page
                    self.logger.info("skipped unparsable feed URL %r", feed.attrib["href"])
                    continue
                yield from self._xml_requests([url])
        for url in self._new_links(response):
            yield Request(url, self.parse, meta={"newscrawl_page": True})

    def _new_links(self, response: TextResponse) -> Iterator[str]:
        """Absolute URLs of the page's <a href> links this crawl has not requested yet.

        Scrapy's LinkExtractor canonicalizes and filters every link before deduplicating;
        on news pages (about 200 links each, nearly all seen before) that was 14 ms per
        page of reactor time, more than the whole crawl's other work (profiled on the
        synthetic site). Here a link is resolved only as far as needed to recognise it,
        and only a new one is checked for its domain and extension.

        This parse of the page (lxml, through Scrapy's selector) is the second one: the
        extraction worker parses it again. Kept on purpose: it costs 0.36 ms per page
        against the worker's 7.2 ms (a 34 KB benchmark page, measured 2026-11-24), and
        it keeps link discovery independent of extraction, so a page whose extraction
        times out still leads on, and Scrapy's spider middlewares (depth, offsite,
        referer) see every followed link. Links from the worker would have to come back
        through the item pipeline and be injected around those middlewares.
        """
        origin = _origin(response.url)
        for href in _HREFS(response.selector.root):
            url = _resolve(str(href).strip(), origin, response.url)
            if url is None or url in self.seen:
                continue
            self.seen.add(url)
            if self._followable(url):
                yield url

    def _followable(self, url: str) -> bool:
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:
            return False
        if not any(host == d or host.endswith("." + d) for d in self.allowed_domains):
            return False
        path = urlsplit(url).path.lower()
        return not path.endswith(_DENY_SUFFIXES)


_HREFS = etree.XPath("//a/@href")
_DENY_SUFFIXES = tuple("." + e for e in _DENY_EXTENSIONS)
_NOT_PAGES = ("#", "javascript:", "mailto:", "tel:", "data:")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _resolve(href: str, origin: str, base: str) -> str | None:
    """An href as an absolute URL without its fragment; None for non-page links."""
    if not href or href.lower().startswith(_NOT_PAGES):
        return None
    if href.startswith("/") and not href.startswith("//"):
        url = origin + href  # root-relative: no urljoin needed (the common case)
    elif href.startswith(("http://", "https://")):
        url = href
    else:
        try:
            url = urljoin(base, href)
        except ValueError:
            return None
    return url.split("#", 1)[0] or None


def _config_from_arguments(url: str, site: str, sites: str) -> SiteConfig:
    """The site of `scrapy crawl site -a url=...` or `-a site=NAME [-a sites=FILE]`.

    Scrapy shows a spider's exception with its traceback; these at least end it with the
    reason (an IndexError or KeyError said nothing of what was missing).
    """
    if site:
        configured = load_sites(sites)
        if site not in configured:
            raise SitesError(f"{sites}: no site named {site!r}")
        return configured[site]
    urls = url.replace(",", " ").split()
    if not urls:
        raise ValueError("give -a url=START_URL[,START_URL...] or -a site=NAME [-a sites=FILE]")
    for start in urls:
        if problem := url_problem(start, allow_private=True):
            raise ValueError(problem)
    return ad_hoc(urls)
