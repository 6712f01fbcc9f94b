"""The `newscrawl` command: thin fronts over the spiders, the pipelines and the store.

Each command parses its arguments, calls library code and prints. Anything a user can
get wrong (a bad URL, a missing database, malformed SQL) is one line on stderr and a
non-zero exit, never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from crawler import ingest as ingesting
from crawler.output import print_rows, print_record
from storage import Store, StoreError

DB_OPTION = click.option(
    "--db",
    "db_path",
    default="newscrawl.db",
    envvar="NEWSCRAWL_DB",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The SQLite store (env NEWSCRAWL_DB).",
)


def fail(message: str, code: int = 1) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


def open_store(db_path: str, *, readonly: bool = False, must_exist: bool = False) -> Store:
    if (readonly or must_exist) and not Path(db_path).exists():
        fail(f"no database at {db_path} (crawl or ingest something first)")
    try:
        return Store(db_path, readonly=readonly)
    except StoreError as error:
        fail(str(error))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newscrawl")
def cli() -> None:
    """newscrawl: crawl news sites into a clean, deduplicated SQLite store."""


@cli.command()
@DB_OPTION
@click.option("--workers", default=0, help="Extraction processes (0: one per core).")
def demo(db_path: str, workers: int) -> None:
    """Serve the embedded demo site on loopback, crawl it, and show what was stored."""
    from crawler.demo.server import DemoSite
    from crawler.runner import run_spider
    from spiders.site import SiteSpider

    with DemoSite() as site:
        click.echo(f"Serving the demo site at {site.base_url}")
        stats = run_spider(
            SiteSpider,
            {"NEWSCRAWL_DB": db_path, "NEWSCRAWL_WORKERS": workers, "LOG_LEVEL": "WARNING"},
            url=site.base_url + "en/",
        )
    click.echo(f"Crawled {stats.get('downloader/response_count', 0)} responses into {db_path}")
    with open_store(db_path, readonly=True) as store:
        from crawler.output import print_demo_summary

        print_demo_summary(store)


@cli.command()
@click.argument("targets", nargs=-1, required=True)
@DB_OPTION
@click.option("--sites", "sites_file", default="sites.toml", show_default=True,
              help="The sites file, for TARGETS that are site names.")
@click.option("--workers", default=0, help="Extraction processes (0: one per core).")
@click.option("-s", "--set", "overrides", multiple=True, metavar="NAME=VALUE",
              help="A Scrapy setting, as with `scrapy crawl -s`.")
def crawl(
    targets: tuple[str, ...], db_path: str, sites_file: str, workers: int,
    overrides: tuple[str, ...],
) -> None:
    """Crawl start URLs within their hosts, or the configured site named TARGETS.

    Follows links and reads the sitemap and feeds where present. Incremental: pages
    already stored are skipped or re-checked with conditional requests.
    """
    from crawler.crawling import crawl_targets

    try:
        stats = crawl_targets(list(targets), db_path, sites_file, workers, list(overrides))
    except ValueError as error:
        fail(str(error))
    click.echo(ingesting.crawl_summary(stats))


@cli.command()
@click.argument("inputs", nargs=-1)
@DB_OPTION
@click.option("-f", "--file", "url_file", type=click.File("r"),
              help="Read URLs from this file, one per line ('-' for stdin).")
@click.option("--url", "given_url", help="The URL of a single local .html file.")
@click.option("--allow-private", is_flag=True,
              help="Allow loopback and private-network targets (local testing).")
@click.option("--ignore-robots", is_flag=True, help="Fetch even where robots.txt disallows.")
@click.option("--workers", default=0, help="Extraction processes (0: one per core).")
def ingest(
    inputs: tuple[str, ...], db_path: str, url_file: Any, given_url: str | None,
    allow_private: bool, ignore_robots: bool, workers: int,
) -> None:
    """Store exactly the given URLs, local .html files or WARC files.

    INPUTS are URLs, paths to .html files (the URL from --url, a sidecar FILE.url, or the
    page's canonical link) or .warc/.warc.gz files; '-' reads URLs from stdin. Prints an
    outcome for each input and exits 1 if any failed.
    """
    items = ingesting.gather_inputs(list(inputs), url_file, sys.stdin)
    if not items:
        fail("nothing to ingest: give URLs, files, --file or '-'", code=2)
    options = ingesting.IngestOptions(db_path, given_url, allow_private, ignore_robots, workers)
    try:
        report = ingesting.run(items, options)
    except StoreError as error:
        fail(str(error))
    click.echo(report.summary())
    sys.exit(1 if report.failed else 0)


@cli.command()
@click.argument("sql")
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True)
@click.option("-p", "--param", "params", multiple=True, help="A value for a ? placeholder.")
def query(sql: str, db_path: str, fmt: str, params: tuple[str, ...]) -> None:
    """Run a read-only SQL query against the store (it cannot change the store)."""
    with open_store(db_path, readonly=True) as store:
        try:
            columns, rows = store.query(sql, list(params))
        except StoreError as error:
            fail(str(error))
    print_rows(columns, rows, fmt)


@cli.command()
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl",
              show_default=True)
@click.option("--language", help="Only records in this language (ISO 639-1).")
@click.option("--site", help="Only records of this site.")
@click.option("--since", help="Published on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Published before this date (YYYY-MM-DD).")
@click.option("--no-duplicates", is_flag=True, help="Leave out records that duplicate another.")
def export(
    db_path: str, fmt: str, language: str | None, site: str | None, since: str | None,
    until: str | None, no_duplicates: bool,
) -> None:
    """Write the stored articles as JSON Lines (one per article) or CSV."""
    from crawler.output import write_export

    with open_store(db_path, readonly=True) as store:
        records = store.export(
            language=language, site=site, since=since, until=until,
            include_duplicates=not no_duplicates,
        )
        write_export(records, fmt, sys.stdout)


@cli.command()
@click.argument("target")
@DB_OPTION
def show(target: str, db_path: str) -> None:
    """Show one record by URL or id, with its aliases, versions, duplicates and translations."""
    with open_store(db_path, readonly=True) as store:
        record = store.get(target)
    if record is None:
        fail(f"no article with URL or id {target!r}")
    print_record(record)


def main() -> None:
    cli(prog_name="newscrawl")
