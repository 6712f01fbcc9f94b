"""What every newscrawl spider shares: turning a response into a `FetchedPage`."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Spider
from scrapy.http import Response, TextResponse

from crawler.items import FetchedPage

logger = logging.getLogger(__name__)

# Statuses the incremental middleware handles itself (not modified, removed): they carry
# no page to extract.
NO_PAGE_STATUSES = frozenset({304, 404, 410})


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def http_charset(response: Response) -> str | None:
    """The charset the server declared, if any: extraction weighs it against <meta>."""
    content_type = _header(response, "Content-Type") or ""
    for part in content_type.split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None


def skip_reason(response: Response) -> str | None:
    """Why a response holds no HTML page to extract, or None when it does."""
    if response.status in NO_PAGE_STATUSES:
        return f"status {response.status}"
    content_type = (_header(response, "Content-Type") or "").split(";")[0].strip().lower()
    if content_type and "html" not in content_type:
        return f"not HTML ({content_type})"
    if not content_type and not isinstance(response, TextResponse):
        return "not HTML (no content type, binary body)"
    if not response.body.strip():
        return "empty body"
    return None


def fetched_page(response: Response, site_name: str | None = None) -> FetchedPage:
    redirects: list[str] = list(response.meta.get("redirect_urls", []))
    feed_urls: list[str] = list(response.meta.get("newscrawl_seen_as", []))
    return FetchedPage(
        url=response.url,
        requested_url=redirects[0] if redirects else response.url,
        html=response.body,
        status=response.status,
        encoding=http_charset(response),
        etag=_header(response, "ETag"),
        last_modified=_header(response, "Last-Modified"),
        extra_urls=redirects + feed_urls,
        site_name=site_name,
    )


class NewsSpider(Spider):
    """Base class: counts skipped responses in the crawl stats with their reason."""

    def skip(self, response: Response) -> bool:
        reason = skip_reason(response)
        if reason is None:
            return False
        if response.status not in NO_PAGE_STATUSES:
            logger.info("skipped %s: %s", response.url, reason)
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"newscrawl/skipped/{reason.split(' (')[0]}")
        return True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
