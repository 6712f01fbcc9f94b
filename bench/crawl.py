"""End-to-end crawl throughput and memory on a local synthetic site.

Each crawl runs in its own process (Scrapy's reactor starts once per process) against
`bench.sitegen` served by another process on 127.0.0.1:
- ceiling: a spider that reads the sitemap and requests every article, with a callback
  that does nothing: the crawl rate this machine allows at all;
- inline: newscrawl's site spider with extraction in the reactor thread (one process);
- pool: the same with the extraction pool, one worker per core (the default).
Each prints one JSON line: pages, seconds, pages/s, peak RSS of the crawler process and of
its largest worker.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

from scrapy import Request, Spider
from scrapy.http import Response

from spiders.discovery import read_xml_links


class CeilingSpider(Spider):
    """Sitemap in, every article requested, nothing done with the pages."""

    name = "ceiling"

    def __init__(self, url: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.root = url

    async def start(self) -> AsyncIterator[Request]:
        yield Request(self.root + "sitemap.xml", self.parse_sitemap)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        for link in read_xml_links(response.body, response.url).links:
            yield Request(link.url, self.parse)

    def parse(self, response: Response, **kwargs: Any) -> None:
        return None


def crawl_one(mode: str, root: str, db: str) -> dict[str, Any]:
    from crawler.runner import run_spider
    from spiders.site import SiteSpider

    overrides: dict[str, Any] = {
        "NEWSCRAWL_DB": db,
        "LOG_LEVEL": "ERROR",
        "ROBOTSTXT_OBEY": False,
        "NEWSCRAWL_WORKERS": -1 if mode == "inline" else 0,
        # robots.txt -> sitemap -> article is depth 2; links from articles add only
        # pages the sitemap named, which the dupefilter drops
        "DEPTH_LIMIT": 3,
    }
    sampler = RssSampler()
    started = time.perf_counter()
    if mode == "ceiling":
        overrides["ITEM_PIPELINES"] = {}
        stats = run_spider(CeilingSpider, overrides, url=root)
        pages = stats.get("response_received_count", 0) - 1
    else:
        stats = run_spider(SiteSpider, overrides, url=root)
        pages = sum(stats.get(f"newscrawl/{k}", 0) for k in ("new", "near_duplicate", "duplicate"))
    seconds = time.perf_counter() - started
    sampler.stop()
    return {
        "mode": mode,
        "pages": pages,
        "seconds": round(seconds, 2),
        "pages_per_s": round(pages / seconds, 1) if seconds else 0.0,
        "peak_rss_mb": round(_own_peak_mb(), 1),
        "worker_peak_rss_mb": round(sampler.worker_peak_mb, 1),
    }


def _status_kb(pid: int | str, field: str) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _own_peak_mb() -> float:
    """This process's peak RSS. Not ru_maxrss: on Linux that survives exec, so a child
    of a big parent reports the parent's peak (seen: every crawl at the bench's 265 MB);
    VmHWM belongs to the address space and starts afresh at exec."""
    return _status_kb("self", "VmHWM") / 1024


class RssSampler:
    """Samples the summed RSS of this process's children (the extraction workers)."""

    def __init__(self, interval_s: float = 0.25) -> None:
        self.worker_peak_mb = 0.0
        self._stop = threading.Event()
        self._interval = interval_s
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _children(self) -> list[str]:
        me = str(os.getpid())
        found = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat", encoding="ascii") as stat:
                        if stat.read().rsplit(")", 1)[1].split()[1] == me:
                            found.append(entry)
                except (OSError, IndexError):
                    continue
        return found

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            total = sum(_status_kb(pid, "VmRSS") for pid in self._children()) / 1024
            self.worker_peak_mb = max(self.worker_peak_mb, total)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


class LocalSite:
    """bench.sitegen in a child process, for the life of a `with` block."""

    def __init__(self, pages: int) -> None:
        self.pages = pages
        self.process: subprocess.Popen[str] | None = None
        self.root = ""

    def __enter__(self) -> LocalSite:
        command = [sys.executable, "-m", "bench.sitegen", "--pages", str(self.pages)]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        self.root = line.split(" on ", 1)[1].strip()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait()
            if self.process.stdout is not None:
                self.process.stdout.close()


def measure(mode: str, pages: int) -> dict[str, Any]:
    """One crawl in a fresh process against a fresh site and a fresh store."""
    with LocalSite(pages) as site, tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.db")
        command = [sys.executable, "-m", "bench.crawl", mode, site.root, db]
        output = subprocess.run(command, capture_output=True, text=True, check=True)
        result: dict[str, Any] = json.loads(output.stdout.strip().splitlines()[-1])
        result["site_pages"] = pages
        return result


def run(pages: int = 5000, big_pages: int = 20000) -> dict[str, Any]:
    results = {mode: measure(mode, pages) for mode in ("ceiling", "inline", "pool")}
    results["pool_big"] = measure("pool", big_pages)
    return results


if __name__ == "__main__":
    mode, root, db = sys.argv[1:4]
    print(json.dumps(crawl_one(mode, root, db)))
