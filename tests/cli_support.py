"""Running the real `newscrawl` command in a child process, as a user would."""

from __future__ import annotations

import subprocess
import sys


def newscrawl(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m crawler ARGS` (the `newscrawl` entry point); never raises on exit codes.

    A child process, because Scrapy's reactor starts once per process.
    """
    return subprocess.run(
        [sys.executable, "-m", "crawler", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        input=stdin,
    )
