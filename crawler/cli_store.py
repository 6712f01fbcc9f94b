"""The `newscrawl` commands that read the store: query, export, show (and more to come).

Registered on the main group by `crawler.cli.main`; they share its --db option and its
one-line errors.
"""

from __future__ import annotations

import sys

import click

from crawler.cli import DB_OPTION, fail, open_store
from crawler.output import print_record, print_rows
from storage import StoreError


@click.group()
def commands() -> None:
    """Holder for the store commands; `register` moves them onto the main group."""


def register(group: click.Group) -> None:
    for name, command in commands.commands.items():
        group.add_command(command, name)


@commands.command()
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


@commands.command()
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


@commands.command()
@click.argument("target")
@DB_OPTION
def show(target: str, db_path: str) -> None:
    """Show one record by URL or id, with its aliases, versions, duplicates and translations."""
    with open_store(db_path, readonly=True) as store:
        record = store.get(target)
    if record is None:
        fail(f"no article with URL or id {target!r}")
    print_record(record)

