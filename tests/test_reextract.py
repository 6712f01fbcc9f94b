"""`newscrawl reextract`: the stored raw HTML, run through today's extractor again."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from urllib.request import urlopen

from cli_support import newscrawl

from crawler.demo.server import DemoSite

SEED = "/en/world/north-korea-admitted-sending-soldiers-to-russias-war-against-ukraine"
PATHS = [SEED, "/en/ukraine/kyiv-reopens-metro-station-after-repairs", "/en/world/"]


def test_reextract_rebuilds_records_from_stored_html_without_fetching(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    with DemoSite() as site:
        files = []
        for number, path in enumerate(PATHS):
            with urlopen(site.url(path)) as response:
                page = tmp_path / f"p{number}.html"
                page.write_bytes(response.read())
            page.with_suffix(".url").write_text(site.url(path))
            files.append(str(page))
        assert newscrawl("ingest", *files, "--db", str(db)).returncode == 0
        seed_url, metro_url = site.url(SEED), site.url(PATHS[1])
        site.request_log.clear()
        # an older extractor's output: the body as it might have been stored before, and
        # a CMS's zero date taken for the publication date
        with sqlite3.connect(db) as conn:
            conn.execute(
                "UPDATE articles SET body = 'Share\n\n' || body, content_hash = 'old'"
                " WHERE url = ?",
                (seed_url,),
            )
            (published,) = conn.execute(
                "SELECT published_at FROM articles WHERE url = ?", (metro_url,)
            ).fetchone()
            conn.execute(
                "UPDATE articles SET published_at = '0001-01-01T00:00:00+00:00' WHERE url = ?",
                (metro_url,),
            )
        conn.close()
        done = newscrawl("reextract", "--db", str(db), "--workers", "1")
        assert site.request_log == []  # nothing fetched
    assert done.returncode == 0, done.stderr
    # the seed page's body changed; the metro page's body did not, its date did
    assert done.stdout.strip() == "1 not_article, 1 refreshed, 1 updated"
    shown = json.loads(newscrawl("show", seed_url, "--db", str(db), "--json").stdout)
    assert not shown["body"].startswith("Share")
    assert shown["version_count"] == 2  # the old text is kept as a version
    metro = json.loads(newscrawl("show", metro_url, "--db", str(db), "--json").stdout)
    assert published.startswith("2025-") and metro["published_at"] == published
    assert metro["version_count"] == 1  # same body: the date is corrected in place


def test_reextract_needs_an_existing_store(tmp_path: Path) -> None:
    done = newscrawl("reextract", "--db", str(tmp_path / "none.db"))
    assert done.returncode == 1
    assert done.stderr.startswith("Error: no database at")
