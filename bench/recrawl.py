"""Recrawl cost: requests of a second crawl of the demo site against the minimum.

The demo site's state two adds two articles, updates one and removes one. The minimum
a crawler can get away with is every discovery page the site serves in state two
(robots.txt, sitemaps, feeds, front, section, pagination, tag and about pages) plus the
new and changed articles: everything else is known. Both crawls use the default policy
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


def minimum_requests(site: DemoSite, manifest: dict[str, Any]) -> int:
    articles = {a["path"] for a in manifest["articles"]}
    changes = manifest["state_2"]
    discovery = [p for p, r in site.pages(2).items() if p not in articles and r.status == 200]
    return len(discovery) + len(changes["added"]) + len(changes["updated"])


def run() -> dict[str, Any]:
    manifest = json.loads(
        (resources.files("crawler.demo") / "expected" / "manifest.json").read_text("utf-8")
    )
    with DemoSite() as site, tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "recrawl.db")
        first = _crawl(site, db)
        site.set_state(2)
        second = _crawl(site, db)
        minimum = minimum_requests(site, manifest)
    full = sum(1 for _, _, status in second if status == 200)
    return {
        "first_crawl_requests": len(first),
        "recrawl_requests": len(second),
        "recrawl_full_downloads": full,
        "recrawl_not_modified": sum(1 for _, _, status in second if status == 304),
        "minimum_requests": minimum,
        "ratio_to_minimum": round(len(second) / minimum, 3),
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
