"""Ingest throughput from local HTML files: `newscrawl ingest` over saved pages.

Writes N synthetic news pages (bench.sitegen) with `.url` sidecars into a temp dir and
times one `newscrawl ingest` of all of them into a fresh store, in a child process, once
with the default pool (one worker per core) and once in a single process.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.sitegen import article


def _write_pages(folder: Path, pages: int) -> list[str]:
    names = []
    for number in range(pages):
        path = folder / f"page{number}.html"
        path.write_bytes(article(number, pages))
        path.with_suffix(".url").write_text(f"https://bench.example/news/{number}.html\n")
        names.append(str(path))
    return names


def _time_ingest(files: list[str], db: str, workers: int) -> float:
    command = [
        sys.executable,
        "-m",
        "crawler",
        "ingest",
        *files,
        "--db",
        db,
        "--workers",
        str(workers),
    ]
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True)
    return time.perf_counter() - started


def run(pages: int = 1000) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        files = _write_pages(Path(tmp), pages)
        pool = _time_ingest(files, str(Path(tmp) / "pool.db"), 0)
        single = _time_ingest(files, str(Path(tmp) / "single.db"), -1)
    return {
        "pages": pages,
        "pool_pages_per_s": round(pages / pool, 1),
        "single_pages_per_s": round(pages / single, 1),
        "ratio": round(single / pool, 2),
    }
