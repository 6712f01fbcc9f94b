"""Incremental recrawl of the demo site: state one, then state two (issue 5).

State two adds two articles, updates one in place (sitemap lastmod bumped), removes one
(410) and leaves the rest byte-identical. The second crawl must store the new ones,
record the update as a version, and not download unchanged articles again; a re-check
of everything stored must mark the removal and get 304s for the unchanged pages.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from cli_support import newscrawl

from crawler.demo.server import DemoSite

MANIFEST = json.loads(
    (resources.files("crawler.demo") / "expected" / "manifest.json").read_text(encoding="utf-8")
)
CHANGES = MANIFEST["state_2"]


def run_ok(*args: str) -> str:
    done = newscrawl(*args)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def crawl(site: DemoSite, db: Path, *settings: str) -> list[tuple[str, str, int]]:
    site.request_log.clear()
    extra = [arg for pair in settings for arg in ("-s", pair)]
    run_ok(
        "crawl",
        f"{site.base_url}/en/",
        f"{site.base_url}/uk/",
        "--db",
        str(db),
        "--workers",
        "1",
        *extra,
    )
    return list(site.request_log)


def exported(db: Path) -> dict[str, dict[str, Any]]:
    lines = run_ok("export", "--db", str(db)).splitlines()
    return {urlsplit(r["url"]).path: r for r in map(json.loads, lines)}


@pytest.fixture(scope="module")
def recrawl(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("recrawl") / "news.db"
    with DemoSite() as site:
        first = crawl(site, db)
        before = exported(db)
        site.set_state(2)
        second = crawl(site, db)
        after_second = exported(db)
        third = crawl(site, db, "NEWSCRAWL_RECHECK_DAYS=1000000")
        after_third = exported(db)
    return {
        "first": first,
        "second": second,
        "third": third,
        "before": before,
        "after_second": after_second,
        "after_third": after_third,
        "db": db,
    }


def article_paths(states: set[int]) -> set[str]:
    return {a["path"] for a in MANIFEST["articles"] if states <= set(a["states"])}


def test_second_crawl_stores_new_articles(recrawl: dict[str, Any]) -> None:
    for path in CHANGES["added"]:
        assert path not in recrawl["before"]
        assert path in recrawl["after_second"]


def test_update_in_place_becomes_a_version(recrawl: dict[str, Any]) -> None:
    path = CHANGES["updated"][0]
    before, after = recrawl["before"][path], recrawl["after_second"][path]
    assert before["content_hash"] != after["content_hash"]
    rows = run_ok(
        "query",
        "SELECT count(*) AS n FROM versions JOIN articles a ON a.id = article_id WHERE a.url = ?",
        "-p",
        after["url"],
        "--db",
        str(recrawl["db"]),
        "--format",
        "json",
    )
    assert json.loads(rows)[0]["n"] == 2


def test_unchanged_articles_are_not_downloaded_again(recrawl: dict[str, Any]) -> None:
    unchanged = article_paths({1, 2}) - set(CHANGES["updated"])
    full_downloads = {path for _, path, status in recrawl["second"] if status == 200}
    assert not unchanged & full_downloads
    rechecked = {path: status for _, path, status in recrawl["third"]}
    assert all(rechecked.get(path) == 304 for path in unchanged), rechecked


def test_removal_is_marked_and_nothing_is_deleted(recrawl: dict[str, Any]) -> None:
    path = CHANGES["removed"][0]
    assert recrawl["before"][path]["removed"] in (None, False)
    record = recrawl["after_third"][path]
    assert record["removed"] not in (None, False)
    assert record["body"] == recrawl["before"][path]["body"]
