"""Recrawl cost: requests of a second crawl of the demo site against the minimum.

The demo site's state two adds two articles, updates one and removes one. The minimum,
as the scheduled-crawl issue defines it, is the listing, feed and sitemap pages plus the
new and changed articles: each discovery page this recrawl had to look at once (robots.txt,
sitemaps, feeds, front, section and tag pages, whether they answered 200 or 304) and the
articles that are new or changed. Anything else (an unchanged article downloaded again, a
page asked for twice) is overhead. A stricter figure counts only requests that brought
new content (a 304 counts as overhead there). Both crawls use the default policy
(fresh-article re-checks of 2 days; the demo's articles are older than that).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

from crawler.demo.server import DemoSite


def _crawl(site: DemoSite, db: str) -> list[tuple[str, str, int]]:
    site.request_log.clear()
    command = [
        sys.executable,
        "-m",
        "crawler",
        "crawl",
        f"{site.base_url}/en/",
        f"{site.base_url}/uk/",
        "--db",
        db,
        "--workers",
        "1",
    ]
    subprocess.run(command, capture_output=True, check=True)
    return list(site.request_log)


def minimum_requests(log: list[tuple[str, str, int]], manifest: dict[str, Any]) -> int:
    articles = {a["path"] for a in manifest["articles"]}
    changes = manifest["state_2"]
    discovery = {path for _, path, _ in log if path not in articles}
    return len(discovery) + len(changes["added"]) + len(changes["updated"])


def changed_content_requests(
    log: list[tuple[str, str, int]], site: DemoSite, manifest: dict[str, Any]
) -> int:
    """Requests that could not be avoided even knowing which pages changed."""
    articles = {a["path"] for a in manifest["articles"]}
    changes = manifest["state_2"]
    changed = {
        path
        for _, path, _ in log
        if path not in articles and site.pages(1).get(path) != site.pages(2).get(path)
    }
    return len(changed) + len(changes["added"]) + len(changes["updated"])


def run() -> dict[str, Any]:
    manifest = json.loads(
        (resources.files("crawler.demo") / "expected" / "manifest.json").read_text("utf-8")
    )
    with DemoSite() as site, tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "recrawl.db")
        first = _crawl(site, db)
        site.set_state(2)
        second = _crawl(site, db)
        minimum = minimum_requests(second, manifest)
        strict = changed_content_requests(second, site, manifest)
    full = sum(1 for _, _, status in second if status == 200)
    return {
        "changed_content_requests": strict,
        "ratio_to_changed_content": round(len(second) / strict, 3),
        "first_crawl_requests": len(first),
        "recrawl_requests": len(second),
        "recrawl_full_downloads": full,
        "recrawl_not_modified": sum(1 for _, _, status in second if status == 304),
        "minimum_requests": minimum,
        "ratio_to_minimum": round(len(second) / minimum, 3),
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
