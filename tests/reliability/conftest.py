"""Reliability suite: shared helpers and the session-end figures."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
# bench/ (the synthetic news site) is not an installed package; the suite serves it.
if str(REPO) not in sys.path:
    sys.path.append(str(REPO))

from reliability.figures import FIGURES  # noqa: E402


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not (
        FIGURES.faults_tried
        or FIGURES.sigkill_runs
        or FIGURES.fuzz_examples
        or FIGURES.concurrent_runs
        or FIGURES.graceful_stops
    ):
        return
    terminalreporter.section("newscrawl reliability figures")
    for line in FIGURES.lines():
        terminalreporter.write_line(line)


def newscrawl(*args: str, timeout: float = 120, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """`python -m crawler ARGS` in a child process, from the repository root."""
    return subprocess.run(
        [sys.executable, "-m", "crawler", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        check=False,
        **kwargs,
    )


def integrity(db: Path) -> str:
    """ "ok" when SQLite finds the file sound and FTS5 finds its index matching the
    articles (its 'integrity-check' raises otherwise)."""
    with sqlite3.connect(db) as conn:
        result = str(conn.execute("PRAGMA integrity_check").fetchone()[0])
        if result == "ok":
            conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
    conn.close()
    return result


# SQL that finds half-written records: each count must be 0 (see partial_records).
PARTIAL_RECORD_CHECKS = {
    "article without an alias": (
        "SELECT count(*) FROM articles a WHERE NOT EXISTS"
        " (SELECT 1 FROM aliases s WHERE s.article_id = a.id)"
    ),
    "article without a page row": (
        "SELECT count(*) FROM articles a WHERE NOT EXISTS"
        " (SELECT 1 FROM pages p WHERE p.article_id = a.id)"
    ),
    "alias naming no article": (
        "SELECT count(*) FROM aliases s WHERE NOT EXISTS"
        " (SELECT 1 FROM articles a WHERE a.id = s.article_id)"
    ),
    "article page naming no article": (
        "SELECT count(*) FROM pages p WHERE p.article_id IS NOT NULL AND NOT EXISTS"
        " (SELECT 1 FROM articles a WHERE a.id = p.article_id)"
    ),
    "article without its body or hash": (
        "SELECT count(*) FROM articles WHERE body IS NULL OR content_hash IS NULL"
    ),
    "page without its raw HTML": "SELECT count(*) FROM pages WHERE html IS NULL",
    # versions rows exist once an article changed: then one per version, original included
    "edited article missing a version row": (
        "SELECT count(*) FROM articles a WHERE a.version_count > 1 AND a.version_count !="
        " (SELECT count(*) FROM versions v WHERE v.article_id = a.id)"
    ),
}


def partial_records(db: Path) -> dict[str, int]:
    """Counts of half-written records (all must be 0)."""
    with sqlite3.connect(db) as conn:
        found = {
            name: int(conn.execute(sql).fetchone()[0])
            for name, sql in PARTIAL_RECORD_CHECKS.items()
        }
    conn.close()
    return found


def stored_hashes(db: Path) -> set[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        rows = {(str(u), str(h)) for u, h in conn.execute("SELECT url, content_hash FROM articles")}
    conn.close()
    return rows


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "news.db"
