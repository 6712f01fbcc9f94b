"""Every `newscrawl` command is documented in the README (as sqlite-utils' test_docs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler import cli_store
from crawler.cli import cli

README = Path(__file__).resolve().parent.parent / "README.md"


def command_names() -> list[str]:
    cli_store.register(cli)  # what `crawler.cli.main` does before running
    return sorted(cli.commands)


@pytest.mark.parametrize("name", command_names())
def test_command_is_in_the_readme(name: str) -> None:
    assert README.exists(), "README.md is missing"
    assert f"newscrawl {name}" in README.read_text(encoding="utf-8"), (
        f"README.md does not mention `newscrawl {name}`"
    )
