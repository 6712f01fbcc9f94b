"""The Scrapy way keeps working from the repo root: `scrapy list`, `scrapy crawl -a -s`."""

from __future__ import annotations

import subprocess
from pathlib import Path

from crawler.demo.server import DemoSite
from storage import Store

ROOT = Path(__file__).resolve().parent.parent
SCRAPY = str(Path(__import__("sys").executable).with_name("scrapy"))


def test_scrapy_list_names_the_spiders() -> None:
    done = subprocess.run([SCRAPY, "list"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["site", "urls"]


def test_scrapy_crawl_with_spider_arguments_and_setting_overrides(tmp_path: Path) -> None:
    db = tmp_path / "scrapy.db"
    with DemoSite() as site:
        seed = "/en/world/north-korea-admitted-sending-soldiers-to-russias-war-against-ukraine"
        done = subprocess.run(
            [
                SCRAPY,
                "crawl",
                "urls",
                "-a",
                f"urls={site.url(seed)} {site.url('/en/world/')}",
                "-s",
                f"NEWSCRAWL_DB={db}",
                "-s",
                "NEWSCRAWL_WORKERS=-1",
                "-s",
                "LOG_LEVEL=INFO",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    with Store(db, readonly=True) as store:
        (run,) = store.runs()
        assert run["spider"] == "urls" and run["status"] == "finished"
        assert run["stats"]["newscrawl/new"] == 1
        assert run["stats"]["newscrawl/not_article"] == 1
