"""`site`: crawl a news site from its start pages, feeds and sitemaps.

    scrapy crawl site -a url=https://example.com/news/
    scrapy crawl site -a site=example -a sites=sites.toml

Discovery reads robots.txt for sitemaps (and /sitemap.xml when it names none), sitemap
indexes, news sitemaps, RSS and Atom feeds (configured or linked from pages), and follows
links on listing pages within the site's domains and URL patterns. Whether a URL already
stored is fetched again is the incremental middleware's call, not the spider's.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor

from crawler.items import FetchedPage
from crawler.sites import SiteConfig, ad_hoc, load_sites
from spiders.base import NewsSpider, fetched_page
from spiders.discovery import looks_like_xml, read_xml_links, sitemaps_from_robots

# Feeds and sitemaps are how new articles show up: fetch them before the link graph.
XML_PRIORITY = 20
ARTICLE_PRIORITY = 10
_FEED_TYPES = ("application/rss+xml", "application/atom+xml")
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
            config = load_sites(sites)[site] if site else ad_hoc(url.replace(",", " ").split())
        self.config = config
        self.allowed_domains = list(config.domains())
        # Off-site links are dropped by Scrapy's OffsiteMiddleware against allowed_domains
        # (by host name; LinkExtractor's allow_domains would also compare the port).
        self.links = LinkExtractor(deny_extensions=_DENY_EXTENSIONS)
        self.article_requests = 0
        # URLs this crawl has already turned into requests. A news page links to ~200
        # others (menus, most-read, related), nearly all seen before; sending each through
        # the middleware chain to the dupefilter cost more reactor time than extraction
        # (profiled: 56,000 requests for 300 pages). One set entry per URL is small next to
        # the dupefilter's own fingerprints.
        self.seen: set[str] = set()

    async def start(self) -> AsyncIterator[Request]:
        roots = {f"{urlsplit(u).scheme}://{urlsplit(u).netloc}/" for u in self.config.start_urls}
        for root in sorted(roots):
            yield Request(urljoin(root, "/robots.txt"), self.parse_robots, priority=XML_PRIORITY)
        for url in self.config.feeds + self.config.sitemaps:
            yield self._xml_request(url)
        for url in self.config.start_urls:
            yield Request(url, self.parse, meta={"newscrawl_page": True})

    def _xml_request(self, url: str) -> Request:
        return Request(url, self.parse_xml, priority=XML_PRIORITY, errback=self.xml_failed)

    def xml_failed(self, failure: Any) -> None:
        self.logger.info("no feed or sitemap at %s: %s", failure.request.url, failure.value)

    def parse_robots(self, response: Response) -> Iterator[Request]:
        sitemaps = sitemaps_from_robots(response.body, response.url)
        if not sitemaps and not self.config.sitemaps:
            sitemaps = [urljoin(response.url, "/sitemap.xml")]
        for url in sitemaps:
            yield self._xml_request(url)

    def parse_xml(self, response: Response) -> Iterator[Request]:
        found = read_xml_links(response.body, response.url)
        for link in found.links:
            if found.kind == "sitemapindex":
                yield self._xml_request(link.url)
            elif self.config.wants(link.url):
                yield from self._article_request(link.url, link.lastmod)

    def _article_request(self, url: str, lastmod: str | None) -> Iterator[Request]:
        if self.config.max_pages and self.article_requests >= self.config.max_pages:
            return
        self.article_requests += 1
        self.seen.add(url)
        meta = {"newscrawl_page": True, "newscrawl_lastmod": lastmod}
        yield Request(url, self.parse, priority=ARTICLE_PRIORITY, meta=meta)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[FetchedPage | Request]:
        if looks_like_xml(response.body[:512]):
            yield from self.parse_xml(response)
            return
        if self.skip(response):
            return
        if self.config.wants(response.url):
            yield fetched_page(response, self.config.name)
        yield from self._follow(response)

    def _follow(self, response: Response) -> Iterator[Request]:
        if not isinstance(response, TextResponse):
            return
        if response.meta.get("depth", 0) >= self.config.max_depth:
            return
        for feed in response.xpath("//link[@rel='alternate'][@type]"):
            if feed.attrib.get("type") in _FEED_TYPES and feed.attrib.get("href"):
                yield self._xml_request(response.urljoin(feed.attrib["href"]))
        for link in self.links.extract_links(response):
            url = link.url.split("#", 1)[0]
            if url not in self.seen:
                self.seen.add(url)
                yield Request(url, self.parse, meta={"newscrawl_page": True})
