"""Datasette on a real store, in headless Chromium: search and the canned queries.

Serves a small store (built through `Store.save`) with the metadata `newscrawl serve`
uses, on a free loopback port, and reads the rendered pages with `chromium --dump-dom`.
Skips when Chromium or Datasette is not installed.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from query_store import COPY_URL, EN_URL, build_store

from crawler.cli_store import datasette_command, metadata_for

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--disable-dev-shm-usage",
)  # fmt: skip


def chromium() -> str:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("chromium not installed: apt-get install chromium (.ci/run does)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(base: str, server: subprocess.Popen[bytes], timeout_s: float = 20) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"datasette exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/-/versions.json", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    pytest.fail("datasette did not answer within 20 s")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    pytest.importorskip("datasette", reason="datasette not installed: pip install '.[serve]'")
    folder = tmp_path_factory.mktemp("datasette")
    db_path = build_store(folder / "store.db")
    metadata = folder / "metadata.json"
    metadata.write_text(json.dumps(metadata_for(db_path)), encoding="utf-8")
    port = free_port()
    with (folder / "datasette.log").open("wb") as log:
        server = subprocess.Popen(
            datasette_command(db_path, metadata, "127.0.0.1", port),
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base, server)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def dump_dom(url: str, profile: Path) -> str:
    command = [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", url]
    done = subprocess.run(command, capture_output=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    return done.stdout.decode("utf-8", errors="replace")


@pytest.mark.parametrize(
    ("word", "found", "absent"),
    [("storm", "Storm closes mountain passes", "Grain exports rise"),
     ("ХАРКІВ", "Експорт зерна зростає", "Storm closes mountain passes")],
)  # fmt: skip
def test_table_search_in_the_browser(
    served: str, tmp_path: Path, word: str, found: str, absent: str
) -> None:
    page = dump_dom(f"{served}/store/articles?_search={quote(word)}", tmp_path / "profile")
    assert found in page and absent not in page
    assert "One row per article" in page  # the metadata's table description


def test_canned_queries_in_the_browser(served: str, tmp_path: Path) -> None:
    clusters = dump_dom(f"{served}/store/duplicate_clusters", tmp_path / "profile")
    assert EN_URL in clusters and "aggregator.example" in clusters
    days = dump_dom(f"{served}/store/articles_per_language_per_day", tmp_path / "profile")
    assert "2025-04-02" in days and "uk" in days
    hits = dump_dom(f"{served}/store/search?text=grain", tmp_path / "profile")
    assert EN_URL in hits and COPY_URL not in hits
