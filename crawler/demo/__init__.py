"""An offline bilingual news site served from loopback, for `newscrawl demo` and tests.

`DemoSite` (in `crawler.demo.server`) serves it; `load_content` gives the articles and
`crawler/demo/expected/` holds what a crawl of it must produce.
"""

from crawler.demo.content import load_content
from crawler.demo.server import DemoSite

__all__ = ["DemoSite", "load_content"]
