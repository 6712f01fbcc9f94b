"""`newscrawl reextract`: run the current extractor over the stored raw HTML.

What users run after an extraction improvement: no page is fetched again. Pages go
through the same `process_page` as a crawl, on every core, in batches; each batch is
written in one transaction with the store's usual rules (a changed body becomes a new
version, so nothing a previous extractor produced is lost).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from itertools import islice

from crawler.process import Processed, make_item, process_page
from crawler.progress import progress_bar
from crawler.workers import ExtractionFailed, ExtractionPool
from storage import Store, StoredPage

# Pages per transaction, and per round of the pool: big enough to keep both cores busy,
# small enough that an interrupted re-extraction loses little.
BATCH = 200


def _batches(pages: Iterator[StoredPage]) -> Iterator[list[StoredPage]]:
    while batch := list(islice(pages, BATCH)):
        yield batch


async def _extract(
    pool: ExtractionPool,
    batch: list[StoredPage],
    templates: dict[str, frozenset[int]],
    store: Store,
) -> list[Processed | None]:
    async def one(page: StoredPage) -> Processed | None:
        if page.site not in templates:
            templates[page.site] = store.template(page.site)
        try:
            return await pool.run(
                process_page, page.html, page.url, page.encoding, templates[page.site]
            )
        except ExtractionFailed:
            return None

    return list(await asyncio.gather(*(one(page) for page in batch)))


def reextract(
    db_path: str, site: str | None = None, workers: int = 0, show_progress: bool = True
) -> Counter[str]:
    """Re-extract every stored page (of one site); returns the outcome counts."""
    counts: Counter[str] = Counter()
    pool = ExtractionPool(workers)
    templates: dict[str, frozenset[int]] = {}
    try:
        with Store(db_path) as store:
            total = store.count_pages(site)
            with progress_bar(show_progress, total, "re-extracting") as advance:
                for batch in _batches(store.iter_pages(site)):
                    results = asyncio.run(_extract(pool, batch, templates, store))
                    items = []
                    for page, processed in zip(batch, results, strict=True):
                        advance()
                        if processed is None:
                            counts["error"] += 1
                            continue
                        items.append(
                            make_item(
                                url=page.url,
                                requested_url=page.url,
                                html=page.html,
                                processed=processed,
                                status=page.status or 200,
                                etag=page.etag,
                                last_modified=page.last_modified,
                                encoding=page.encoding,
                                fetched_at=page.fetched_at,
                            )
                        )
                    counts.update(o.status for o in store.update_extraction(items))
    finally:
        pool.close()
    return counts
