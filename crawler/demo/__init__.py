"""An offline bilingual news site served from loopback, for `newscrawl demo` and tests.

`DemoSite` (in `crawler.demo.server`) serves it; `load_content` gives the articles and
`crawler/demo/expected/` holds what a crawl of it must produce.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from crawler.demo.content import load_content

if TYPE_CHECKING:
    from crawler.demo.server import DemoSite

__all__ = ["DemoSite", "load_content"]


def __getattr__(name: str) -> object:
    # Imported lazily so `python -m crawler.demo.server` does not import the module twice.
    if name == "DemoSite":
        from crawler.demo.server import DemoSite

        return DemoSite
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
