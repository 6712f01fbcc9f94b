"""The `newscrawl` commands that read the store: query, search, show, export, stats,
duplicates, runs and serve.

Registered on the main group by `crawler.cli.main`; they share its --db option and its
one-line errors. Every one opens the store read-only: none of them can change it.
"""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
import tempfile
from importlib import resources
from importlib.util import find_spec
from pathlib import Path
from typing import IO, Any

import click

from crawler.cli import DB_OPTION, fail, open_store
from crawler.extraction.language import known_language
from crawler.output import (
    RUN_COLUMNS,
    print_clusters,
    print_hits,
    print_record,
    print_rows,
    print_stats,
    run_row,
    write_export,
)
from crawler.urls import site_of
from storage import StoreError


@click.group()
def commands() -> None:
    """Holder for the store commands; `register` moves them onto the main group."""


def register(group: click.Group) -> None:
    for name, command in commands.commands.items():
        group.add_command(command, name)


def _iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--since/--until: a calendar date, YYYY-MM-DD, passed on as that text.

    `published_at` is stored as the page gave it, in the page's own offset, and the filters
    compare its date part: an article counts as published on the date its site printed,
    which is what a reader of that site means by "published on the 3rd". A value that is
    not a date is refused: compared as text it would silently keep everything or nothing
    ("garbage" sorts after every date, "2024-13-45" before all of 2025).
    """
    if value is None:
        return None
    try:
        valid = datetime.date.fromisoformat(value).isoformat() == value
    except ValueError:
        valid = False
    if not valid:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD")
    return value


def _site(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--site: stored sites are hosts without "www." (`site_of`); "www.Example.com" or a
    pasted URL name the same site, and must not silently match nothing."""
    if value is None:
        return None
    site = site_of(value if "://" in value else f"http://{value}")
    if not site:
        raise click.BadParameter(f"{value!r} is not a host name")
    return site


def _language(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--language: stored codes are ISO 639-1 in lower case ("en", "uk"); "EN" or "en-US"
    name the same language, read as the extractor reads a page's own language tags."""
    if value is None:
        return None
    code = known_language(value)
    if code is None:
        raise click.BadParameter(f"{value!r} is not a language newscrawl tags (e.g. uk or ukr)")
    return code


def _filter_options(function: Any) -> Any:
    """--language, --site, --since, --until: shared by search and export."""
    for option in reversed((
        click.option("--language", callback=_language,
                     help="Only records in this language (ISO 639-1, e.g. uk)."),
        click.option("--site", callback=_site, help="Only records of this site (host name)."),
        click.option("--since", callback=_iso_date,
                     help="Published on or after this date (YYYY-MM-DD, the page's own date)."),
        click.option("--until", callback=_iso_date,
                     help="Published before this date (YYYY-MM-DD, the page's own date)."),
    )):  # fmt: skip
        function = option(function)
    return function


@commands.command()
@click.argument("sql")
@DB_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="How to print the rows.",
)
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    help="A value for the next ? placeholder (repeat for several).",
)
def query(sql: str, db_path: str, fmt: str, params: tuple[str, ...]) -> None:
    """Run a read-only SQL query against the store (it cannot change the store).

    Example: newscrawl query "SELECT language, count(*) FROM articles GROUP BY 1"
    """
    with open_store(db_path, readonly=True) as store:
        try:
            columns, rows = store.query(sql, list(params))
        except StoreError as error:
            fail(str(error))
    print_rows(columns, rows, fmt)


@commands.command()
@click.argument("text")
@DB_OPTION
@_filter_options
@click.option("--all", "include_all", is_flag=True, help="Include records that duplicate another.")
@click.option(
    "--limit",
    default=20,
    show_default=True,
    type=click.IntRange(1, 10_000),
    help="At most this many hits.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "table", "json", "csv"]),
    default="text",
    show_default=True,
    help="How to print the hits.",
)
def search(
    text: str,
    db_path: str,
    language: str | None,
    site: str | None,
    since: str | None,
    until: str | None,
    include_all: bool,
    limit: int,
    fmt: str,
) -> None:
    """Full-text search of titles and bodies, best match first, with snippets.

    TEXT is an FTS5 query: words (all must appear), "an exact phrase", OR, NOT, prefix*,
    title:word. Put words with punctuation in double quotes ("covid-19"). A word with an
    apostrophe (п'ятниця) matches it written with ', ’ or ʼ.
    """
    if not text.strip():
        fail("search: give at least one word to look for")
    with open_store(db_path, readonly=True) as store:
        try:
            hits = store.search(text, language=language, site=site, since=since, until=until,
                                include_duplicates=include_all, limit=limit)  # fmt: skip
        except StoreError as error:
            fail(str(error))
    if not hits and fmt == "text":
        click.echo("no matches", err=True)
    print_hits(hits, fmt)


@commands.command()
@click.argument("target")
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the record as JSON.")
def show(target: str, db_path: str, as_json: bool) -> None:
    """Show one record by URL (any alias) or id, with its aliases, versions, duplicates
    and translations."""
    with open_store(db_path, readonly=True) as store:
        record = store.get(target)
    if record is None:
        fail(f"no article with URL or id {target!r}")
    if as_json:
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
    else:
        print_record(record)


@commands.command()
@DB_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv"]),
    default="jsonl",
    show_default=True,
    help="JSON Lines (one record per line) or CSV.",
)
@_filter_options
@click.option("--no-duplicates", is_flag=True, help="Leave out records that duplicate another.")
@click.option(
    "-o",
    "--output",
    type=click.File("w", encoding="utf-8"),
    default="-",
    help="Write to this file instead of stdout.",
)
def export(
    db_path: str,
    fmt: str,
    language: str | None,
    site: str | None,
    since: str | None,
    until: str | None,
    no_duplicates: bool,
    output: IO[str],
) -> None:
    """Write the stored articles as JSON Lines (one per article) or CSV, streamed."""
    if _is_store_file(output.name, Path(db_path)):
        # the first line written would truncate the store being read
        fail(f"--output {output.name} is the store itself; name another file")
    with open_store(db_path, readonly=True) as store:
        records = store.export(
            language=language,
            site=site,
            since=since,
            until=until,
            include_duplicates=not no_duplicates,
        )
        write_export(records, fmt, output)


def _is_store_file(name: str, db_path: Path) -> bool:
    """Whether `name` is the store or one of its -wal/-shm/-journal files."""
    target = Path(name)
    if name == "-" or not target.exists():
        return False
    own = (db_path, *(db_path.with_name(db_path.name + s) for s in ("-wal", "-shm", "-journal")))
    return any(path.exists() and target.samefile(path) for path in own)


@commands.command()
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def stats(db_path: str, as_json: bool) -> None:
    """Counts: articles by site, language and day, duplicates, translations, last runs."""
    with open_store(db_path, readonly=True) as store:
        figures = store.stats()
    if as_json:
        click.echo(json.dumps(figures, ensure_ascii=False, indent=2))
    else:
        print_stats(figures)


@commands.command()
@DB_OPTION
@click.option(
    "--limit",
    default=50,
    show_default=True,
    type=click.IntRange(1),
    help="At most this many clusters, largest first.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the clusters as JSON.")
def duplicates(db_path: str, limit: int, as_json: bool) -> None:
    """Duplicate clusters: each original with its copies, their sites and similarity."""
    with open_store(db_path, readonly=True) as store:
        clusters = store.duplicate_clusters(limit)
    if as_json:
        click.echo(json.dumps(clusters, ensure_ascii=False, indent=2))
    else:
        print_clusters(clusters)


@commands.command()
@DB_OPTION
@click.option(
    "--limit",
    default=20,
    show_default=True,
    type=click.IntRange(1),
    help="The latest this many runs.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="How to print the runs.",
)
def runs(db_path: str, limit: int, fmt: str) -> None:
    """What each crawl did: requests, responses by status, new, updated, refreshed
    (same body, new metadata), unchanged, removed (a stored article answered 404 or 410),
    duplicates, not-articles, skipped and errors.

    Each page is counted by what its save found then. A page stored before an
    earlier-published copy of it arrived was counted new; that copy then becomes the
    original and the page its duplicate, so `stats` (the store as it is now) can count
    more duplicates than the runs did.
    """
    with open_store(db_path, readonly=True) as store:
        found = store.runs(limit)
    print_rows(RUN_COLUMNS, [run_row(run) for run in found], fmt)


def metadata_for(db_path: Path) -> dict[str, Any]:
    """The shipped Datasette metadata, keyed by the name Datasette gives this file."""
    shipped = resources.files("crawler") / "datasette" / "metadata.json"
    metadata: dict[str, Any] = json.loads(shipped.read_text(encoding="utf-8"))
    databases = metadata["databases"]
    databases[db_path.stem] = databases.pop("newscrawl")
    return metadata


def datasette_command(db_path: Path, metadata_path: Path, host: str, port: int) -> list[str]:
    return [sys.executable, "-m", "datasette", "serve", str(db_path), "--metadata",
            str(metadata_path), "--host", host, "--port", str(port)]  # fmt: skip


@commands.command()
@DB_OPTION
@click.option(
    "--port",
    default=8001,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="The port to listen on.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to bind.")
def serve(db_path: str, port: int, host: str) -> None:
    """Browse and search the store in Datasette (pip install 'newscrawl[serve]').

    Comes with full-text search on articles and canned queries: duplicate clusters,
    articles per language per day, search with snippets.
    """
    if find_spec("datasette") is None:
        fail("Datasette is not installed: pip install 'newscrawl[serve]'")
    path = Path(db_path)
    open_store(db_path, readonly=True).close()
    with tempfile.TemporaryDirectory(prefix="newscrawl-serve-") as folder:
        metadata_path = Path(folder) / "metadata.json"
        metadata_path.write_text(json.dumps(metadata_for(path)), encoding="utf-8")
        click.echo(f"Serving {path} at http://{host}:{port}/ (Ctrl-C stops)", err=True)
        try:
            code = subprocess.call(datasette_command(path, metadata_path, host, port))
        except KeyboardInterrupt:
            code = 0
    sys.exit(code)
