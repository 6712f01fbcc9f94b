"""How the CLI prints rows and records: aligned tables, JSON (Lines) and CSV."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Sequence
from typing import IO, TYPE_CHECKING, Any

from rich.console import Console
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
        table = Table(*columns, show_lines=False)
        for row in rows:
            table.add_row(*(_cell(v) for v in row))
        Console(soft_wrap=False).print(table)


# Export columns: the contract other tools read (issue 2), then the rest of the record.
EXPORT_KEYS = (
    "url", "urls", "title", "body", "language", "published_at", "content_hash",
    "duplicate_of", "translation_of", "removed",
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
    console = Console()
    body = record.get("body") or ""
    console.print(f"[bold]{record.get('title') or '(no title)'}[/bold]")
    for key, value in record.items():
        if key not in ("title", "body") and value not in (None, [], {}, ""):
            console.print(f"[cyan]{key}[/cyan]: {_cell(value)}", highlight=False)
    console.print()
    console.print(body, highlight=False)


def print_demo_summary(store: Store) -> None:
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
    record = store.sample_record()
    if record is not None:
        console.print("\nOne clean record:")
        print_record(record)
