"""The `newscrawl` command: thin fronts over the spiders, the pipelines and the store.

Each command parses its arguments, calls library code and prints. Anything a user can
get wrong (a bad URL, a missing database, malformed SQL) is one line on stderr and a
non-zero exit, never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

import click

from crawler import ingest as ingesting
from crawler.inputs import url_problem
from crawler.output import print_rows
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
    from crawler.demo.expected_data import demo_manifest
    from crawler.demo.server import DemoSite
    from crawler.runner import run_spider
    from spiders.site import SiteSpider

    _replace_demo_store(db_path)
    with DemoSite() as site:
        click.echo(f"Serving the demo site at {site.base_url}")
        stats = run_spider(
            SiteSpider,
            {"NEWSCRAWL_DB": db_path, "NEWSCRAWL_WORKERS": workers, "LOG_LEVEL": "WARNING"},
            url=f"{site.base_url}/en/ {site.base_url}/uk/",
        )
        seed = site.url(demo_manifest()["seed"])
    click.echo(f"Crawled {stats.get('downloader/response_count', 0)} responses into {db_path}")
    with open_store(db_path, readonly=True) as store:
        from crawler.output import print_demo_summary

        print_demo_summary(store, seed)


def _replace_demo_store(db_path: str) -> None:
    """Start each demo from an empty store: the site's port, and so its URLs, change every
    run. A store holding any article but the demo site's is never touched: not another
    site's, and not one from a local test server on loopback either (that check was by
    host alone, and the demo deleted such a store without a word)."""
    from crawler.demo.expected_data import demo_manifest

    if not Path(db_path).exists():
        return
    demo_paths = {article["path"] for article in demo_manifest()["articles"]}
    with open_store(db_path, readonly=True) as store:
        for record in store.export(include_duplicates=True):
            url = urlsplit(str(record["url"]))
            if url.hostname not in ("127.0.0.1", "localhost") or url.path not in demo_paths:
                fail(
                    f"{db_path} holds articles that are not the demo's; the demo will not"
                    " replace it (use --db)"
                )
    for suffix in ("", "-wal", "-shm"):
        Path(db_path + suffix).unlink(missing_ok=True)


@cli.command()
@click.argument("targets", nargs=-1, required=True)
@DB_OPTION
@click.option(
    "--sites",
    "sites_file",
    default="sites.toml",
    show_default=True,
    envvar="NEWSCRAWL_SITES",
    help="The sites file, for TARGETS that are site names (env NEWSCRAWL_SITES).",
)
@click.option("--workers", default=0, help="Extraction processes (0: one per core).")
@click.option(
    "-s",
    "--set",
    "overrides",
    multiple=True,
    metavar="NAME=VALUE",
    help="A Scrapy setting, as with `scrapy crawl -s`.",
)
def crawl(
    targets: tuple[str, ...],
    db_path: str,
    sites_file: str,
    workers: int,
    overrides: tuple[str, ...],
) -> None:
    """Crawl start URLs within their hosts, or the configured site named TARGETS.

    Follows links and reads the sitemap and feeds where present. Incremental: pages
    already stored are skipped or re-checked with conditional requests.
    """
    from crawler.crawling import CrawlFailed, crawl_targets

    # Open the store before fetching anything: a crawl that cannot store (a missing
    # directory, an unreadable file) must say so in one line, not fetch pages to lose.
    open_store(db_path).close()
    try:
        stats = crawl_targets(list(targets), db_path, sites_file, workers, list(overrides))
    except (ValueError, CrawlFailed) as error:
        fail(str(error))
    if stats.get("finish_reason") == "site_locked":
        fail(f"{targets[0]} is being crawled by {stats.get('newscrawl/locked_by')}; try later")
    click.echo(ingesting.crawl_summary(stats))
    if stats.get("finish_reason") == "store_failed":
        fail("the store rejected the pages (see the log above); the crawl stopped")
    if stats.get("finish_reason") == "shutdown":
        # Ctrl-C or SIGTERM: what was fetched is stored, but the crawl did not end, and
        # cron or a scheduler must not take it for a complete one (130: 128 + SIGINT).
        fail("interrupted: the crawl stopped before its end (a site crawl resumes)", code=130)
    # Every request failed before an answer (refused, DNS, timeout): the site is down or
    # the address is wrong. A scheduler or cron job must see that in the exit status; a
    # crawl that got answers, even 404s or 304s, did its job.
    if stats.get("downloader/request_count") and not stats.get("downloader/response_count"):
        fail("no answer to any request: the site is unreachable (see the log above)")
    # Pages the store refused (a full disk, a locked or broken file) are lost until the
    # next crawl fetches them again: an unattended run must not end as a success.
    if lost := stats.get("newscrawl/errors/store"):
        fail(f"{lost} pages could not be stored (see the log above)")


@cli.command()
@click.argument("inputs", nargs=-1)
@DB_OPTION
@click.option(
    "-f",
    "--file",
    "url_file",
    type=click.File("r", encoding="utf-8", errors="surrogateescape"),
    help="Read URLs from this file, one per line ('-' for stdin).",
)
@click.option("--url", "given_url", help="The URL of a single local .html file.")
@click.option(
    "--allow-private",
    is_flag=True,
    help="Allow loopback and private-network targets (local testing).",
)
@click.option("--ignore-robots", is_flag=True, help="Fetch even where robots.txt disallows.")
@click.option("--workers", default=0, help="Extraction processes (0: one per core).")
def ingest(
    inputs: tuple[str, ...],
    db_path: str,
    url_file: Any,
    given_url: str | None,
    allow_private: bool,
    ignore_robots: bool,
    workers: int,
) -> None:
    """Store exactly the given URLs, local .html files or WARC files.

    INPUTS are URLs, paths to .html files (the URL from --url, a sidecar FILE.url, or the
    page's canonical link) or .warc/.warc.gz files; '-' reads URLs from stdin. Prints an
    outcome for each input and exits 1 if any failed.
    """
    items = ingesting.gather_inputs(list(inputs), url_file, sys.stdin)
    if not items and url_file is not None:
        fail(f"{url_file.name}: no URLs in it (blank lines and # comments are skipped)", code=2)
    if not items:
        fail("nothing to ingest: give URLs, files, --file or '-'", code=2)
    if given_url is not None:
        if problem := url_problem(given_url, allow_private=True):
            raise click.BadParameter(problem, param_hint="--url")
        if len([i for i in items if not ingesting.is_url(i)]) != 1:
            raise click.BadParameter(
                "names the URL of one .html file: give exactly one file", param_hint="--url"
            )
    options = ingesting.IngestOptions(db_path, given_url, allow_private, ignore_robots, workers)
    try:
        report = ingesting.run(items, options)
    except StoreError as error:
        fail(str(error))
    click.echo(report.summary())
    # 130 (128 + SIGINT) when Ctrl-C or SIGTERM stopped the run: the inputs it did not
    # fetch are listed as "interrupted", and running the same command again does them
    sys.exit(130 if report.interrupted else 1 if report.failed else 0)


SITES_OPTION = click.option(
    "--sites",
    "sites_file",
    default="sites.toml",
    show_default=True,
    envvar="NEWSCRAWL_SITES",
    help="The TOML sites file (env NEWSCRAWL_SITES).",
)


@cli.command()
@SITES_OPTION
def sites(sites_file: str) -> None:
    """List the configured sites with their schedule and next run."""
    from datetime import UTC, datetime

    from crawler.sites import SitesError, load_sites

    try:
        configured = load_sites(sites_file)
    except SitesError as error:
        fail(str(error))
    now = datetime.now(UTC)
    columns = ["site", "schedule", "next run (UTC)", "start URLs", "feeds", "sitemaps"]
    rows = []
    for name, site in configured.items():
        due = site.next_run(now)
        rows.append(
            [
                name,
                site.schedule or "(manual)",
                due.strftime("%Y-%m-%d %H:%M") if due else "",
                " ".join(site.start_urls),
                len(site.feeds),
                len(site.sitemaps),
            ]
        )
    print_rows(columns, rows, "table")


@cli.command()
@DB_OPTION
@SITES_OPTION
def schedule(db_path: str, sites_file: str) -> None:
    """Run every configured site when its cron schedule is due (runs until stopped).

    Each crawl is a child process (`newscrawl crawl SITE`); a site whose last crawl is
    still running is not started again; a crawl that fails is logged and retried at its
    next due time. Schedules are in UTC. An edited sites file is read again on its own
    (no restart); one that no longer loads is logged and the sites stay as they were.
    """
    import logging

    from crawler.schedule import (
        Scheduler,
        scheduled_sites,
        sites_file_reloader,
        subprocess_launcher,
    )
    from crawler.sites import SitesError

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    reload = sites_file_reloader(sites_file)  # before reading: an edit from now on counts
    try:
        scheduled = scheduled_sites(sites_file)
    except SitesError as error:
        fail(str(error))
    if not scheduled:
        fail(f"{sites_file}: no site has a 'schedule'")
    launch = subprocess_launcher(db_path, sites_file)
    scheduler = Scheduler(scheduled, launch, reload=reload)
    for name, due in sorted(scheduler.next_due.items(), key=lambda kv: kv[1]):
        click.echo(f"{name}: next run {due.isoformat()}")
    try:
        scheduler.run()
    except KeyboardInterrupt:
        click.echo("scheduler stopped; running crawls finish on their own")


@cli.command()
@DB_OPTION
@click.option("--site", help="Only the pages of this site (host name).")
@click.option("--workers", default=0, help="Extraction processes (0: one per core).")
def reextract(db_path: str, site: str | None, workers: int) -> None:
    """Re-run extraction over the stored raw HTML, updating records in place.

    Run it after upgrading newscrawl: nothing is fetched again, every core is used, and a
    record whose body changes keeps its previous text as a version.
    """
    from crawler.reextract import reextract as run_reextract

    open_store(db_path, must_exist=True).close()
    counts = run_reextract(db_path, site, workers)
    click.echo(", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "0 pages")


def main() -> None:
    from crawler import cli_store

    cli_store.register(cli)
    cli(prog_name="newscrawl")
