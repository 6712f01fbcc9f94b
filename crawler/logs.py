"""One log line per failed download, not a traceback.

Scrapy logs a download that failed for good ("Error downloading <GET url>") at ERROR
with the exception's full traceback: 10 to 30 lines of Twisted and asyncio frames for a
refused connection or a DNS failure, once from the scraper and once more from the
robots.txt middleware. A crawl run from cron writes that for every unreachable page, and
the tracebacks drown the lines that matter. The traceback says nothing about a network
failure that its message does not, so `OneLineDownloadErrors` keeps the line, appends the
message, and drops the frames. Other errors (a bug in a callback, a pipeline failure)
keep their tracebacks: the filter only touches "Error downloading" records whose
exception is one Scrapy retries as transient (RETRY_EXCEPTIONS) or one of Scrapy's own
download exceptions.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Self

from scrapy import exceptions, signals
from scrapy.utils.misc import load_object

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

# The loggers that write "Error downloading" records with a traceback (Scrapy 2.13+).
DOWNLOAD_ERROR_LOGGERS = ("scrapy.core.scraper", "scrapy.downloadermiddlewares.robotstxt")
_DOWNLOAD_EXCEPTIONS: tuple[type[BaseException], ...] = (
    exceptions.CannotResolveHostError,
    exceptions.DownloadCancelledError,
    exceptions.DownloadConnectionRefusedError,
    exceptions.DownloadFailedError,
    exceptions.DownloadTimeoutError,
    exceptions.ResponseDataLossError,
    exceptions.UnsupportedURLSchemeError,
)


class NetworkErrorFilter(logging.Filter):
    """Turns a failed download's record into one line: message plus the error's text."""

    def __init__(self, network: tuple[type[BaseException], ...]) -> None:
        super().__init__()
        self.network = network

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if (
            error is None
            or not isinstance(record.msg, str)
            or not record.msg.startswith("Error downloading")
            or not isinstance(error, self.network)
        ):
            return True
        message = record.getMessage()
        reason = str(error) or type(error).__name__
        if reason not in message:
            message = f"{message}: {reason}"
        record.msg, record.args = message, None
        record.exc_info, record.exc_text = None, None
        return True


class OneLineDownloadErrors:
    """Scrapy extension: installs `NetworkErrorFilter` for the crawl, removes it after."""

    def __init__(self, crawler: Crawler) -> None:
        retried = tuple(
            cls
            for cls in (load_object(x) for x in crawler.settings.getlist("RETRY_EXCEPTIONS"))
            if isinstance(cls, type) and issubclass(cls, BaseException)
        )
        self.filter = NetworkErrorFilter(retried + _DOWNLOAD_EXCEPTIONS)
        for name in DOWNLOAD_ERROR_LOGGERS:
            logging.getLogger(name).addFilter(self.filter)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        extension = cls(crawler)
        crawler.signals.connect(extension.remove, signal=signals.spider_closed)
        return extension

    def remove(self) -> None:
        for name in DOWNLOAD_ERROR_LOGGERS:
            logging.getLogger(name).removeFilter(self.filter)
