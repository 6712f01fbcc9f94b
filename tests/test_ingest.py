"""`newscrawl ingest`: URLs, local .html files and WARC files, each with an outcome."""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

import pytest
from cli_support import newscrawl
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.demo.server import DemoSite

SEED = "/en/world/north-korea-admitted-sending-soldiers-to-russias-war-against-ukraine"
KYIV = "/en/ukraine/kyiv-reopens-metro-station-after-repairs"
GRAIN = "/en/economy/grain-shipments-through-danube-ports-rise-for-third-month"
REPRINT = "/en/news/grain-shipments-danube-ports-third-month"


@pytest.fixture(scope="module")
def site() -> DemoSite:
    with DemoSite() as demo:
        yield demo


def outcomes(stdout: str) -> dict[str, str]:
    """{input: outcome word} from the per-input lines."""
    found = {}
    for line in stdout.splitlines()[:-1]:
        parts = line.split()
        source = next(p for p in parts if "/" in p or p.endswith(".html"))
        found[source] = line.split(source)[0].strip()
    return found


def test_urls_as_arguments_and_from_stdin(site: DemoSite, tmp_path: Path) -> None:
    db = str(tmp_path / "news.db")
    first = newscrawl("ingest", site.url(SEED), site.url(GRAIN), "--db", db, "--allow-private")
    assert first.returncode == 0, first.stderr
    assert outcomes(first.stdout) == {site.url(SEED): "stored", site.url(GRAIN): "stored"}
    assert first.stdout.splitlines()[-1] == "2 inputs: 2 stored"

    again = newscrawl(
        "ingest",
        "-",
        "--db",
        db,
        "--allow-private",
        stdin=f"{site.url(SEED)}\n# a comment\n{site.url(REPRINT)}\n",
    )
    assert again.returncode == 0, again.stderr
    lines = outcomes(again.stdout)
    assert lines[site.url(SEED)] == "unchanged"
    assert lines[site.url(REPRINT)] == "duplicate"
    assert f"of {site.url(GRAIN)}" in again.stdout


def test_the_same_page_listed_twice_is_fetched_once_and_every_input_gets_its_outcome(
    site: DemoSite, tmp_path: Path
) -> None:
    db = str(tmp_path / "news.db")
    seed, kyiv = site.url(SEED), site.url(KYIV)
    variant = f"{seed}?utm_source=newsletter#comments"
    site.request_log.clear()
    done = newscrawl(
        "ingest", "-", "--db", db, "--allow-private", stdin=f"{seed}\n{kyiv}\n{seed}\n{variant}\n"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert [line.split()[0] for line in lines[:-1]] == ["stored"] * 4
    assert lines[-1] == "4 inputs: 4 stored"
    assert [path for _, path, _ in site.request_log].count(SEED) == 1


def test_a_line_that_is_not_utf8_is_its_own_error_and_the_rest_goes_through(
    site: DemoSite, tmp_path: Path
) -> None:
    urls = tmp_path / "urls.txt"  # written by a Latin-1 editor
    urls.write_bytes(
        f"{site.url(KYIV)}\n{site.url('/en/caf')}\xe9.html\n{site.url(SEED)}\n".encode("latin-1")
    )
    done = newscrawl(
        "ingest", "--file", str(urls), "--db", str(tmp_path / "n.db"), "--allow-private"
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["stored", "error", "stored", "3"]
    assert "not UTF-8" in lines[1] and "caf\\xe9.html" in lines[1]


def test_url_must_be_a_url_for_exactly_one_file(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>Text.</p></body></html>", encoding="utf-8")
    db = str(tmp_path / "n.db")
    bad = newscrawl("ingest", str(page), "--url", "not a url", "--db", db)
    assert bad.returncode == 2 and "Invalid value for --url: not an http(s) URL" in bad.stderr
    two = newscrawl("ingest", str(page), str(page), "--url", "https://a.example/x", "--db", db)
    assert two.returncode == 2 and "give exactly one file" in two.stderr


def test_bad_inputs_are_one_line_errors_and_the_rest_goes_through(
    site: DemoSite, tmp_path: Path
) -> None:
    db = str(tmp_path / "news.db")
    done = newscrawl(
        "ingest",
        "ftp://example.org/x",
        "http://",
        str(tmp_path / "missing.html"),
        "http://127.0.0.1:9/private",
        site.url(KYIV),
        "--db",
        db,
    )
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert any("not an http(s) URL" in line for line in lines)
    assert any("no such file" in line for line in lines)
    assert any("refused private or loopback" in line for line in lines)
    assert "Traceback" not in done.stderr
    # the loopback demo URL is refused too without --allow-private; with it, it is stored
    allowed = newscrawl("ingest", site.url(KYIV), "--db", db, "--allow-private")
    assert allowed.returncode == 0 and "stored" in allowed.stdout


def test_nothing_to_ingest_is_a_usage_error(tmp_path: Path) -> None:
    done = newscrawl("ingest", "--db", str(tmp_path / "news.db"))
    assert done.returncode == 2
    assert done.stderr.strip() == "Error: nothing to ingest: give URLs, files, --file or '-'"
    # a --file with no URLs in it said the same, as if --file had not been given
    urls = tmp_path / "urls.txt"
    urls.write_text("\n# to do\n\n", encoding="utf-8")
    done = newscrawl("ingest", "--file", str(urls), "--db", str(tmp_path / "news.db"))
    assert done.returncode == 2
    assert (
        done.stderr.strip()
        == f"Error: {urls}: no URLs in it (blank lines and # comments are skipped)"
    )


def test_local_files_with_url_sidecars_and_a_progress_bar(site: DemoSite, tmp_path: Path) -> None:
    from urllib.request import urlopen

    paths = [
        SEED,
        KYIV,
        GRAIN,
        REPRINT,
        "/en/world/japan-pledges-funding-for-demining-equipment",
        "/en/world/",
        "/uk/svit/lytva-peredala-ukraini-ponad-200-heneratoriv",
    ]
    files = []
    for number, path in enumerate(paths):
        with urlopen(site.url(path)) as response:
            html = response.read()
        page = tmp_path / f"saved{number}.html"
        page.write_bytes(html)
        page.with_suffix(".url").write_text(site.url(path))
        files.append(str(page))
    db = str(tmp_path / "news.db")
    done = newscrawl("ingest", *files, "--db", db)
    assert done.returncode == 0, done.stderr
    words = list(outcomes(done.stdout).values())
    assert words.count("stored") == 5
    assert words.count("duplicate") == 1
    assert words.count("not an article") == 1
    assert "extracting" in done.stderr  # the progress bar, on stderr
    exported = newscrawl("export", "--db", db)
    urls = {json.loads(line)["url"] for line in exported.stdout.splitlines()}
    assert site.url(SEED) in urls


def test_warc_records_are_ingested(site: DemoSite, tmp_path: Path) -> None:
    from urllib.request import urlopen

    warc = tmp_path / "pages.warc.gz"
    with warc.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for path, status in ((SEED, "200 OK"), (KYIV, "200 OK"), (GRAIN, "404 Not Found")):
            with urlopen(site.url(path)) as response:
                body = response.read()  # an article's HTML, served with an error status
            headers = StatusAndHeaders(
                status, [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                site.url(path),
                "response",
                payload=BytesIO(body),
                length=len(body),
                http_headers=headers,
            )
            writer.write_record(record)
    db = str(tmp_path / "news.db")
    done = newscrawl("ingest", str(warc), "--db", db)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "2 inputs: 2 stored"  # not the 404 page
    broken = tmp_path / "broken.warc"
    broken.write_bytes(b"this is not a warc file")
    failed = newscrawl("ingest", str(broken), "--db", db)
    assert failed.returncode == 1 and "unreadable WARC" in failed.stdout


def test_a_saved_page_is_extracted_with_its_own_canonical_url(tmp_path: Path) -> None:
    paragraph = (
        "<p>The European Union agreed on Tuesday to a new package of sanctions targeting "
        "banks, shipping companies and traders that helped to evade the oil price cap.</p>"
    )

    def saved(name: str, canonical: str) -> str:
        page = tmp_path / name
        page.write_text(
            f'<html lang="en"><head><title>Sanctions</title><link rel="canonical" '
            f'href="{canonical}"></head><body><article><h1>Sanctions</h1>{paragraph * 4}'
            "</article></body></html>",
            encoding="utf-8",
        )
        return str(page)

    absolute = saved("a.html", "https://news.example.org/2024/03/12/sanctions-package")
    relative = saved("b.html", "/2024/03/13/more-sanctions")
    db = str(tmp_path / "n.db")
    done = newscrawl("ingest", absolute, relative, "--db", db)
    assert done.returncode == 0, done.stdout + done.stderr
    records = {
        r["url"]: r for r in map(json.loads, newscrawl("export", "--db", db).stdout.splitlines())
    }
    record = records["https://news.example.org/2024/03/12/sanctions-package"]
    assert record["site"] == "news.example.org"
    assert record["published_at"].startswith("2024-03-12")  # the date its URL carries
    # a relative canonical link names no host: the record keeps the file's URL
    assert Path(relative).resolve().as_uri() in records


def test_gzipped_pages_are_read_and_what_is_not_html_is_refused(tmp_path: Path) -> None:
    import gzip

    article = (
        '<!doctype html><html lang="en"><head><title>Sanctions</title><link rel="canonical" '
        'href="https://news.example.org/2024/03/12/sanctions"></head><body><article><h1>'
        "Sanctions</h1>"
        + "<p>The European Union agreed on Tuesday to a new package of sanctions targeting "
        "banks, shipping companies and traders that helped to evade the oil price cap.</p>"
        * 4
        + "</article></body></html>"
    )
    zipped = tmp_path / "page.html.gz"
    zipped.write_bytes(gzip.compress(article.encode()))
    utf16 = tmp_path / "page16.html"
    utf16.write_bytes(article.replace("/12/", "/13/").encode("utf-16"))
    notes = tmp_path / "notes.md"
    notes.write_text("# Notes\n\nNothing to see here.\n", encoding="utf-8")
    folder = tmp_path / "saved"
    folder.mkdir()
    done = newscrawl("ingest", str(zipped), str(utf16), str(notes), str(folder),
                     "--db", str(tmp_path / "n.db"))  # fmt: skip
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    # the UTF-16 copy reads as the same text: a duplicate of the gzipped page
    assert [line.split()[0] for line in lines[:-1]] == ["error", "error", "stored", "duplicate"]
    assert f"{notes}  (not an HTML file)" in lines[0]
    assert f"{folder}  (a directory: give its files" in lines[1]
