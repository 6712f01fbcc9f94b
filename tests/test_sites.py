from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawler.sites import SitesError, load_sites

GOOD = """
[sites.kyiv]
start_urls = ["https://news.example.org/en/"]
feeds = ["https://news.example.org/rss.xml"]
allow = ['/en/\\w+/[\\w-]+\\.html$']
deny = ['/en/tag/']
schedule = "0 * * * *"
max_pages = 500
delay = 1.5
concurrency = 2
language = "en"

[sites.lviv]
sitemaps = ["https://lviv.example.org/sitemap.xml"]
schedule = "30 6 * * *"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sites.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_loads_sites_with_their_settings(tmp_path: Path) -> None:
    sites = load_sites(write(tmp_path, GOOD))
    assert sorted(sites) == ["kyiv", "lviv"]
    kyiv = sites["kyiv"]
    assert kyiv.domains() == ("news.example.org",)
    assert kyiv.delay == 1.5 and kyiv.concurrency == 2 and kyiv.max_pages == 500
    assert kyiv.wants("https://news.example.org/en/world/a-story.html")
    assert not kyiv.wants("https://news.example.org/en/tag/korea.html")
    after = datetime(2026, 1, 1, 10, 15, tzinfo=UTC)
    assert kyiv.next_run(after) == datetime(2026, 1, 1, 11, 0, tzinfo=UTC)
    assert sites["lviv"].next_run(after) == datetime(2026, 1, 2, 6, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[sites.a]\nstart_urls = ["https://x.org/"]\nshedule = "* * * * *"',
            "unknown key 'shedule'",
        ),
        ('[sites.a]\nstart_urls = ["https://x.org/"]\nschedule = "every hour"', "key 'schedule'"),
        ('[sites.a]\nstart_urls = ["ftp://x.org/"]', "key 'start_urls': not an http(s) URL"),
        ('[sites.a]\nfeeds = ["https://u:p@x.org/rss"]', "key 'feeds': credentials in a URL"),
        ('[sites.a]\nstart_urls = ["https:///a"]', "key 'start_urls': malformed URL (no host)"),
        ('[sites.a]\nstart_urls = ["https://x.org/"]\nallow = ["("]', "key 'allow': bad pattern"),
        (
            '[sites.a]\nstart_urls = ["https://x.org/"]\nmax_pages = "ten"',
            "key 'max_pages' has the wrong type",
        ),
        (
            '[sites.a]\nstart_urls = ["https://x.org/"]\ndelay = -1',
            "key 'delay' must not be negative",
        ),
        ("[sites.a]\nlanguage = 'en'", "key 'start_urls' (or feeds/sitemaps) is required"),
        (
            '[sites.a]\nstart_urls = ["https://x.org/"]\nconcurrency = 0',
            "key 'concurrency' must be at least 1",
        ),
        (
            '[sites.a]\nstart_urls = ["https://x.org/"]\nlanguage = "english"',
            "key 'language': not a language code: 'english'",
        ),
        (
            '[sites.a]\nstart_urls = ["https://x.org/"]\nschedule = "0 0 30 2 *"',
            "key 'schedule': '0 0 30 2 *' never fires",
        ),
        ('[sites.a]\nstart_urls = ["http://x.org:99999/"]', "key 'start_urls': malformed URL"),
        ("[sites.a\n", "not valid TOML"),
        ("title = 'x'", "no [sites.NAME] tables"),
    ],
)
def test_errors_name_the_file_site_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SitesError) as error:
        load_sites(path)
    assert str(path) in str(error.value)
    assert message in str(error.value)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SitesError, match="no such sites file"):
        load_sites(tmp_path / "absent.toml")


def test_a_file_that_is_not_utf8_or_not_a_file_is_a_clear_error(tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes('[sites.caf\xe9]\nstart_urls = ["https://x.org/"]\n'.encode("latin-1"))
    with pytest.raises(SitesError, match="not UTF-8 text"):
        load_sites(latin1)
    with pytest.raises(SitesError, match="cannot read"):
        load_sites(tmp_path)  # a directory


def test_a_three_letter_or_tagged_language_is_stored_as_its_code(tmp_path: Path) -> None:
    text = '[sites.a]\nstart_urls = ["https://x.org/"]\nlanguage = "ukr"\n'
    text += '[sites.b]\nstart_urls = ["https://y.org/"]\nlanguage = "EN-gb"\n'
    sites = load_sites(write(tmp_path, text))
    assert (sites["a"].language, sites["b"].language) == ("uk", "en")
