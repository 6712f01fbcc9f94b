"""A small store built through the real `Store.save`, for the read-side tests.

Six articles: an English story, its Ukrainian translation, an exact copy of the English
one on another site, an updated story (two versions), a removed one, and an unrelated
story; plus a page that is not an article and one finished run.
"""

from __future__ import annotations

from pathlib import Path

from crawler.extraction.result import Extraction
from crawler.fingerprints import fingerprints
from crawler.items import PageItem
from storage import Store

GRAIN = " ".join(
    f"Part {i}: grain exports through the Black Sea ports rose again this spring as "
    f"shipping insurers returned and freight rates for wheat and maize fell {i} percent."
    for i in range(10)
)
GRAIN_UK = " ".join(
    f"Частина {i}: експорт зерна через порти Одеси зріс навесні, а Харків отримав нові "
    f"замовлення на пшеницю та кукурудзу, ставки фрахту впали на {i} відсотків."
    for i in range(10)
)
STORM = " ".join(
    f"Section {i}: a storm crossed the western mountains overnight, closing passes and "
    f"cutting power to villages while rescuers worked until dawn to clear road {i}."
    for i in range(10)
)
BUDGET = " ".join(
    f"Item {i}: the city council approved the school budget after a long debate about "
    f"teachers' salaries, heating costs and the repair of {i} old buildings downtown."
    for i in range(10)
)
CONCERT = " ".join(
    f"Note {i}: the orchestra opened the festival with a symphony by a young composer, "
    f"and the audience of {i} thousand stayed in the square long after midnight."
    for i in range(10)
)

EN_URL = "https://herald.example/en/economy/grain-exports"
UK_URL = "https://herald.example/uk/economy/eksport-zerna"
COPY_URL = "https://aggregator.example/news/grain-exports"
STORM_URL = "https://herald.example/en/weather/storm"
BUDGET_URL = "https://daily.example/city/budget"
CONCERT_URL = "https://daily.example/culture/concert"


def page(
    url: str,
    title: str,
    body: str,
    *,
    language: str = "en",
    published_at: str = "2025-04-02T09:00:00+00:00",
    alternates: dict[str, str] | None = None,
    fetched_at: str = "2025-04-02T10:00:00+00:00",
    extra_urls: list[str] | None = None,
    is_article: bool = True,
) -> PageItem:
    site = url.split("/")[2]
    extraction = Extraction(
        url=url, title=title, body=body if is_article else "", language=language,
        published_at=published_at, is_article=is_article, alternates=alternates or {},
        authors=["A. Writer"], tags=["news"], section="news", lead=body[:80],
        key_points=["one point"], language_confidence=0.99,
        reason=None if is_article else "listing page",
    )  # fmt: skip
    digest, near = fingerprints(body) if is_article else (None, None)
    return PageItem(
        url=url, requested_url=url, canonical_url=url, site=site, fetched_at=fetched_at,
        html=f"<html><h1>{title}</h1><p>{body}</p></html>".encode(), extraction=extraction,
        content_hash=digest, near=near, extra_urls=extra_urls or [],
    )  # fmt: skip


def build_store(path: Path) -> Path:
    """Fill a store at `path` with the articles above and return the path."""
    with Store(path) as store:
        store.save(
            page(
                EN_URL,
                "Grain exports rise",
                GRAIN,
                alternates={"uk": UK_URL},
                extra_urls=["https://herald.example/en/economy/grain-exports/amp"],
            )
        )
        store.save(
            page(
                UK_URL, "Експорт зерна зростає", GRAIN_UK, language="uk", alternates={"en": EN_URL}
            )
        )
        store.save(
            page(
                COPY_URL,
                "Grain exports rise (copy)",
                GRAIN,
                # the aggregator republished it a day later: the herald's is the original
                published_at="2025-04-03T09:00:00+00:00",
                fetched_at="2025-04-03T10:00:00+00:00",
            )
        )
        store.save(
            page(
                STORM_URL,
                "Storm closes mountain passes",
                STORM,
                published_at="2025-04-05T06:00:00+00:00",
            )
        )
        store.save(
            page(
                BUDGET_URL,
                "Council approves budget",
                BUDGET,
                published_at="2025-03-20T12:00:00+00:00",
            )
        )
        store.save(
            page(
                BUDGET_URL,
                "Council approves budget",
                BUDGET + " Correction added.",
                published_at="2025-03-20T12:00:00+00:00",
                fetched_at="2025-03-21T12:00:00+00:00",
            )
        )
        store.save(
            page(
                CONCERT_URL,
                "Festival opens [live]",
                CONCERT,
                published_at="2025-04-06T20:00:00+00:00",
            )
        )
        store.save(page("https://daily.example/culture/", "Culture", "", is_article=False))
        store.mark_removed(STORM_URL, "2025-04-07T00:00:00+00:00")
        run_id = store.start_run("site", "herald", "2025-04-02T09:59:00+00:00")
        store.finish_run(run_id, RUN_STATS, finished_at="2025-04-02T10:05:00+00:00")
    return path


RUN_STATS = {
    "downloader/request_count": 12,
    "downloader/response_status_count/200": 10,
    "downloader/response_status_count/304": 1,
    "downloader/response_status_count/404": 1,
    "newscrawl/new": 4,
    "newscrawl/updated": 1,
    "newscrawl/refreshed": 3,
    "newscrawl/unchanged": 2,
    "newscrawl/duplicate": 1,
    "newscrawl/near_duplicate": 1,
    "newscrawl/not_article": 2,
    "newscrawl/skipped/robots": 3,
    "newscrawl/skipped/status 404": 1,
    "newscrawl/removed": 1,
    "newscrawl/errors/extraction": 1,
    "finish_reason": "finished",
}
