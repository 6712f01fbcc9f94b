"""The store's read side (storage.queries): records, export, search, stats, user SQL."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from query_store import BUDGET_URL, COPY_URL, EN_URL, STORM_URL, UK_URL, build_store, page

import storage.queries
from storage import Store, StoreError

EXPORT_CONTRACT = {
    "url", "urls", "title", "body", "language", "published_at", "content_hash",
    "duplicate_of", "translation_of", "removed", "site", "modified_at", "authors", "section",
    "tags", "source", "lead", "key_points", "language_confidence", "similarity",
    "fetched_at", "last_changed_at", "versions",
}  # fmt: skip


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("queries") / "store.db")


@pytest.fixture
def store(db_path: Path):  # type: ignore[no-untyped-def]
    with Store(db_path, readonly=True) as opened:
        yield opened


def test_fts_tokenizer_is_unicode61_without_stemming(store: Store) -> None:
    sql = store.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'articles_fts'")
    definition = sql.fetchone()[0]
    assert "unicode61 remove_diacritics 2" in definition and "porter" not in definition


@pytest.mark.parametrize(
    "target",
    [EN_URL, EN_URL + "?utm_source=feed#top", EN_URL + "/amp", "1", 1, EN_URL.upper()[:8]
     + EN_URL[8:]],
)  # fmt: skip
def test_get_resolves_ids_aliases_and_url_variants(store: Store, target: str | int) -> None:
    record = store.get(target)
    assert record is not None and record["url"] == EN_URL


def test_get_returns_the_full_record(store: Store) -> None:
    record = store.get(EN_URL)
    assert record is not None
    assert EN_URL in record["urls"] and record["authors"] == ["A. Writer"]
    assert record["duplicates"] == [
        {"url": COPY_URL, "site": "aggregator.example", "language": "en", "similarity": 1.0}
    ]
    assert record["translations"] == [{"url": UK_URL, "language": "uk"}]
    assert record["duplicate_of"] is None and record["removed"] is None
    copy = store.get(COPY_URL)
    assert copy is not None and copy["duplicate_of"] == EN_URL
    uk = store.get(UK_URL)
    assert uk is not None and uk["translation_of"] == EN_URL
    storm = store.get(STORM_URL)
    assert storm is not None and storm["removed"] == "2025-04-07T00:00:00+00:00"


def test_get_lists_versions_oldest_first(store: Store) -> None:
    record = store.get(BUDGET_URL)
    assert record is not None and record["version_count"] == 2
    seen = [version["seen_at"] for version in record["versions"]]
    assert seen == ["2025-04-02T10:00:00+00:00", "2025-03-21T12:00:00+00:00"]
    assert record["body"].endswith("Correction added.")


@pytest.mark.parametrize("target", ["https://nowhere.example/x", "999", "not a url"])
def test_get_unknown_is_none(store: Store, target: str) -> None:
    assert store.get(target) is None


def test_export_has_the_contract_keys_and_every_article(store: Store) -> None:
    records = list(store.export())
    assert len(records) == 6
    assert all(set(record) >= EXPORT_CONTRACT for record in records)
    by_url = {record["url"]: record for record in records}
    assert by_url[COPY_URL]["duplicate_of"] == EN_URL
    assert by_url[UK_URL]["translation_of"] == EN_URL
    assert by_url[STORM_URL]["removed"] == "2025-04-07T00:00:00+00:00"
    assert by_url[BUDGET_URL]["versions"] == 2
    assert {EN_URL, EN_URL + "/amp"} <= set(by_url[EN_URL]["urls"])


def test_export_filters(store: Store) -> None:
    def urls(**filters: object) -> set[str]:
        return {record["url"] for record in store.export(**filters)}  # type: ignore[arg-type]

    assert urls(language="uk") == {UK_URL}
    assert urls(site="daily.example") == {BUDGET_URL, "https://daily.example/culture/concert"}
    assert urls(since="2025-04-05", until="2025-04-06") == {STORM_URL}
    assert COPY_URL not in urls(include_duplicates=False)


def test_export_streams_in_chunks(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(storage.queries, "EXPORT_CHUNK", 2)
    records = store.export()
    assert not isinstance(records, list)
    assert len([record["url"] for record in records]) == 6


def test_search_ranks_and_highlights(store: Store) -> None:
    hits = store.search("storm passes")
    assert [hit["url"] for hit in hits] == [STORM_URL]
    assert "[storm]" in hits[0]["snippet"].lower()


def test_search_leaves_out_duplicates_unless_asked(store: Store) -> None:
    assert {hit["url"] for hit in store.search("grain")} == {EN_URL}
    everything = {hit["url"] for hit in store.search("grain", include_duplicates=True)}
    assert everything == {EN_URL, COPY_URL}


@pytest.mark.parametrize("word", ["Харків", "харків", "ХАРКІВ", "зерна"])
def test_search_finds_ukrainian_in_any_case(store: Store, word: str) -> None:
    assert [hit["url"] for hit in store.search(word)] == [UK_URL]


def test_search_filters_and_limit(store: Store) -> None:
    assert store.search("grain", language="uk") == []
    assert [h["url"] for h in store.search("storm OR grain", since="2025-04-04")] == [STORM_URL]
    assert len(store.search("the", limit=2)) == 2


@pytest.mark.parametrize("text", ['"unbalanced', "covid-19", "AND", "grain NOT"])
def test_malformed_search_is_a_store_error(store: Store, text: str) -> None:
    with pytest.raises(StoreError, match="search"):
        store.search(text)


def test_stats(store: Store) -> None:
    stats = store.stats()
    assert stats["articles"] == 6 and stats["duplicates"] == 1 and stats["translations"] == 1
    assert stats["by_language"] == {"en": 5, "uk": 1}
    assert stats["by_site"]["herald.example"] == 3
    assert stats["by_day"]["2025-04-02"] == 2 and stats["by_day"]["2025-04-03"] == 1
    assert stats["not_articles"] == 1 and stats["removed"] == 1
    assert stats["duplicate_share"] == pytest.approx(1 / 6, abs=1e-3)
    assert stats["last_runs"][0]["status"] == "finished"


def test_duplicate_clusters(store: Store) -> None:
    [cluster] = store.duplicate_clusters()
    assert cluster["original"]["url"] == EN_URL
    assert [(c["url"], c["site"], c["similarity"]) for c in cluster["copies"]] == [
        (COPY_URL, "aggregator.example", 1.0)
    ]


def test_sample_record_is_a_complete_original(store: Store) -> None:
    record = store.sample_record()
    assert record is not None and record["duplicate_of"] is None
    assert record["title"] and record["published_at"] and record["translations"]


def test_empty_store_answers_without_errors(tmp_path: Path) -> None:
    with Store(tmp_path / "empty.db") as store:
        assert store.sample_record() is None and store.duplicate_clusters() == []
        assert list(store.export()) == [] and store.search("anything") == []
        assert store.stats()["articles"] == 0


def test_query_runs_parameterized_sql(store: Store) -> None:
    columns, rows = store.query("SELECT url FROM articles WHERE language = ?", ["uk"])
    assert columns == ["url"] and rows == [(UK_URL,)]


@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO runs (spider, started_at) VALUES ('x', 'now')",
        "UPDATE articles SET title = 'hacked'",
        "DELETE FROM articles",
        "DROP TABLE articles",
        "CREATE TABLE evil (x)",
        "ATTACH DATABASE ':memory:' AS other",
        "PRAGMA query_only = 0",
        "PRAGMA user_version = 7",
        "PRAGMA journal_mode = DELETE",
        "VACUUM",
        "REINDEX",
        "SELECT 1; DELETE FROM articles",
    ],
)
def test_query_cannot_change_the_file(db_path: Path, sql: str) -> None:
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    with Store(db_path, readonly=True) as store:
        with pytest.raises(StoreError):
            store.query(sql)
        assert store.query("SELECT count(*) FROM articles")[1] == [(6,)]
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before


def test_query_is_read_only_on_a_writable_store_too(db_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    copy.write_bytes(db_path.read_bytes())
    with Store(copy) as store, pytest.raises(StoreError, match=r"readonly|not authorized"):
        store.query("DELETE FROM articles")
    check = sqlite3.connect(copy)
    try:
        assert check.execute("SELECT count(*) FROM articles").fetchone()[0] == 6
    finally:
        check.close()


@pytest.mark.parametrize(
    ("sql", "message"),
    [("SELECT nope FROM articles", "no such column: nope"),
     ("SELEC 1", "syntax error"), ("SELECT * FROM missing", "no such table: missing")],
)  # fmt: skip
def test_bad_query_carries_sqlites_message(store: Store, sql: str, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        store.query(sql)


def test_search_finds_a_word_whatever_apostrophe_the_site_used(tmp_path: Path) -> None:
    # Sites write "п'ятниця" with ASCII, U+2019 or U+02BC: a word typed with one missed
    # the others, and a bare word with an ASCII apostrophe was an FTS5 syntax error.
    sentence = "Рада зібралася у п{0}ятницю, щоб обговорити об{0}єкт біля порту номер {1}."
    with Store(tmp_path / "apostrophes.db") as store:
        for n, mark in enumerate(("'", "\u2019", "\u02bc")):
            body = " ".join(sentence.format(mark, i) for i in range(n * 10, n * 10 + 10))
            store.save(page(f"https://uk.example/news/{n}", f"Рада {n}", body, language="uk"))
        for typed in ("п'ятницю", "п\u2019ятницю", "п\u02bcятницю", '"у п\'ятницю"', "об'єкт*"):
            hits = store.search(typed, limit=10)
            assert sorted(h["url"] for h in hits) == [
                f"https://uk.example/news/{n}" for n in range(3)
            ], typed
        assert store.search('порту OR "п\'ятницю"', limit=10)  # operators still work
