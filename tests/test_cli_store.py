"""The store commands through click's CliRunner: output, and one-line errors."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from query_store import COPY_URL, EN_URL, STORM_URL, UK_URL, build_store

from crawler import cli_store
from crawler.cli import cli
from storage import Store, StoreError


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("cli") / "store.db")


@pytest.fixture(scope="module")
def group() -> click.Group:
    cli_store.register(cli)
    return cli


def run(group: click.Group, *args: str) -> Result:
    return CliRunner().invoke(group, list(args), catch_exceptions=False)


def one_line_error(result: Result, text: str) -> None:
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and text in lines[0], lines
    assert "Traceback" not in result.output


COMMANDS = ["query", "search", "show", "export", "stats", "duplicates", "runs", "serve"]


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help(group: click.Group, name: str) -> None:
    result = run(group, name, "--help")
    assert result.exit_code == 0 and "--db" in result.output
    command = group.commands[name]
    assert command.help and len(command.help) > 20


@pytest.mark.parametrize(
    "args",
    [["query", "SELECT 1"], ["search", "grain"], ["show", "1"], ["export"], ["stats"],
     ["duplicates"], ["runs"], ["serve"]],
)  # fmt: skip
def test_missing_database_is_one_line(group: click.Group, tmp_path: Path, args: list[str]) -> None:
    result = run(group, *args, "--db", str(tmp_path / "missing.db"))
    one_line_error(result, "no database at")
    assert not (tmp_path / "missing.db").exists()


@pytest.mark.parametrize(
    "args",
    [["query", "SELECT 1"], ["search", "grain"], ["show", "1"], ["export"], ["stats"],
     ["duplicates"], ["runs"]],
)  # fmt: skip
def test_another_applications_database_is_one_line(
    group: click.Group, tmp_path: Path, args: list[str]
) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    one_line_error(run(group, *args, "--db", str(other)), "is not a newscrawl store")


def test_a_writer_does_not_add_its_tables_to_another_applications_database(
    tmp_path: Path,
) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    with pytest.raises(StoreError, match="another application's SQLite database"):
        Store(other)
    with sqlite3.connect(other) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["notes"]


def test_query_formats(group: click.Group, db_path: Path) -> None:
    sql = "SELECT url, language FROM articles WHERE language = ? ORDER BY id"
    as_json = run(group, "query", sql, "-p", "uk", "--db", str(db_path), "--format", "json")
    assert json.loads(as_json.output) == [{"url": UK_URL, "language": "uk"}]
    as_csv = run(group, "query", sql, "-p", "en", "--db", str(db_path), "--format", "csv")
    rows = list(csv.reader(io.StringIO(as_csv.output)))
    assert rows[0] == ["url", "language"] and rows[1] == [EN_URL, "en"]
    table = run(group, "query", "SELECT count(*) AS n FROM articles", "--db", str(db_path))
    assert table.exit_code == 0 and "6" in table.output


@pytest.mark.parametrize(
    ("sql", "message"),
    [("SELECT nope FROM articles", "no such column: nope"),
     ("DELETE FROM articles", "readonly database"), ("DROP TABLE articles", "readonly"),
     ("ATTACH ':memory:' AS x", "not authorized"),
     # a journal-mode change failed as "disk I/O error"; empty SQL printed nothing, exit 0
     ("PRAGMA journal_mode=DELETE", "refused: query is read-only"),
     ("PRAGMA user_version=3", "refused: query is read-only"),
     ("", "no SQL given"), ("/* nothing */", "returns no rows")],
)  # fmt: skip
def test_bad_or_writing_query_is_one_line(
    group: click.Group, db_path: Path, sql: str, message: str
) -> None:
    one_line_error(run(group, "query", sql, "--db", str(db_path)), message)


def test_bad_format_value_is_a_usage_error(group: click.Group, db_path: Path) -> None:
    result = run(group, "query", "SELECT 1", "--db", str(db_path), "--format", "xml")
    assert result.exit_code == 2 and "Invalid value for '--format'" in result.stderr
    result = run(group, "export", "--db", str(db_path), "--format", "xml")
    assert result.exit_code == 2


@pytest.mark.parametrize(
    "value", ["garbage", "2024-13-45", "2025-4-5", "20250405", "2025-04-05T10:00"]
)
@pytest.mark.parametrize("command", [["search", "storm"], ["export"]])
def test_date_filter_that_is_not_a_date_is_refused(
    group: click.Group, db_path: Path, command: list[str], value: str
) -> None:
    # compared as text, these would filter everything or nothing without a word
    for option in ("--since", "--until"):
        result = run(group, *command, option, value, "--db", str(db_path))
        assert result.exit_code == 2 and result.stdout == ""
        assert f"Invalid value for '{option}'" in result.stderr and "YYYY-MM-DD" in result.stderr


def test_date_filters_select_by_published_date(group: click.Group, db_path: Path) -> None:
    lines = run(group, "export", "--since", "2025-04-05", "--until", "2025-04-06",
                "--db", str(db_path)).output.splitlines()  # fmt: skip
    assert [json.loads(line)["url"] for line in lines] == [STORM_URL]


def test_search_prints_snippets_and_filters(group: click.Group, db_path: Path) -> None:
    result = run(group, "search", "storm", "--db", str(db_path))
    assert result.exit_code == 0 and STORM_URL in result.output and "[storm]" in result.output
    hits = json.loads(run(group, "search", "grain", "--all", "--format", "json",
                          "--db", str(db_path)).output)  # fmt: skip
    assert {hit["url"] for hit in hits} == {EN_URL, COPY_URL}
    none = run(group, "search", "grain", "--language", "uk", "--db", str(db_path))
    assert none.exit_code == 0 and "no matches" in none.stderr
    uk = run(group, "search", "ХАРКІВ", "--format", "json", "--db", str(db_path))
    assert [hit["url"] for hit in json.loads(uk.output)] == [UK_URL]


@pytest.mark.parametrize(
    ("site", "language"),
    [("herald.example", "en"), ("WWW.Herald.example", "EN"),
     ("https://www.herald.example/en/", "en-GB"), ("herald.example", "eng")],
)  # fmt: skip
def test_site_and_language_filters_take_the_forms_users_type(
    group: click.Group, db_path: Path, site: str, language: str
) -> None:
    result = run(group, "search", "storm", "--site", site, "--language", language,
                 "--format", "json", "--db", str(db_path))  # fmt: skip
    assert [hit["url"] for hit in json.loads(result.output)] == [STORM_URL]


def test_a_site_or_language_that_names_none_is_refused(group: click.Group, db_path: Path) -> None:
    result = run(group, "export", "--site", "://", "--db", str(db_path))
    assert result.exit_code == 2 and "is not a host name" in result.stderr
    for value in ("english!", "xx", "qqq"):
        result = run(group, "search", "grain", "--language", value, "--db", str(db_path))
        assert result.exit_code == 2 and "is not a language newscrawl tags" in result.stderr
    result = run(group, "export", "--language", "deu", "--db", str(db_path))
    assert result.exit_code == 0  # German, in ISO 639-2: a language, with no records here


def test_malformed_search_is_one_line(group: click.Group, db_path: Path) -> None:
    one_line_error(run(group, "search", '"unbalanced', "--db", str(db_path)), "search")
    empty = run(group, "search", "  ", "--db", str(db_path))
    one_line_error(empty, "search: give at least one word")


def test_show_by_url_and_unknown(group: click.Group, db_path: Path) -> None:
    result = run(group, "show", EN_URL + "?utm_source=x", "--db", str(db_path))
    assert result.exit_code == 0 and "Grain exports rise" in result.output
    assert COPY_URL in result.output and UK_URL in result.output
    record = json.loads(run(group, "show", "3", "--json", "--db", str(db_path)).output)
    assert record["duplicate_of"] == EN_URL
    one_line_error(run(group, "show", "https://x.example/", "--db", str(db_path)), "no article")
    huge = "9" * 25  # beyond SQLite's 64-bit row ids
    one_line_error(run(group, "show", huge, "--db", str(db_path)), "no article")


def test_show_escapes_markup_in_titles(group: click.Group, db_path: Path) -> None:
    result = run(group, "show", "https://daily.example/culture/concert", "--db", str(db_path))
    assert result.exit_code == 0 and "Festival opens [live]" in result.output


def test_export_jsonl_csv_and_output_file(
    group: click.Group, db_path: Path, tmp_path: Path
) -> None:
    lines = run(group, "export", "--db", str(db_path)).output.splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 6 and records[0]["url"] == EN_URL
    assert records[0]["translation_of"] is None and "urls" in records[0]
    out = tmp_path / "uk.csv"
    result = run(group, "export", "--format", "csv", "--language", "uk", "--no-duplicates",
                 "-o", str(out), "--db", str(db_path))  # fmt: skip
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [row["url"] for row in rows] == [UK_URL] and rows[0]["translation_of"] == EN_URL
    only_new = run(group, "export", "--no-duplicates", "--db", str(db_path)).output
    assert COPY_URL not in only_new


def test_stats_and_duplicates(group: click.Group, db_path: Path) -> None:
    text = run(group, "stats", "--db", str(db_path)).output
    assert "6 articles" in text and "herald.example" in text and "uk" in text
    first = text.splitlines()[0]  # the totals, one line even past 80 columns
    assert first.startswith("6 articles") and first.endswith("earlier versions")
    figures = json.loads(run(group, "stats", "--json", "--db", str(db_path)).output)
    assert figures["by_language"] == {"en": 5, "uk": 1} and figures["duplicates"] == 1
    clusters = run(group, "duplicates", "--db", str(db_path)).output
    assert EN_URL in clusters and COPY_URL in clusters and "1.000" in clusters
    # one line per copy, however long: not wrapped at 80 columns in the middle of it
    assert f"  ← {COPY_URL} (aggregator.example) similarity 1.000" in clusters.splitlines()
    parsed = json.loads(run(group, "duplicates", "--json", "--db", str(db_path)).output)
    assert parsed[0]["copies"][0]["site"] == "aggregator.example"


def test_runs_reads_the_stats_keys(group: click.Group, db_path: Path) -> None:
    result = run(group, "runs", "--format", "json", "--db", str(db_path))
    [row] = json.loads(result.output)
    assert row["requests"] == 12 and row["responses"] == "200:10 304:1 404:1"
    assert (row["new"], row["updated"], row["refreshed"], row["unchanged"]) == (4, 1, 3, 2)
    # the 404 of a stored article is its removal, not one more skipped page
    assert (row["removed"], row["duplicates"], row["not articles"], row["skipped"],
            row["errors"]) == (1, 2, 2, 3, 1)  # fmt: skip
    bad = run(group, "runs", "--limit", "0", "--db", str(db_path))
    assert bad.exit_code == 2 and "Invalid value for '--limit'" in bad.stderr


def test_a_table_printed_to_a_pipe_keeps_every_value_whole(
    group: click.Group, db_path: Path
) -> None:
    # 15 columns do not fit 80: to a pipe or a log the table is as wide as it needs,
    # where it used to print "2…" for every timestamp
    lines = run(group, "runs", "--db", str(db_path)).output.splitlines()
    header = next(line for line in lines if "requests" in line)
    assert "not articles" in header and "refreshed" in header
    row = next(line for line in lines if "herald" in line)
    assert "2025-04-02T09:59:00+00:00" in row and "200:10 304:1 404:1" in row
    assert "…" not in "".join(lines)


def test_serve_without_datasette_says_how_to_install(
    group: click.Group, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_store, "find_spec", lambda name: None)
    one_line_error(run(group, "serve", "--db", str(db_path)), "pip install 'newscrawl[serve]'")


def test_serve_runs_datasette_with_the_metadata(
    group: click.Group, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[list[str]] = []

    def fake_call(command: list[str]) -> int:
        seen.append(command)
        metadata = json.loads(Path(command[command.index("--metadata") + 1]).read_text())
        assert metadata["databases"]["store"]["tables"]["articles"]["fts_table"] == "articles_fts"
        return 0

    monkeypatch.setattr(cli_store.subprocess, "call", fake_call)
    result = run(group, "serve", "--port", "8123", "--db", str(db_path))
    assert result.exit_code == 0 and seen[0][2:4] == ["datasette", "serve"]
    assert "8123" in seen[0] and str(db_path) in seen[0]


def test_ctrl_c_stops_a_runaway_query(tmp_path: Path) -> None:
    """SIGINT reaches a query stuck inside SQLite: one line, not 100% CPU forever."""
    import signal
    import subprocess
    import sys
    import time

    db = tmp_path / "n.db"
    Store(db).close()
    endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c"
    child = subprocess.Popen(
        [sys.executable, "-m", "crawler", "query", endless, "--db", str(db)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    time.sleep(1.5)  # started, and deep inside sqlite3_step
    child.send_signal(signal.SIGINT)
    _, stderr = child.communicate(timeout=30)
    assert child.returncode == 1
    assert stderr.strip().splitlines() == ["Error: interrupted (Ctrl-C)"]


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("setpriv") is None,
    reason="needs root and setpriv to run a command as a user who cannot write the directory",
)
def test_a_store_in_a_directory_the_user_cannot_write_is_readable() -> None:
    """A shared corpus: WAL readers need a -shm file they cannot create there."""
    import subprocess
    import sys
    import tempfile

    shared = Path(tempfile.mkdtemp(prefix="newscrawl-shared-"))
    try:
        build_store(shared / "corpus.db")
        for leftover in shared.glob("corpus.db-*"):
            leftover.unlink()
        (shared / "corpus.db").chmod(0o444)
        shared.chmod(0o555)
        nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        repo = Path(__file__).parent.parent
        probe = [*nobody, sys.executable, "-c", "import crawler"]
        if subprocess.run(probe, cwd=repo, capture_output=True, timeout=60).returncode:
            pytest.skip("this checkout is not readable by another user (a 0700 directory)")
        db = str(shared / "corpus.db")
        for args in (["stats"], ["query", "SELECT count(*) FROM articles", "--format", "csv"]):
            done = subprocess.run(
                [*nobody, sys.executable, "-m", "crawler", *args, "--db", db],
                capture_output=True, text=True, timeout=60, cwd=repo,
            )  # fmt: skip
            assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines() == ["count(*)", "6"]
    finally:
        shared.chmod(0o755)
        shutil.rmtree(shared)


@pytest.mark.parametrize("suffix", ["", "-wal"])
def test_export_onto_the_store_itself_is_refused(
    group: click.Group, db_path: Path, tmp_path: Path, suffix: str
) -> None:
    # `export -o newscrawl.db` replaced the store with CSV text and exited 0
    copy = tmp_path / "copy.db"
    copy.write_bytes(db_path.read_bytes())
    target = Path(f"{copy}{suffix}")
    target.touch()
    before = target.read_bytes()
    result = run(group, "export", "--format", "csv", "-o", str(target), "--db", str(copy))
    one_line_error(result, "is the store itself")
    assert target.read_bytes() == before
    assert run(group, "stats", "--db", str(copy)).output.startswith("6 articles")


def test_the_crawl_summary_names_removed_and_lost_pages() -> None:
    from crawler.ingest import crawl_summary

    stats = {"downloader/request_count": 9, "newscrawl/new": 5, "newscrawl/removed": 1,
             "newscrawl/errors/store": 2}  # fmt: skip
    summary = crawl_summary(stats)
    assert summary.startswith("9 requests: 5 stored, 0 updated")
    assert summary.endswith(", 1 removed (404/410), 2 not stored")
