"""One-off ingestion: URLs, local .html files and WARC files, each with an outcome.

URLs go through Scrapy (the `urls` spider, same pipelines as a crawl); local files and
WARC records skip the network and go straight through the same `process_page` and the
same store, so a page gives the same record whichever way it arrived.
"""

from __future__ import annotations

import asyncio
import gzip
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from crawler.inputs import printable, url_problem
from crawler.items import PageItem
from crawler.process import Processed, make_item, process_page_to_store
from crawler.progress import progress_bar
from crawler.urls import canonicalize_url
from crawler.workers import ExtractionFailed, ExtractionPool
from storage import SaveOutcome, Store

# More inputs than this get a progress bar; a handful print their outcomes soon enough.
PROGRESS_THRESHOLD = 5
# Local documents per write transaction (see NEWSCRAWL_BATCH_SIZE in settings).
BATCH = 100

OUTCOME_WORDS = {
    "new": "stored",
    "updated": "updated",
    "refreshed": "refreshed",
    "unchanged": "unchanged",
    "duplicate": "duplicate",
    "near_duplicate": "near duplicate",
    "not_article": "not an article",
}


# The outcome of an input not fetched because Ctrl-C or SIGTERM stopped the run.
INTERRUPTED = "interrupted"


@dataclass(slots=True)
class IngestOptions:
    db_path: str
    given_url: str | None = None
    allow_private: bool = False
    ignore_robots: bool = False
    workers: int = 0


@dataclass(slots=True)
class Outcome:
    source: str
    status: str  # a key of OUTCOME_WORDS, or "error"
    detail: str = ""

    def line(self) -> str:
        word = OUTCOME_WORDS.get(self.status, self.status)
        line = f"{word:<15} {self.source}" + (f"  ({self.detail})" if self.detail else "")
        return printable(line)


@dataclass(slots=True)
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return sum(1 for o in self.outcomes if o.status == "error")

    @property
    def interrupted(self) -> int:
        return sum(1 for o in self.outcomes if o.status == INTERRUPTED)

    def summary(self) -> str:
        counts: dict[str, int] = {}
        for outcome in self.outcomes:
            word = OUTCOME_WORDS.get(outcome.status, outcome.status)
            word = "failed" if word == "error" else word
            counts[word] = counts.get(word, 0) + 1
        parts = ", ".join(f"{n} {word}" for word, n in counts.items())
        return f"{len(self.outcomes)} inputs: {parts}" if parts else "0 inputs"


@dataclass(slots=True)
class LocalDoc:
    source: str
    url: str | None
    html: bytes
    http_charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None


def gather_inputs(args: list[str], url_file: IO[str] | None, stdin: IO[str]) -> list[str]:
    """Every input named on the command line, in a URL file, or on stdin ('-')."""
    items: list[str] = []
    for arg in args:
        items.extend(_lines(_tolerant(stdin)) if arg == "-" else [arg])
    if url_file is not None:
        items.extend(_lines(url_file))
    return items


def _tolerant(stream: IO[str]) -> IO[str]:
    """The stream read as UTF-8 with undecodable bytes kept as surrogates, so that one bad
    line becomes that input's error (`url_problem`) instead of ending the run."""
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        return stream  # already text (tests, StringIO)
    return io.TextIOWrapper(buffer, encoding="utf-8", errors="surrogateescape")


def _lines(stream: IO[str]) -> list[str]:
    return [s for line in stream if (s := line.strip()) and not s.startswith("#")]


def is_url(text: str) -> bool:
    return "://" in text or text.lower().startswith(("http:", "https:"))


def crawl_summary(stats: dict[str, Any]) -> str:
    parts = [f"{stats.get(f'newscrawl/{k}', 0)} {word}" for k, word in OUTCOME_WORDS.items()]
    if removed := stats.get("newscrawl/removed", 0):
        parts.append(f"{removed} removed (404/410)")
    if lost := stats.get("newscrawl/errors/store", 0):
        parts.append(f"{lost} not stored")
    requests = stats.get("downloader/request_count", 0)
    return f"{requests} requests: " + ", ".join(parts)


def run(inputs: list[str], options: IngestOptions) -> Report:
    """Ingest every input; a store that cannot be opened raises StoreError before any work."""
    Store(options.db_path).close()  # not in a crawl's signal handler, where it only logs
    report = Report()
    urls = [i for i in inputs if is_url(i)]
    files = [i for i in inputs if not is_url(i)]
    docs = list(_local_docs(files, options, report))
    if docs:
        _ingest_local(docs, options, report)
    if urls:
        _ingest_urls(urls, options, report)
    for outcome in report.outcomes:
        print(outcome.line())
    return report


def _local_docs(files: list[str], options: IngestOptions, report: Report) -> Iterator[LocalDoc]:
    for name in files:
        path = Path(name)
        if path.is_dir():
            report.outcomes.append(
                Outcome(name, "error", f"a directory: give its files ({name}/*.html)")
            )
        elif not path.is_file():
            report.outcomes.append(Outcome(name, "error", "no such file"))
        elif path.name.endswith((".warc", ".warc.gz", ".arc.gz")):
            yield from _warc_docs(path, report)
        elif (html := _read_page(path)) is None:
            report.outcomes.append(Outcome(name, "error", "not an HTML file"))
        else:
            given = options.given_url if len(files) == 1 else None
            yield LocalDoc(str(path), given or _sidecar_url(path), html)


# An HTML page shows a tag early: a doctype, <html>, <head>, a <meta charset>...
_HTML_START = re.compile(rb"<(?:!doctype|html|head|body|meta|title|div|p|article)\b", re.IGNORECASE)
HTML_SNIFF_BYTES = 4096


def _read_page(path: Path) -> bytes | None:
    """The file's HTML, gunzipped for `.gz` (saved pages are often stored that way), or
    None when it is not HTML (a Markdown file, an image)."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            return None
    head = data[:HTML_SNIFF_BYTES].replace(b"\x00", b"")  # UTF-16 pages' tags, too
    return data if _HTML_START.search(head) else None


def _sidecar_url(path: Path) -> str | None:
    """page.html's URL from page.url (or page.html.url), the wget/httrack habit."""
    for candidate in (path.with_suffix(".url"), path.with_name(path.name + ".url")):
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8").strip() or None
    return None


def _warc_docs(path: Path, report: Report) -> Iterator[LocalDoc]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    found = 0
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                doc = _warc_doc(path, record)
                if doc is not None:
                    found += 1
                    yield doc
    except (ArchiveLoadFailed, OSError, ValueError) as error:
        report.outcomes.append(Outcome(str(path), "error", f"unreadable WARC: {error}"))
        return
    if not found:
        # warcio reads almost anything as some record; nothing to ingest is an error
        report.outcomes.append(Outcome(str(path), "error", "unreadable WARC: no HTML responses"))


def _warc_doc(path: Path, record: Any) -> LocalDoc | None:
    if record.rec_type != "response" or record.http_headers is None:
        return None
    headers = record.http_headers
    if not headers.get_statuscode().startswith("2"):
        # a 404 or 500 page, a redirect: no article, as in a crawl (404/410 mean removed)
        return None
    if "html" not in (headers.get_header("Content-Type") or "").lower():
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    content_type = headers.get_header("Content-Type") or ""
    charset = content_type.split("charset=")[-1].strip() if "charset=" in content_type else None
    return LocalDoc(
        f"{path}#{url}",
        url,
        record.content_stream().read(),
        charset,
        headers.get_header("ETag"),
        headers.get_header("Last-Modified"),
    )


def _ingest_local(docs: list[LocalDoc], options: IngestOptions, report: Report) -> None:
    pool = ExtractionPool(options.workers if len(docs) > 1 else -1)
    try:
        results = asyncio.run(_extract_all(docs, pool))
    finally:
        pool.close()
    with Store(options.db_path) as store:
        ready: list[tuple[LocalDoc, PageItem]] = []
        for doc, result in zip(docs, results, strict=True):
            if isinstance(result, str):
                report.outcomes.append(Outcome(doc.source, "error", result))
            else:
                ready.append((doc, _local_item(doc, result)))
        for start in range(0, len(ready), BATCH):
            batch = ready[start : start + BATCH]
            saved = store.save_many([item for _, item in batch])
            report.outcomes.extend(
                _outcome(doc.source, o) for (doc, _), o in zip(batch, saved, strict=True)
            )


async def _extract_all(docs: list[LocalDoc], pool: ExtractionPool) -> list[Processed | str]:
    with progress_bar(len(docs) > PROGRESS_THRESHOLD, len(docs), "extracting") as advance:

        async def one(doc: LocalDoc) -> Processed | str:
            try:
                url = doc.url or UNKNOWN_URL
                done = await pool.run(process_page_to_store, doc.html, url, doc.http_charset)
                own = None if doc.url else _own_url(done)
                if own is not None:
                    # Again with the page's own URL: the site, a date in the URL's path and
                    # links relative to the page depend on it. Without this, `reextract`
                    # later "refreshed" such records with the dates their URLs carry.
                    done = await pool.run(process_page_to_store, doc.html, own, doc.http_charset)
                return done
            except ExtractionFailed as error:
                return str(error)
            finally:
                advance()

        return list(await asyncio.gather(*(one(doc) for doc in docs)))


# The base URL a saved page without a known URL is extracted against (a reserved name,
# RFC 2606): a canonical link relative to it names no real page.
UNKNOWN_URL = "http://newscrawl.invalid/"


def _own_url(processed: Processed) -> str | None:
    """The page's absolute canonical URL (link rel=canonical, og:url, JSON-LD), if any."""
    canonical = processed.extraction.canonical_url
    if not canonical or urlsplit(canonical).hostname == urlsplit(UNKNOWN_URL).hostname:
        return None
    return canonical


def _local_item(doc: LocalDoc, processed: Processed) -> PageItem:
    url = doc.url or _own_url(processed) or Path(doc.source).resolve().as_uri()
    return make_item(
        url=url,
        requested_url=url,
        html=doc.html,
        processed=processed,
        etag=doc.etag,
        last_modified=doc.last_modified,
        encoding=doc.http_charset,
    )


def _outcome(source: str, saved: SaveOutcome) -> Outcome:
    detail = ""
    if saved.duplicate_of_url:
        detail = f"of {saved.duplicate_of_url}"
        if saved.similarity is not None and saved.status == "near_duplicate":
            detail += f", similarity {saved.similarity:.2f}"
    return Outcome(source, saved.status, detail)


def _ingest_urls(urls: list[str], options: IngestOptions, report: Report) -> None:
    """Outcomes in input order: refused URLs where they were listed, among the fetched."""
    problems = {u: p for u in urls if (p := url_problem(u, allow_private=options.allow_private))}
    wanted = [u for u in urls if u not in problems]
    fetched = iter(fetch_urls(wanted, options) if wanted else [])
    for url in urls:
        problem = problems.get(url)
        report.outcomes.append(Outcome(url, "error", problem) if problem else next(fetched))


def fetch_urls(urls: list[str], options: IngestOptions) -> list[Outcome]:
    """Fetch URLs through Scrapy's downloader and the project's pipelines."""
    from scrapy.crawler import Crawler

    from crawler import signals
    from crawler.runner import run_spider
    from spiders.urls import UrlsSpider

    # One fetch per page: inputs that are the same page (listed twice, or differing only
    # in tracking parameters, a fragment, the host's case) share its outcome. Fetched
    # twice, the second fetch reported "unchanged" for both; told apart by input, one got
    # the outcome and the other "no response".
    first_input: dict[str, str] = {}
    for url in urls:
        first_input.setdefault(canonicalize_url(url), url)
    targets = list(first_input.values())
    results: dict[str, Outcome] = {}

    with progress_bar(len(targets) > PROGRESS_THRESHOLD, len(targets), "fetching") as advance:

        def saved(outcome: SaveOutcome, item: PageItem) -> None:
            results[canonicalize_url(item.requested_url)] = _outcome(item.requested_url, outcome)
            advance()

        def failed(url: str, reason: str) -> None:
            status = "unchanged" if reason == "status 304" else "error"
            detail = "" if status == "unchanged" else reason
            results[canonicalize_url(url)] = Outcome(url, status, detail)
            advance()

        def connect(crawler: Crawler) -> None:
            crawler.signals.connect(saved, signal=signals.page_saved, weak=False)
            crawler.signals.connect(failed, signal=signals.page_failed, weak=False)

        overrides = {
            "NEWSCRAWL_DB": options.db_path,
            "NEWSCRAWL_WORKERS": options.workers if len(targets) > 1 else -1,
            "ROBOTSTXT_OBEY": not options.ignore_robots,
            "LOG_LEVEL": "ERROR",
        }
        stats = run_spider(UrlsSpider, overrides, connect, urls=targets)
    stopped = stats.get("finish_reason") == "shutdown"
    return [_for_input(url, results.get(canonicalize_url(url)), stopped) for url in urls]


def _for_input(url: str, result: Outcome | None, stopped: bool) -> Outcome:
    if result is None and stopped:
        return Outcome(url, INTERRUPTED, "not fetched: the run was stopped")
    if result is None:
        return Outcome(url, "error", "no response (filtered or dropped)")
    return Outcome(url, result.status, result.detail)
