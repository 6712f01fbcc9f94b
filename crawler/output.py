"""How the CLI prints rows and records: aligned tables, JSON (Lines) and CSV."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Sequence
from typing import IO, TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

if TYPE_CHECKING:
    from storage import Store


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return str(value)


# Table width when printing to a pipe or a file: no terminal to fit.
_UNBOUNDED_WIDTH = 10_000


def print_rows(columns: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str) -> None:
    out = sys.stdout
    if fmt == "json":
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        json.dump(records, out, ensure_ascii=False, indent=2, default=_cell)
        out.write("\n")
    elif fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(columns)
        writer.writerows([_cell(v) for v in row] for row in rows)
    else:
        # Cells wrap instead of being cut to "2…": a table is read for its values.
        table = Table(show_lines=False)
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*(_cell(v) for v in row))
        console = Console(soft_wrap=False)
        if not console.is_terminal:  # a pipe or a log file: as wide as the table needs
            unbounded = console.options.update_width(_UNBOUNDED_WIDTH)
            console.width = max(console.width, console.measure(table, options=unbounded).maximum)
        console.print(table)


# Export columns: the contract other tools read (issue 2), then the rest of the record.
EXPORT_KEYS = (
    "url",
    "urls",
    "title",
    "body",
    "language",
    "published_at",
    "content_hash",
    "duplicate_of",
    "translation_of",
    "removed",
)


def write_export(records: Iterable[dict[str, Any]], fmt: str, out: IO[str]) -> None:
    if fmt == "jsonl":
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    writer: csv.DictWriter[str] | None = None
    for record in records:
        if writer is None:
            keys = list(EXPORT_KEYS) + [k for k in record if k not in EXPORT_KEYS]
            writer = csv.DictWriter(out, fieldnames=keys, extrasaction="ignore")
            writer.writeheader()
        writer.writerow({k: _cell(v) for k, v in record.items()})


def print_record(record: dict[str, Any]) -> None:
    # soft_wrap: the terminal wraps long lines itself, so copied text stays whole
    console = Console(soft_wrap=True)
    body = record.get("body") or ""
    console.print(f"[bold]{escape(record.get('title') or '(no title)')}[/bold]")
    for key, value in record.items():
        if key not in ("title", "body") and value not in (None, [], {}, ""):
            console.print(f"[cyan]{key}[/cyan]: {escape(_cell(value))}", highlight=False)
    console.print()
    console.print(body, highlight=False, markup=False)


def print_demo_summary(store: Store, example_url: str) -> None:
    """Articles by language, duplicates found, and one clean record in full."""
    console = Console()
    stats = store.stats()
    table = Table("language", "articles")
    for language, count in stats["by_language"].items():
        table.add_row(str(language), str(count))
    console.print(table)
    console.print(
        f"duplicates found: {stats['duplicates']} "
        f"(exact and near), translations linked: {stats['translations']}"
    )
    record = store.get(example_url) or store.sample_record()
    if record is not None:
        console.print("\nOne clean record:")
        print_record(record)


def _count(stats: dict[str, Any], *keys: str) -> int:
    return sum(int(v) for k, v in stats.items() if k in keys and isinstance(v, int | float))


def _count_prefix(stats: dict[str, Any], prefix: str) -> int:
    return sum(int(v) for k, v in stats.items() if k.startswith(prefix) and isinstance(v, int))


def _statuses(stats: dict[str, Any]) -> str:
    prefix = "downloader/response_status_count/"
    found = sorted((k[len(prefix) :], v) for k, v in stats.items() if k.startswith(prefix))
    return " ".join(f"{status}:{n}" for status, n in found)


RUN_COLUMNS = (
    "id", "site", "started", "finished", "status", "requests", "responses", "new", "updated",
    "refreshed", "unchanged", "removed", "duplicates", "not articles", "skipped", "errors",
)  # fmt: skip


def run_row(run: dict[str, Any]) -> list[Any]:
    """One row of `newscrawl runs` from a run with its decoded stats."""
    stats: dict[str, Any] = run.get("stats") or {}
    removed = _count(stats, "newscrawl/removed")
    return [
        run["id"], run.get("site") or run.get("spider"), run["started_at"],
        run.get("finished_at") or "", run["status"],
        _count(stats, "downloader/request_count"), _statuses(stats),
        _count(stats, "newscrawl/new"), _count(stats, "newscrawl/updated"),
        _count(stats, "newscrawl/refreshed"), _count(stats, "newscrawl/unchanged"),
        # a stored article answering 404/410 is marked removed; its response is also a
        # skipped page (no HTML to extract), counted once here, as removed
        removed,
        _count(stats, "newscrawl/duplicate", "newscrawl/near_duplicate"),
        _count(stats, "newscrawl/not_article"),
        _count_prefix(stats, "newscrawl/skipped/") - removed,
        # pages that failed to store, and downloads that failed after every retry
        _count_prefix(stats, "newscrawl/errors/") + _count(stats, "retry/max_reached"),
    ]  # fmt: skip


def print_stats(stats: dict[str, Any]) -> None:
    """`newscrawl stats`: totals, then counts by site, language and day."""
    console = Console(soft_wrap=True)  # the totals line stays one line in a pipe
    share = f"{stats['duplicate_share']:.1%}"
    console.print(
        f"{stats['articles']} articles ({stats['duplicates']} duplicates, {share}; "
        f"{stats['translations']} translations; {stats['removed']} removed), "
        f"{stats['pages']} pages fetched ({stats['not_articles']} not articles), "
        f"{stats['versions']} earlier versions",
        highlight=False,
    )
    for title in ("by_site", "by_language", "by_day"):
        table = Table(title.removeprefix("by_"), "articles")
        for name, count in stats[title].items():
            table.add_row(name, str(count))
        console.print(table)
    if stats["last_runs"]:
        last = stats["last_runs"][0]
        console.print(f"last run: #{last['id']} {last['started_at']} {last['status']}")


def print_clusters(clusters: list[dict[str, Any]]) -> None:
    """`newscrawl duplicates`: each original, then its copies with site and similarity."""
    console = Console(soft_wrap=True)  # as in print_record: URLs stay whole when copied
    if not clusters:
        console.print("no duplicates stored")
    for cluster in clusters:
        original = cluster["original"]
        console.print(
            f"[bold]{escape(original['url'])}[/bold] ({original['site']}, {original['language']}) "
            f"{escape(original.get('title') or '')}",
            highlight=False,
        )
        for copy in cluster["copies"]:
            similarity = copy["similarity"]
            shown = f"{similarity:.3f}" if similarity is not None else "?"
            console.print(
                f"  ← {copy['url']} ({copy['site']}) similarity {shown}",
                highlight=False,
                markup=False,
            )


def print_hits(hits: list[dict[str, Any]], fmt: str) -> None:
    """`newscrawl search`: a title line and the snippet per hit, or rows as JSON/CSV."""
    if fmt != "text":
        columns = ["url", "site", "language", "published_at", "title", "snippet", "rank"]
        print_rows(columns, [[hit.get(c) for c in columns] for hit in hits], fmt)
        return
    console = Console(soft_wrap=True)  # as in print_record: URLs stay whole when copied
    for hit in hits:
        date = (hit.get("published_at") or "")[:10]
        title = escape(hit.get("title") or "(no title)")
        console.print(
            f"[bold]{title}[/bold]  {hit['language'] or ''} {date}",
            highlight=False,
        )
        console.print(f"  {hit['url']}", highlight=False, markup=False)
        console.print(f"  {hit['snippet']}", highlight=False, markup=False)
