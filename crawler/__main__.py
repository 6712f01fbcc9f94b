"""`python -m crawler` is the `newscrawl` command."""

from crawler.cli import main

main()
