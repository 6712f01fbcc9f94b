"""Scrapy settings for newscrawl.

`scrapy crawl`, `scrapy list` and `-s NAME=VALUE` read this module through scrapy.cfg;
the `newscrawl` CLI loads the same module, so both ways crawl alike.
"""

from __future__ import annotations

BOT_NAME = "newscrawl"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# --- where records go -------------------------------------------------------------
# The SQLite store. The CLI sets it from --db / NEWSCRAWL_DB; `scrapy crawl` users pass
# `-s NEWSCRAWL_DB=path`.
NEWSCRAWL_DB = "newscrawl.db"
# Rows per write transaction. PERF-NOTES: a commit per page caps a crawl near 100 pages/s
# (7.7 ms fsync); 100 pages per transaction keeps commits rare while a SIGKILL loses at
# most one batch of pages, which the next run fetches again (they are not in the store).
NEWSCRAWL_BATCH_SIZE = 100
# ...and a batch is flushed at least this often, so a slow crawl still lands its pages.
NEWSCRAWL_FLUSH_SECONDS = 5.0

# --- extraction workers -------------------------------------------------------------
# Extraction, language detection and fingerprints are CPU-bound and would stall
# Scrapy's single reactor thread; they run in a process pool. 0 = one per CPU core;
# -1 = inline in the reactor thread (tests, tiny ingests).
NEWSCRAWL_WORKERS = 0
# One page may take at most this long to extract before its worker is replaced: a
# pathological page must not hang the crawl. The slowest of the 181 benchmark pages
# takes well under 1 s; 30 s leaves room on a loaded machine.
NEWSCRAWL_EXTRACT_TIMEOUT = 30.0

# Configured sites are crawled under a lock in the store, so a scheduled crawl and a
# manual one (or two schedulers) never crawl one site at once. `newscrawl crawl SITE`
# turns it on; ad-hoc URL crawls do not take it.
NEWSCRAWL_SITE_LOCK = False

# --- incremental crawling -----------------------------------------------------------
# A stored article younger than this (by publication date, else first fetch) is re-checked
# with a conditional request, because fresh news is edited in its first days.
NEWSCRAWL_RECHECK_DAYS = 2.0

# --- politeness ---------------------------------------------------------------------
ROBOTSTXT_OBEY = True
# The User-Agent names the project and a contact page, so a site's operator can reach
# whoever runs the crawl: set NEWSCRAWL_CONTACT_URL to your own page (`-s` works too).
# An explicit USER_AGENT setting wins (crawler.politeness.ContactUserAgentMiddleware).
NEWSCRAWL_CONTACT_URL = "https://github.com/newscrawl/newscrawl"
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 8
# Outputs of one response processed at once. Scrapy (2.13+) starts this many asyncio
# tasks for every response, whatever it yields; a page here yields one item and the few
# links not seen before. 100 (the default) made 320,000 tasks for a 3,000-page crawl.
CONCURRENT_ITEMS = 16
DOWNLOAD_DELAY = 0.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30.0
# Per-domain average in flight. 4 keeps a news site's load modest; local demo/test
# servers answer in a millisecond, so this barely slows them.
AUTOTHROTTLE_TARGET_CONCURRENCY = 4.0

# --- limits (security: nothing unbounded comes from the open web) -------------------
# A news article page is rarely above 2 MB; 10 MB aborts runaway bodies and, since the
# limit applies to the decompressed size, also bounds a gzip bomb.
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
DOWNLOAD_TIMEOUT = 30
REDIRECT_MAX_TIMES = 5
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# Pages per crawl unless a site sets its own limit.
CLOSESPIDER_PAGECOUNT = 0
DEPTH_LIMIT = 5
# Cookies are not needed to read news and must never reach the logs.
COOKIES_ENABLED = False

# --- identity -----------------------------------------------------------------------
# The dupefilter fingerprints requests by the article's canonical URL, so a variant of a
# page already fetched (tracking parameters, AMP, print) is never fetched again.
REQUEST_FINGERPRINTER_CLASS = "crawler.urls.CanonicalRequestFingerprinter"
HTTPERROR_ALLOWED_CODES = [304, 404, 410]

SPIDER_MIDDLEWARES: dict[str, int] = {}
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.useragent.UserAgentMiddleware": None,
    "crawler.politeness.SharedRobotsTxtMiddleware": 110,
    "crawler.politeness.ContactUserAgentMiddleware": 500,
    "crawler.incremental.IncrementalMiddleware": 650,
}
ITEM_PIPELINES = {
    "crawler.pipelines.ExtractPipeline": 300,
    "crawler.pipelines.StorePipeline": 800,
}
EXTENSIONS = {
    # AutoThrottle that keeps each configured site's `delay` as its floor
    "scrapy.extensions.throttle.AutoThrottle": None,
    "crawler.politeness.SiteAutoThrottle": 0,
    "crawler.runs.RunRecorder": 500,
    "crawler.logs.OneLineDownloadErrors": 0,
}
# Scrapy opens a telnet console and an HTTP server that runs Python code sent to it
# (REMOTE_CONTROL, Scrapy 2.19), both on localhost with a password printed in the log or
# written under the user's profile. An unattended crawl needs neither, and any local user
# who reads the log could drive it: off. `-s TELNETCONSOLE_ENABLED=1` turns one back on
# for debugging a live crawl.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
LOG_LEVEL = "INFO"
LOGSTATS_INTERVAL = 30.0
FEED_EXPORT_ENCODING = "utf-8"
