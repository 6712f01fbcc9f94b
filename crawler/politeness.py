"""A User-Agent that names newscrawl and whom to contact, built from the settings.

`USER_AGENT = f"...{NEWSCRAWL_CONTACT_URL}"` in the settings module would freeze the
contact at import time, so `-s NEWSCRAWL_CONTACT_URL=...` would not reach it. This
replaces Scrapy's UserAgentMiddleware: an explicitly set USER_AGENT wins, otherwise the
header is `newscrawl/VERSION (+CONTACT_URL)`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from crawler import __version__

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler


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
