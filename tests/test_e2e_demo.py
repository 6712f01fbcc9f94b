"""End to end: `newscrawl demo` serves the demo site, crawls it through Scrapy's real
downloader and spiders into a fresh store; `newscrawl export` reads the records back."""

from __future__ import annotations

import json
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from cli_support import newscrawl

from storage import Store

DEMO = resources.files("crawler.demo")
MANIFEST = json.loads((DEMO / "expected" / "manifest.json").read_text(encoding="utf-8"))
SEED = json.loads((DEMO / "expected" / "seed.json").read_text(encoding="utf-8"))
UI = tomllib.loads((DEMO / "data" / "site.toml").read_text(encoding="utf-8"))

# Page furniture of the demo's templates: none of it may reach a body. Single common
# words ("Home", "Yes", "Photo") are left out: prose may use them.
TEMPLATE_KEYS = (
    "category",
    "publication_date",
    "switch_label",
    "source",
    "key_points",
    "read_also",
    "more_on_topic",
    "favourite",
    "reactions",
    "most_read",
    "cookie",
    "lang_prompt",
    "subscribe",
    "copyright",
    "tagline",
    "next_page",
    "prev_page",
    "tag_prefix",
)


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, dict[str, Any]]]:
    db = str(tmp_path_factory.mktemp("demo") / "demo.db")
    shown = newscrawl("demo", "--db", db, "--workers", "2")
    assert shown.returncode == 0, shown.stderr
    exported = newscrawl("export", "--db", db)
    assert exported.returncode == 0, exported.stderr
    records = [json.loads(line) for line in exported.stdout.splitlines()]
    return shown.stdout, {urlsplit(r["url"]).path: r for r in records}


def template_strings() -> list[str]:
    found = []
    for edition in UI["edition"].values():
        found += [edition[key] for key in TEMPLATE_KEYS if key in edition]
    return found


def test_every_state_one_article_is_stored_once_with_its_language(demo_run: Any) -> None:
    _, records = demo_run
    expected = {a["path"]: a for a in MANIFEST["articles"] if 1 in a["states"]}
    assert set(expected) <= set(records)
    for path, article in expected.items():
        assert records[path]["language"] == article["language"], path
        published = article["published_at"]
        if article["metadata"] == "visible":
            # the page shows no zone (and its first date line no time): the day must match
            assert records[path]["published_at"][:10] == published[:10], path
        else:
            assert records[path]["published_at"] == published, path
    not_articles = set(records) - set(expected)
    assert not not_articles, f"listing or about pages stored as articles: {not_articles}"


def test_seed_page_body_is_exactly_the_article(demo_run: Any) -> None:
    _, records = demo_run
    seed = records[SEED["path"]]
    assert seed["body"] == SEED["body"]
    assert seed["title"] == SEED["title"]
    assert seed["source"] == SEED["source"]


def test_no_template_string_in_any_body(demo_run: Any) -> None:
    _, records = demo_run
    for path, record in records.items():
        for text in template_strings():
            assert text not in record["body"], f"{text!r} leaked into {path}"


def test_duplicates_and_translations_are_linked(demo_run: Any) -> None:
    _, records = demo_run
    for article in MANIFEST["articles"]:
        if 1 not in article["states"]:
            continue
        record = records[article["path"]]
        original = article["duplicate_of"] or article["near_duplicate_of"]
        linked = record["duplicate_of"]
        assert (urlsplit(linked).path if linked else None) == original, article["path"]
    seed = records[SEED["path"]]
    partner = records[SEED["alternates"]["uk"]]
    pair = {seed["translation_of"], partner["translation_of"]} - {None}
    assert pair and {urlsplit(u).path for u in pair} <= {SEED["path"], SEED["alternates"]["uk"]}
    assert seed["duplicate_of"] is None and partner["duplicate_of"] is None


def test_demo_prints_a_summary_with_one_clean_record(demo_run: Any) -> None:
    shown, _ = demo_run
    assert "duplicates found" in shown
    assert SEED["title"] in shown
    assert SEED["key_points"][1] in shown


def test_demo_replaces_its_own_store_and_no_other(tmp_path: Path) -> None:
    # A store from a local test server on loopback was deleted by the demo without a word:
    # only the demo site's own articles (its paths) make a store the demo's to replace.
    db = tmp_path / "news.db"
    page = tmp_path / "bridges.html"
    body = "".join(
        f"<p>Lviv opened bridge number {n} over the ring road on Monday, the city council said,"
        f" and traffic on the old crossing {n} fell by a third within hours of the opening.</p>"
        for n in range(6)
    )
    html = "<html><head><title>Lviv bridges</title></head><body><article><h1>Lviv bridges</h1>"
    page.write_text(f"{html}{body}</article></body></html>", encoding="utf-8")
    stored = newscrawl("ingest", str(page), "--url", "http://localhost:8711/en/lviv-bridges",
                       "--db", str(db))  # fmt: skip
    assert stored.returncode == 0, stored.stdout + stored.stderr
    refused = newscrawl("demo", "--db", str(db))
    assert refused.returncode == 1
    assert "holds articles that are not the demo's" in refused.stderr
    with Store(db, readonly=True) as store:
        assert [r["url"] for r in store.export()] == ["http://localhost:8711/en/lviv-bridges"]
    # a demo store is replaced (its port, so its URLs, change every run)
    demo_db = tmp_path / "demo.db"
    counts = []
    for _ in range(2):
        assert newscrawl("demo", "--db", str(demo_db)).returncode == 0
        with Store(demo_db, readonly=True) as store:
            counts.append(len(list(store.export())))
    assert counts[0] == counts[1] > 0
