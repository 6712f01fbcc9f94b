"""The embedded demo site: what it serves, how it answers conditional requests, and
what changes between state 1 and state 2 (the incremental-recrawl scenario)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from email.utils import format_datetime
from html import unescape
from urllib.error import HTTPError
from urllib.request import Request, urlopen
from xml.etree import ElementTree

import pytest

from crawler.demo import DemoSite, load_content
from crawler.demo.expected_data import expected_dir, manifest_text

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def fetch(url: str, method: str = "GET", **headers: str) -> Reply:
    request = Request(url, method=method, headers=headers)
    try:
        with urlopen(request, timeout=10) as response:
            return Reply(response.status, dict(response.headers), response.read())
    except HTTPError as error:
        with error:
            return Reply(error.code, dict(error.headers), error.read())


@pytest.fixture(scope="module")
def site() -> Iterator[DemoSite]:
    with DemoSite() as demo:
        yield demo


@pytest.fixture
def fresh_site() -> Iterator[DemoSite]:
    with DemoSite() as demo:
        yield demo


@pytest.fixture(scope="module")
def manifest() -> dict[str, object]:
    data: dict[str, object] = json.loads((expected_dir() / "manifest.json").read_text("utf-8"))
    return data


def articles(manifest: dict[str, object], state: int) -> list[dict[str, object]]:
    entries = manifest["articles"]
    assert isinstance(entries, list)
    return [a for a in entries if state in a["states"]]


def links(html: str) -> set[str]:
    return set(re.findall(r'href="(/[^"]*)"', html))


def test_robots_names_sitemap_and_disallows_search(site: DemoSite) -> None:
    reply = fetch(site.url("/robots.txt"))
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert "Disallow: /search\n" in reply.text
    assert f"Sitemap: {site.url('/sitemap.xml')}\n" in reply.text


def test_sitemap_index_points_to_edition_sitemaps_with_lastmod(
    site: DemoSite, manifest: dict[str, object]
) -> None:
    index = fetch(site.url("/sitemap.xml"))
    assert index.status == 200
    assert index.headers["Content-Type"].startswith("application/xml")
    locs = [e.text for e in ElementTree.fromstring(index.body).iter(f"{SM}loc")]
    assert locs == [site.url("/sitemap-en.xml"), site.url("/sitemap-uk.xml")]
    listed: set[str] = set()
    for loc in locs:
        assert loc is not None
        urlset = ElementTree.fromstring(fetch(loc).body)
        for url in urlset.iter(f"{SM}url"):
            assert url.findtext(f"{SM}lastmod")
            listed.add(url.findtext(f"{SM}loc") or "")
    assert listed == {site.url(str(a["path"])) for a in articles(manifest, 1)}


def test_rss_feeds_list_each_edition(site: DemoSite, manifest: dict[str, object]) -> None:
    for lang in ("en", "uk"):
        reply = fetch(site.url(f"/{lang}/rss.xml"))
        assert reply.status == 200
        assert reply.headers["Content-Type"].startswith("application/rss+xml")
        feed = ElementTree.fromstring(reply.body)
        items = [i.findtext("link") for i in feed.iter("item")]
        expected = {
            site.url(str(a["path"])) for a in articles(manifest, 1) if a["language"] == lang
        }
        assert set(items) == expected


def test_section_page_is_paginated(site: DemoSite) -> None:
    first = fetch(site.url("/en/world/"))
    assert first.status == 200
    assert first.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "/en/world/page/2/" in links(first.text)
    second = fetch(site.url("/en/world/page/2/"))
    assert second.status == 200
    assert "/en/world/" in links(second.text)
    assert fetch(site.url("/uk/svit/page/2/")).status == 200


def test_seed_page_carries_the_article_and_all_the_seed_noise(site: DemoSite) -> None:
    seed = json.loads((expected_dir() / "seed.json").read_text("utf-8"))
    reply = fetch(site.url(seed["path"]))
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
    html = unescape(reply.text)
    assert '<html lang="en">' in html
    assert f'<link rel="canonical" href="{site.url(seed["path"])}">' in html
    assert '"datePublished": "2025-04-28T12:41:00+03:00"' in html
    assert f'hreflang="uk" href="{site.url(seed["alternates"]["uk"])}"' in html
    for paragraph in seed["body"].split("\n\n"):
        assert paragraph in html
    noise = [
        "Category", "Publication date", "Читати українською", "Source:\xa0 ",
        "Points of attention", "More on the topic", "Додати до обраного", "Read also:",
        "Share", "How do you like that?", "By staying online, you consent",
        "Based on your browser and language settings", "Most read", "Photo: Reuters",
        'class="breadcrumbs"', "All rights reserved",
    ]  # fmt: skip
    for snippet in noise:
        assert snippet in html, snippet


def test_seed_record_matches_the_site_data() -> None:
    seed = json.loads((expected_dir() / "seed.json").read_text("utf-8"))
    article = next(a for a in load_content().articles if a.path == seed["path"])
    assert article.body == seed["body"]
    assert (article.title, article.published, article.source) == (
        seed["title"],
        seed["published_at"],
        seed["source"],
    )


def test_conditional_requests_get_304(site: DemoSite) -> None:
    first = fetch(site.url("/en/rss.xml"))
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert first.headers["Last-Modified"].endswith(" GMT")
    assert fetch(site.url("/en/rss.xml"), **{"If-None-Match": etag}).status == 304
    assert fetch(site.url("/en/rss.xml"), **{"If-Modified-Since": modified}).status == 304
    old = "Mon, 01 Jan 2024 00:00:00 GMT"
    assert fetch(site.url("/en/rss.xml"), **{"If-Modified-Since": old}).status == 200
    assert fetch(site.url("/en/rss.xml"), **{"If-None-Match": '"other"'}).status == 200
    head = fetch(site.url("/en/rss.xml"), method="HEAD")
    assert (head.status, head.body, head.headers["ETag"]) == (200, b"", etag)


def test_unknown_path_is_404_and_logged(fresh_site: DemoSite) -> None:
    assert fetch(fresh_site.url("/search?q=kursk")).status == 404
    assert fetch(fresh_site.url("/robots.txt")).status == 200
    assert fresh_site.request_log == [("GET", "/search?q=kursk", 404), ("GET", "/robots.txt", 200)]


@pytest.mark.parametrize("state", [1, 2])
def test_every_article_is_served_and_linked(
    fresh_site: DemoSite, manifest: dict[str, object], state: int
) -> None:
    fresh_site.set_state(state)
    linked: set[str] = set()
    for path, resource in fresh_site.pages(state).items():
        if path.endswith(("/", ".xml")):
            text = resource.body.decode()
            feed_links = re.findall(r"<link>([^<]+)", text)
            linked |= links(text) | {u.removeprefix(fresh_site.base_url) for u in feed_links}
    for entry in articles(manifest, state):
        path = str(entry["path"])
        assert fetch(fresh_site.url(path)).status == 200, path
        assert path in linked, path


def test_duplicates_and_translations_are_what_the_manifest_says(
    manifest: dict[str, object],
) -> None:
    content = load_content()
    by_path = {a.path: a for a in content.articles}
    for entry in articles(manifest, 1):
        article = by_path[str(entry["path"])]
        if entry["duplicate_of"]:
            assert article.body == by_path[str(entry["duplicate_of"])].body
        if entry["near_duplicate_of"]:
            original = by_path[str(entry["near_duplicate_of"])]
            assert article.title != original.title
            changed = set(article.paragraphs) ^ set(original.paragraphs)
            assert len(changed) == 2  # one paragraph, old and new version
        if entry["translation_of"]:
            other = by_path[str(entry["translation_of"])]
            assert other.lang != article.lang and other.translation == article.id
    kinds = [(bool(a["duplicate_of"]), bool(a["near_duplicate_of"])) for a in articles(manifest, 1)]
    assert (True, False) in kinds and (False, True) in kinds


def test_manifest_file_is_up_to_date() -> None:
    """Regenerate with `python -m crawler.demo.expected_data` and review the diff."""
    assert (expected_dir() / "manifest.json").read_text("utf-8") == manifest_text(load_content())


def test_state_2_adds_updates_removes_and_keeps_the_rest(
    fresh_site: DemoSite, manifest: dict[str, object]
) -> None:
    change = manifest["state_2"]
    assert isinstance(change, dict)
    before = {str(a["path"]): fetch(fresh_site.url(str(a["path"]))) for a in articles(manifest, 1)}
    sitemap_before = fetch(fresh_site.url("/sitemap-en.xml")).text
    fresh_site.set_state(2)
    for path in change["added"]:
        assert fetch(fresh_site.url(path)).status == 200
        lang = path.split("/")[1]
        assert fresh_site.url(path) in fetch(fresh_site.url(f"/sitemap-{lang}.xml")).text
        assert fresh_site.url(path) in fetch(fresh_site.url(f"/{lang}/rss.xml")).text
        section = "/".join(path.split("/")[:3]) + "/"
        assert path in links(fetch(fresh_site.url(section)).text)
    for path in change["removed"]:
        assert fetch(fresh_site.url(path)).status == 410
        assert fresh_site.url(path) not in fetch(fresh_site.url("/sitemap-en.xml")).text
    (updated,) = change["updated"]
    old = before[updated]
    new = fetch(fresh_site.url(updated), **{"If-None-Match": old.headers["ETag"]})
    assert new.status == 200 and new.body != old.body
    assert new.headers["Last-Modified"] != old.headers["Last-Modified"]
    entry = next(a for a in articles(manifest, 2) if a["path"] == updated)
    stamp = f"<loc>{fresh_site.url(updated)}</loc>\n<lastmod>{{}}</lastmod>"
    assert (
        stamp.format(entry["modified_at_state_2"]) in fetch(fresh_site.url("/sitemap-en.xml")).text
    )
    assert stamp.format(entry["published_at"]) in sitemap_before
    for path, reply in before.items():
        if path in (updated, *change["removed"]):
            continue
        again = fetch(fresh_site.url(path))
        assert again.body == reply.body, path
        assert fetch(fresh_site.url(path), **{"If-None-Match": reply.headers["ETag"]}).status == 304


def test_state_2_counts(manifest: dict[str, object]) -> None:
    content = load_content()
    assert manifest["counts"] == {
        str(s): {lang: len(content.live(s, lang)) for lang in ("en", "uk")} for s in (1, 2)
    }
    assert len(content.live(1)) == 20


def test_last_modified_is_an_http_date(site: DemoSite) -> None:
    reply = fetch(site.url("/robots.txt"))
    assert reply.headers["Last-Modified"] == format_datetime(
        load_content().static_time.astimezone(UTC), usegmt=True
    )


def test_unknown_state_is_refused(site: DemoSite) -> None:
    with pytest.raises(ValueError, match="unknown demo site state"):
        site.set_state(3)


def test_base_url_has_no_trailing_slash(site: DemoSite) -> None:
    assert not site.base_url.endswith("/")
    assert site.url("/en/") == site.url("en/") == site.base_url + "/en/"
    assert fetch(site.base_url + "/en/").status == 200


def test_repeated_slashes_are_merged(fresh_site: DemoSite) -> None:
    assert fetch(fresh_site.base_url + "//en/").status == 200
    assert fetch(fresh_site.base_url + "//en//world/").status == 200
    assert [status for _, _, status in fresh_site.request_log] == [200, 200]


def test_listing_without_trailing_slash_redirects(fresh_site: DemoSite) -> None:
    reply = fetch(fresh_site.url("/en/world"))  # urllib follows the redirect
    assert reply.status == 200
    assert fresh_site.request_log == [("GET", "/en/world", 301), ("GET", "/en/world/", 200)]
