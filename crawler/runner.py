"""Run a spider with the project's settings: the CLI's thin front over CrawlerProcess.

Scrapy's reactor can start once per process, so each `run_spider` call is one process's
whole crawl; the scheduler runs every crawl in a child process for the same reason (and
so that a crashing crawl cannot take the scheduler down).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings


def project_settings(overrides: dict[str, Any] | None = None) -> Settings:
    """crawler.settings, as `scrapy crawl` from the repo root would load it, plus overrides."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def run_spider(
    spider: type,
    overrides: dict[str, Any] | None = None,
    on_crawler: Callable[[Crawler], None] | None = None,
    **spider_args: Any,
) -> dict[str, Any]:
    """Crawl to completion; return the crawl's stats. `on_crawler` may connect signals."""
    process = CrawlerProcess(project_settings(overrides))
    crawler = process.create_crawler(spider)
    if on_crawler is not None:
        on_crawler(crawler)
    process.crawl(crawler, **spider_args)
    process.start()
    return dict(crawler.stats.get_stats()) if crawler.stats else {}
