from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.extraction.result import Extraction
from crawler.fingerprints import content_hash, fingerprints
from crawler.items import PageItem
from crawler.process import make_item, process_page, process_page_to_store
from storage import Store, StoreError
from storage.schema import FTS_HASHSIZE, migrate, migrations
from storage.store import CACHE_KIB

BODY = " ".join(
    f"Paragraph {i}: the regional council met on Tuesday to discuss the budget for schools, "
    f"roads and hospitals, and voted {i} times on amendments proposed by the opposition."
    for i in range(12)
)
OTHER = " ".join(
    f"Section {i}: a storm crossed the western mountains overnight, closing passes and "
    f"cutting power to villages while rescuers worked until dawn to clear road number {i}."
    for i in range(12)
)


def item(
    url: str,
    body: str = BODY,
    *,
    language: str = "en",
    is_article: bool = True,
    alternates: dict[str, str] | None = None,
    fetched_at: str = "2024-01-01T00:00:00+00:00",
    extra_urls: list[str] | None = None,
    etag: str | None = None,
) -> PageItem:
    extraction = Extraction(
        url=url, title="A title", body=body if is_article else "", language=language,
        is_article=is_article, alternates=alternates or {}, key_points=["one", "two"],
        authors=["A. Writer"], tags=["news"], reason=None if is_article else "listing page",
        block_fingerprints=[11, 22, 33],
    )  # fmt: skip
    digest, near = fingerprints(body) if is_article else (None, None)
    return PageItem(
        url=url, requested_url=url, canonical_url=url, site="example.com",
        fetched_at=fetched_at, html=f"<html><p>{body}</p></html>".encode(), etag=etag,
        extraction=extraction, content_hash=digest, near=near, extra_urls=extra_urls or [],
    )  # fmt: skip


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Store(tmp_path / "store.db") as opened:
        yield opened


def count(store: Store, table: str) -> int:
    return int(store.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def test_migrations_are_idempotent_and_wal_is_on(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    with Store(path) as first:
        applied = [m.name for m in migrations().applied(first.db)]
        migrate(first.db)  # applying again changes nothing
        assert [m.name for m in migrations().applied(first.db)] == applied
        assert first.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with Store(path) as second:
        assert [m.name for m in migrations().applied(second.db)] == applied
        assert migrations().pending(second.db) == []


def test_write_tuning_holds_for_every_connection(tmp_path: Path) -> None:
    """The FTS5 term buffer (a table option, kept in the file) and the page cache (a
    connection option) are what bench.store measured; a new connection has both."""
    Store(tmp_path / "t.db").close()
    with Store(tmp_path / "t.db", readonly=True) as store:
        config = dict(store.conn.execute("SELECT k, v FROM articles_fts_config"))
        assert config["hashsize"] == FTS_HASHSIZE
        assert store.conn.execute("PRAGMA cache_size").fetchone()[0] == -CACHE_KIB


def test_missing_directory_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "nope" / "store.db")


def test_readonly_store_cannot_write(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    with Store(path) as writable:
        writable.save(item("https://example.com/a"))
    with Store(path, readonly=True) as readonly:
        assert readonly.validators("https://example.com/a") is not None
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            readonly.conn.execute("DELETE FROM articles")
        with pytest.raises(StoreError, match="read-only"):
            readonly.save(item("https://example.com/b"))
    with pytest.raises(StoreError, match="no database"):
        Store(tmp_path / "missing.db", readonly=True)


def test_new_then_unchanged_then_updated_keeps_versions(store: Store) -> None:
    assert store.save(item("https://example.com/a")).status == "new"
    again = store.save(item("https://example.com/a?utm_source=x#top", etag='"v1"'))
    assert again.status == "unchanged" and again.article_id == 1
    changed = store.save(item("https://example.com/a", BODY + " Correction appended.",
                              fetched_at="2024-01-02T00:00:00+00:00"))  # fmt: skip
    assert changed.status == "updated" and changed.article_id == 1
    row = store.conn.execute(
        "SELECT body, version_count, last_changed_at, first_seen_at FROM articles"
    ).fetchone()
    assert row[0].endswith("Correction appended.") and row[1] == 2
    assert row[2] == "2024-01-02T00:00:00+00:00" and row[3] == "2024-01-01T00:00:00+00:00"
    bodies = [r[0] for r in store.conn.execute("SELECT body FROM versions ORDER BY id")]
    assert bodies == [BODY, BODY + " Correction appended."]


def test_an_unchanged_body_takes_the_latest_metadata_without_a_version(store: Store) -> None:
    store.save(item("https://example.com/a"))
    segments = count(store, "articles_fts_data")
    again = item("https://example.com/a", fetched_at="2024-01-02T00:00:00+00:00")
    assert again.extraction is not None
    again.extraction.published_at = "2024-01-01T09:00:00+02:00"  # a date now read
    again.extraction.tags = ["news", "politics"]
    assert store.save(again).status == "refreshed"
    row = store.conn.execute(
        "SELECT published_at, tags, fetched_at, first_seen_at, version_count FROM articles"
    ).fetchone()
    assert row == ("2024-01-01T09:00:00+02:00", '["news", "politics"]',
                   "2024-01-02T00:00:00+00:00", "2024-01-01T00:00:00+00:00", 1)  # fmt: skip
    assert count(store, "versions") == 0
    assert count(store, "articles_fts_data") == segments  # same title: no re-indexing
    again.extraction.title = "Parliament passes the budget"  # an edited headline
    store.save(again)
    assert [r["title"] for r in store.search("budget")] == ["Parliament passes the budget"]
    assert store.search('title:"A title"') == []
    fts_check(store)


def test_a_new_headline_in_the_batch_that_stored_the_article(store: Store) -> None:
    first, edited = item("https://example.com/a"), item("https://example.com/a")
    assert edited.extraction is not None
    edited.extraction.title = "Parliament passes the budget"
    assert [o.status for o in store.save_many([first, edited])] == ["new", "refreshed"]
    assert [r["title"] for r in store.search("budget")] == ["Parliament passes the budget"]
    fts_check(store)


def test_aliases_cover_every_url(store: Store) -> None:
    page = item("https://example.com/a/amp", extra_urls=["https://t.co/xyz"])
    page.requested_url = "https://example.com/a?utm_source=feed"
    store.save(page)
    assert store.known_urls(["https://example.com/a", "https://t.co/xyz", "https://x.org/"]) == {
        "https://example.com/a", "https://t.co/xyz"}  # fmt: skip
    assert store.save(item("https://t.co/xyz")).status == "unchanged"


def test_exact_and_near_duplicates_are_stored_and_linked(store: Store) -> None:
    store.save(item("https://example.com/a"))
    exact = store.save(item("https://partner.example.net/a", BODY.replace("  ", " ").upper()))
    assert exact.status == "duplicate" and exact.duplicate_of_url == "https://example.com/a"
    near = store.save(item("https://other.example.org/a", BODY.replace("Tuesday", "Monday", 2)))
    assert near.status == "near_duplicate" and near.similarity is not None
    assert near.duplicate_of_url == "https://example.com/a"
    different = store.save(item("https://example.com/b", OTHER))
    assert different.status == "new"
    rows = store.conn.execute("SELECT id, duplicate_of FROM articles ORDER BY id").fetchall()
    assert rows == [(1, None), (2, 1), (3, 1), (4, None)]


def test_translations_are_linked_never_duplicates(store: Store) -> None:
    en = store.save(item("https://example.com/en/a", alternates={"uk": "https://example.com/a"}))
    uk = store.save(item("https://example.com/a", BODY, language="uk"))
    assert uk.status == "new"  # same text, other language: not a duplicate
    rows = store.conn.execute(
        "SELECT id, translation_of, translation_group FROM articles ORDER BY id"
    ).fetchall()
    # neither is dated: the smaller URL is the source edition, whatever the store order
    assert rows == [(en.article_id, uk.article_id, en.article_id), (uk.article_id, None,
                                                                    en.article_id)]  # fmt: skip


def test_an_edition_linked_only_by_a_later_fetch_joins_its_translation(store: Store) -> None:
    # the English page is stored before its Ukrainian edition exists and links it later
    en = store.save(item("https://example.com/en/a"))
    uk = store.save(item("https://example.com/uk/a", OTHER, language="uk"))
    assert store.conn.execute("SELECT count(translation_group) FROM articles").fetchone() == (0,)
    linked = item("https://example.com/en/a", alternates={"uk": "https://example.com/uk/a"})
    assert store.save(linked).status == "refreshed"
    rows = store.conn.execute("SELECT id, translation_of FROM articles ORDER BY id").fetchall()
    assert rows == [(en.article_id, None), (uk.article_id, en.article_id)]


def test_a_page_fetched_on_an_amp_host_is_stored_under_its_article_site(store: Store) -> None:
    page = item("https://amp.example.com/a")
    page.site = "amp.example.com"  # what the worker derives from the fetched URL
    assert store.save(page).status == "new"
    assert store.conn.execute("SELECT site, url FROM articles").fetchall() == [
        ("example.com", "https://example.com/a")]  # fmt: skip


def test_a_record_keeps_its_site_when_fetched_through_another_host(store: Store) -> None:
    store.save(item("https://example.com/a", extra_urls=["https://t.co/xyz"]))
    again = item("https://t.co/xyz")
    again.site = "t.co"
    assert store.save(again).status == "unchanged"
    assert store.conn.execute("SELECT site, url FROM articles").fetchall() == [
        ("example.com", "https://example.com/a")]  # fmt: skip


def linked_after_saving(path: Path, pages: list[PageItem], link: str) -> list[tuple[str, ...]]:
    """(url, url it links to through the `link` column) of every article, by URL, after
    saving the pages in the order given."""
    with Store(path) as store:
        for page in pages:
            store.save(page)
        return store.conn.execute(
            f"SELECT a.url, o.url FROM articles AS a LEFT JOIN articles AS o ON o.id = a.{link}"
            " ORDER BY a.url"
        ).fetchall()


@pytest.mark.parametrize("reverse", [False, True])
def test_the_source_edition_does_not_depend_on_store_order(tmp_path: Path, reverse: bool) -> None:
    """The earlier published edition is the source, whichever one a crawl stored first."""
    en = item("https://example.com/en/a", alternates={"uk": "https://example.com/a"})
    uk = item("https://example.com/a", BODY, language="uk")
    en.extraction.published_at = "2025-04-02T09:00:00+00:00"
    uk.extraction.published_at = "2025-04-02T11:00:00+03:00"  # 08:00 UTC: the Ukrainian first
    pages = [uk, en][:: -1 if reverse else 1]
    assert linked_after_saving(tmp_path / "store.db", pages, "translation_of") == [
        ("https://example.com/a", None),
        ("https://example.com/en/a", "https://example.com/a"),
    ]
    with Store(tmp_path / "store.db", readonly=True) as store:
        groups = store.conn.execute("SELECT DISTINCT translation_group FROM articles").fetchall()
    assert len(groups) == 1 and groups[0][0] is not None


@pytest.mark.parametrize("reverse", [False, True])
def test_the_earliest_published_copy_is_the_original_across_time_zones(
    tmp_path: Path, reverse: bool
) -> None:
    kyiv = item("https://kyiv.example/news/a")
    wire = item("https://wire.example/a", BODY.upper())  # an exact copy
    kyiv.extraction.published_at = "2025-04-02T11:00:00+03:00"  # 08:00 UTC
    wire.extraction.published_at = "2025-04-02T09:00:00+00:00"  # an hour later
    pages = [kyiv, wire][:: -1 if reverse else 1]
    assert linked_after_saving(tmp_path / "store.db", pages, "duplicate_of") == [
        ("https://kyiv.example/news/a", None),
        ("https://wire.example/a", "https://kyiv.example/news/a"),
    ]


def test_not_articles_are_pages_not_articles(store: Store) -> None:
    outcome = store.save(item("https://example.com/news/", is_article=False))
    assert outcome.status == "not_article" and outcome.article_id is None
    assert count(store, "articles") == 0
    assert store.conn.execute("SELECT outcome, reason FROM pages").fetchone() == (
        "not_article",
        "listing page",
    )
    known = store.validators("https://example.com/news/")
    assert known is not None and known.is_article is False


def test_save_many_is_atomic(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.save(item("https://example.com/first"))
    tables = (
        "articles",
        "aliases",
        "pages",
        "sketch_keys",
        "signatures",
        "versions",
        "template_blocks",
    )
    before = {table: count(store, table) for table in tables}
    calls = 0
    original = store._save_page

    def failing(*args: object, **kwargs: object) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise RuntimeError("disk on fire")
        original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "_save_page", failing)
    with pytest.raises(RuntimeError):
        store.save_many([item("https://example.com/b", OTHER), item("https://example.com/c")])
    assert calls == 2  # the first item was written inside the transaction, then rolled back
    assert {table: count(store, table) for table in tables} == before
    assert store.known_urls(["https://example.com/b"]) == set()
    assert not store.conn.in_transaction


def test_validators_removal_and_not_modified(store: Store) -> None:
    store.save(item("https://example.com/a", etag='"abc"'))
    known = store.validators("https://example.com/a?utm_medium=rss")
    assert known is not None and known.etag == '"abc"' and known.is_article
    etag, _, fetched_at, _ = known[:4]
    assert etag == '"abc"' and fetched_at == "2024-01-01T00:00:00+00:00"
    store.mark_not_modified("https://example.com/a", "2024-02-01T00:00:00+00:00")
    assert store.validators("https://example.com/a").fetched_at == "2024-02-01T00:00:00+00:00"  # type: ignore[union-attr]
    store.mark_removed("https://example.com/a", "2024-03-01T00:00:00+00:00")
    assert store.conn.execute("SELECT removed_at FROM articles").fetchone()[0] == (
        "2024-03-01T00:00:00+00:00"
    )
    assert count(store, "articles") == 1  # nothing deleted
    assert store.validators("https://example.com/unknown") is None


def test_runs_are_recorded(store: Store) -> None:
    run_id = store.start_run(spider="site", site="example")
    store.finish_run(run_id, {"newscrawl/new": 3, "errors": {"timeout": 1}}, status="finished")
    (run,) = store.runs(limit=5)
    assert run["id"] == run_id and run["status"] == "finished"
    assert run["stats"]["newscrawl/new"] == 3 and run["finished_at"]


def test_template_needs_enough_pages(store: Store) -> None:
    for i in range(2):
        store.save(item(f"https://example.com/{i}", f"{OTHER} {i}"))
    assert store.template("example.com") == frozenset()
    store.save(item("https://example.com/2", f"{BODY} 2"))
    assert store.template("example.com") == frozenset({11, 22, 33})
    store.save(item("https://example.com/2", f"{BODY} 2"))  # the same page again: no count
    assert store.conn.execute("SELECT pages FROM template_sites").fetchone()[0] == 3


def test_fts_finds_cyrillic_and_pages_round_trip(store: Store) -> None:
    store.save(item("https://example.com/uk", "Київ відкрив нову станцію метро", language="uk"))
    rows = store.conn.execute(
        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", ("КИЇВ",)
    ).fetchall()
    assert rows == [(1,)]
    (page,) = list(store.iter_pages())
    assert page.html == "<html><p>Київ відкрив нову станцію метро</p></html>".encode()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    title=st.text(max_size=40),
    body=st.text(min_size=1, max_size=400),
    tags=st.lists(st.text(max_size=10), max_size=3),
)
def test_saved_item_round_trips(tmp_path: Path, title: str, body: str, tags: list[str]) -> None:
    import json
    import uuid

    with Store(tmp_path / f"{uuid.uuid4().hex}.db") as fresh:
        page = item("https://example.com/x", body)
        assert page.extraction is not None
        page.extraction.title, page.extraction.tags = title, tags
        fresh.save(page)
        row = fresh.conn.execute("SELECT title, body, tags, content_hash FROM articles").fetchone()
    assert row[0] == title and row[1] == body and json.loads(row[2]) == tags
    assert row[3] == content_hash(body)


def test_updated_original_is_found_by_its_new_text(store: Store) -> None:
    store.save(item("https://example.com/a", OTHER))
    store.save(item("https://example.com/a", BODY, fetched_at="2024-01-02T00:00:00+00:00"))
    copy = store.save(item("https://partner.example.net/a", BODY.replace("Tuesday", "Friday")))
    assert copy.status == "near_duplicate" and copy.duplicate_of_url == "https://example.com/a"


def test_marks_reach_pages_stored_under_a_variant_url(store: Store) -> None:
    store.save(item("https://example.com/news/", is_article=False))
    store.mark_removed("https://example.com/news/#top", "2024-03-01T00:00:00+00:00")
    assert store.conn.execute("SELECT removed_at FROM pages").fetchone()[0] is not None
    assert store.known_urls(["https://example.com/news/?utm_source=x"]) == {
        "https://example.com/news/?utm_source=x"
    }


def fts_check(store: Store) -> None:
    """FTS5's own check that the index matches the articles table (raises if not)."""
    store.conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
    store.conn.commit()  # the check is an INSERT: end its implicit transaction


def test_full_text_index_follows_text_and_only_text(store: Store) -> None:
    store.save(item("https://example.com/a", OTHER))
    store.save(item("https://example.com/a", BODY, fetched_at="2024-01-02T00:00:00+00:00"))
    assert [r["url"] for r in store.search("amendments")] == ["https://example.com/a"]
    assert store.search("storm") == []
    fts_check(store)
    segments = count(store, "articles_fts_data")
    store.mark_not_modified("https://example.com/a", "2024-02-01T00:00:00+00:00")
    assert count(store, "articles_fts_data") == segments  # no re-indexing for a date
    fts_check(store)
    copy = store.save(item("https://partner.example.net/a", BODY.replace("Tuesday", "Friday")))
    assert copy.status == "near_duplicate"
    found = store.search("Friday", include_duplicates=True)
    assert [r["url"] for r in found] == ["https://partner.example.net/a"]
    fts_check(store)


def test_one_batch_indexes_its_articles_even_when_it_updates_them(store: Store) -> None:
    """A batch's new articles are indexed at its end; one updated within the same batch
    is indexed first, so the update trigger removes text that is in the index."""
    later = "2024-01-02T00:00:00+00:00"
    outcomes = store.save_many(
        [
            item("https://example.com/a", OTHER),
            item("https://example.com/b", BODY.replace("Tuesday", "Friday")),
            item("https://example.com/a", BODY, fetched_at=later),
            item("https://example.com/c", "A quiet harbour town counted its fishing boats."),
        ]
    )
    assert [o.status for o in outcomes] == ["new", "new", "updated", "new"]
    fts_check(store)
    assert store.search("storm") == []  # a's first text left the index
    assert {r["url"] for r in store.search("amendments", include_duplicates=True)} == {
        "https://example.com/a",
        "https://example.com/b",
    }
    assert [r["url"] for r in store.search("harbour")] == ["https://example.com/c"]
    assert count(store, "articles_fts_docsize") == count(store, "articles")


def test_html_compressed_by_the_worker_is_stored_as_given(store: Store) -> None:
    html = f"<html><head><title>Budget</title></head><body><article><p>{BODY}</p></article>"
    url = "https://example.com/news/budget"
    kept = process_page_to_store(html.encode(), url)
    plain = process_page(html.encode(), url)
    assert plain.html_zlib is None and kept.html_zlib is not None
    saved = store.save(make_item(url=url, requested_url=url, html=html.encode(), processed=kept))
    assert saved.status == "new"
    assert store.conn.execute("SELECT html FROM pages").fetchone()[0] == kept.html_zlib
    (page,) = list(store.iter_pages())
    assert page.html == html.encode()
