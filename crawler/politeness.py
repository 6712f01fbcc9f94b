"""Politeness: a User-Agent that names whom to contact, and robots.txt fetched once.

`ContactUserAgentMiddleware`: `USER_AGENT = f"...{NEWSCRAWL_CONTACT_URL}"` in the
settings module would freeze the contact at import time, so `-s NEWSCRAWL_CONTACT_URL=...`
would not reach it. This replaces Scrapy's UserAgentMiddleware: an explicitly set
USER_AGENT wins, otherwise the header is `newscrawl/VERSION (+CONTACT_URL)`.

`SiteAutoThrottle`: Scrapy's AutoThrottle keeps every slot's delay between the global
DOWNLOAD_DELAY and AUTOTHROTTLE_MAX_DELAY, so a site's own `delay` (its DOWNLOAD_SLOTS
entry, from sites.toml) held only until the first response: a site asking for 1 s
between requests got hundreds a second from a fast server. This subclass lets
AutoThrottle slow a site down but never below the site's delay.

`SharedRobotsTxtMiddleware`: the site spider reads robots.txt for its `Sitemap:` lines,
and Scrapy's RobotsTxtMiddleware fetches the same file for its rules, so every crawl
asked each site for robots.txt twice (Scrapy's SitemapSpider does the same; scrapy#3967,
#8069). This middleware keeps the body of the rules fetch and answers the spider's own
request for that URL with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.extensions.throttle import AutoThrottle
from scrapy.http import Response

from crawler import __version__

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

# Google reads the first 500 KiB of a robots.txt; a larger body is not kept for sharing.
ROBOTS_SHARE_MAX_BYTES = 500 * 1024
# Answers kept at most. A site crawl asks for its few hosts' robots.txt right away; an
# ingest of URLs from thousands of hosts never asks, and must not hold every body.
ROBOTS_SHARE_MAX_KEPT = 64


def user_agent(contact_url: str) -> str:
    return f"newscrawl/{__version__} (+{contact_url})"


class ContactUserAgentMiddleware:
    def __init__(self, agent: str) -> None:
        self.agent = agent

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        # priority 0 is Scrapy's own default ("Scrapy/VERSION ..."): nobody chose it
        if settings.getpriority("USER_AGENT") or 0:
            return cls(settings.get("USER_AGENT"))
        return cls(user_agent(settings.get("NEWSCRAWL_CONTACT_URL")))

    def process_request(self, request: Request) -> None:
        request.headers.setdefault(b"User-Agent", self.agent)


class SharedRobotsTxtMiddleware:
    """Answers a request for a robots.txt that RobotsTxtMiddleware has just fetched.

    Placed after RobotsTxtMiddleware (100), so by the time a request reaches it the rules
    for its host are in: RobotsTxtMiddleware downloads robots.txt through the whole
    downloader chain (marked `dont_obey_robotstxt`), this middleware's `process_response`
    keeps that body by the URL asked for, and the next request for the same URL gets it
    back as a response without a download. When that fetch failed for good (retries
    spent), the next request for it is ignored with the same reason instead of failing
    three more times. Each answer is handed out once and then dropped. With
    ROBOTSTXT_OBEY off the middleware is not enabled.
    """

    def __init__(self, stats: StatsCollector | None) -> None:
        self.stats = stats
        self.kept: dict[str, Response | str] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        return cls(crawler.stats)

    def process_request(self, request: Request) -> Response | None:
        if request.meta.get("dont_obey_robotstxt"):
            return None
        kept = self.kept.pop(request.url, None)
        if kept is None:
            return None
        if self.stats is not None:
            self.stats.inc_value("newscrawl/robotstxt_shared")
        if isinstance(kept, str):
            raise IgnoreRequest(f"robots.txt could not be fetched: {kept}")
        # the fetch has spent its retries already: a kept 503 is not asked for again
        request.meta["dont_retry"] = True
        return Response(
            kept.url, status=kept.status, body=kept.body, request=request, flags=["shared"]
        )

    def process_response(self, request: Request, response: Response) -> Response:
        if (
            request.meta.get("dont_obey_robotstxt")
            and response.url.endswith("/robots.txt")
            and len(response.body) <= ROBOTS_SHARE_MAX_BYTES
        ):
            self._keep(request, response)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if request.meta.get("dont_obey_robotstxt") and not isinstance(exception, IgnoreRequest):
            self._keep(request, str(exception) or type(exception).__name__)

    def _keep(self, request: Request, answer: Response | str) -> None:
        asked = str(request.meta.get("redirect_urls", [request.url])[0])  # before redirects
        if not asked.endswith("/robots.txt"):
            return
        self.kept[asked] = answer
        if len(self.kept) > ROBOTS_SHARE_MAX_KEPT:
            del self.kept[next(iter(self.kept))]  # the oldest: its crawl never asked


class SiteAutoThrottle(AutoThrottle):
    """AutoThrottle with each site's configured `delay` as the floor of its slot's delay."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        slots = crawler.settings.getdict("DOWNLOAD_SLOTS")
        self.floors: dict[str, float] = {
            key: float(entry["delay"]) for key, entry in slots.items() if "delay" in entry
        }

    def _response_downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        super()._response_downloaded(response, request, spider)
        key = request.meta.get("download_slot")
        if not isinstance(key, str) or key not in self.floors or self.crawler.engine is None:
            return
        floor = self.floors[key]
        slot = self.crawler.engine.downloader.slots.get(key)
        if slot is not None and slot.delay < floor:
            slot.delay = floor
