"""The Scrapy way keeps working from the repo root: `scrapy list`, `scrapy crawl -a -s`."""

from __future__ import annotations

import json
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


def test_scrapy_feed_export_writes_the_clean_article_records(tmp_path: Path) -> None:
    # `-O out.jsonl` wrote an empty file: the item held bytes the JSON exporter cannot write
    db, out = tmp_path / "scrapy.db", tmp_path / "articles.jsonl"
    with DemoSite() as site:
        seed = "/en/world/north-korea-admitted-sending-soldiers-to-russias-war-against-ukraine"
        urls = f"urls={site.url(seed)} {site.url('/en/world/')}"
        done = subprocess.run(
            [SCRAPY, "crawl", "urls", "-a", urls, "-s", f"NEWSCRAWL_DB={db}",
             "-s", "NEWSCRAWL_WORKERS=-1", "-O", str(out)],
            cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Error caught on signal handler" not in done.stderr
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["url"] == site.url(seed)  # the listing page is stored, not exported
    assert record["source"] == "KCNA" and record["language"] == "en"
    assert record["published_at"].startswith("2025-04-28")
    assert record["body"].startswith("The Central Military Commission")
    assert "Читати українською" not in record["body"]
    with Store(db, readonly=True) as store:
        (stored,) = list(store.export())
        assert stored["body"] == record["body"] and stored["url"] == record["url"]


def test_bad_spider_arguments_say_what_is_wrong(tmp_path: Path) -> None:
    def scrapy(*args: str) -> subprocess.CompletedProcess[str]:
        command = [SCRAPY, "crawl", *args, "-s", f"NEWSCRAWL_DB={tmp_path / 'x.db'}"]
        return subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
        )

    # these ended in "IndexError: list index out of range" and "KeyError: 'nosuch'"
    sites = tmp_path / "sites.toml"
    sites.write_text('[sites.b]\nstart_urls = ["https://b.example.org/"]\n', encoding="utf-8")
    for args, reason in [
        ((), "give -a url=START_URL"),
        (("-a", "site=nosuch", "-a", f"sites={sites}"), "no site named 'nosuch'"),
        (("-a", "url=notaurl"), "not an http(s) URL: 'notaurl'"),
    ]:
        done = scrapy("site", *args)
        assert done.returncode == 1 and reason in done.stderr.strip().splitlines()[-1]
    # `urls`: each bad URL is one error line (it was 4 tracebacks), the good ones go on
    done = scrapy("urls", "-a", "urls=notaurl")
    assert "ERROR: not fetched: not an http(s) URL: 'notaurl'" in done.stderr
    assert "Traceback" not in done.stderr
    assert "ERROR: no URLs to fetch" in scrapy("urls").stderr
