"""The near-duplicate index: only originals are posted, it follows promotions and updates,
a batch finds copies of its own articles, and old stores are indexed when migrated."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from sqlite_utils import Database
from test_store import item

from crawler.fingerprints import SIGNATURE_SIZE, near_print, shingle_hashes
from storage import Store, dedup
from storage.schema import migrations

WORDS = (
    "council", "budget", "river", "bridge", "school", "teachers", "hospital", "doctors",
    "farmers", "harvest", "railway", "station", "minister", "parliament", "court", "judge",
    "election", "voters", "museum", "festival", "weather", "storm", "energy", "prices",
    "factory", "workers", "port", "ships", "airport", "flights", "market", "traders", "bank",
    "loans",
)  # fmt: skip


def story(seed: int, words: int = 160) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(words)) + "."


def edited(text: str, share: float, seed: int) -> str:
    rng = random.Random(seed)
    words = text.split(" ")
    for i in rng.sample(range(len(words)), int(len(words) * share)):
        words[i] = "changed"
    return " ".join(words)


def posted(store: Store) -> dict[int, int]:
    """article id -> how many sketch values post it."""
    rows = store.conn.execute("SELECT article_id, count(*) FROM sketch_keys GROUP BY article_id")
    return dict(rows.fetchall())


def signed(store: Store) -> set[int]:
    return {r[0] for r in store.conn.execute("SELECT article_id FROM signatures")}


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Store(tmp_path / "index.db") as opened:
        yield opened


def test_only_originals_are_indexed_and_a_copy_finds_its_original(store: Store) -> None:
    body = story(1)
    first = store.save(item("https://example.com/a", body))
    copy = store.save(item("https://other.example/a", edited(body, 0.05, 2)))
    other = store.save(item("https://example.com/b", story(3)))
    assert copy.status == "near_duplicate" and copy.duplicate_of_url == "https://example.com/a"
    assert set(posted(store)) == signed(store) == {first.article_id, other.article_id}
    assert all(0 < n <= dedup.KEEP for n in posted(store).values())


def test_a_promoted_original_takes_the_index_from_the_demoted_one(store: Store) -> None:
    body = story(4)
    later = item("https://example.com/late", body)
    later.extraction.published_at = "2024-05-02T10:00:00+00:00"  # type: ignore[union-attr]
    earlier = item("https://other.example/early", edited(body, 0.05, 5))
    earlier.extraction.published_at = "2024-05-01T10:00:00+00:00"  # type: ignore[union-attr]
    first = store.save(later)
    second = store.save(earlier)
    assert second.status == "new"  # published first: it is the original now
    assert set(posted(store)) == signed(store) == {second.article_id}
    third = store.save(item("https://third.example/c", edited(body, 0.05, 6)))
    assert third.status == "near_duplicate"
    assert third.duplicate_of_url == "https://other.example/early"
    assert first.article_id not in signed(store)


def test_an_updated_original_is_reindexed_by_its_new_text(store: Store) -> None:
    first = store.save(item("https://example.com/a", story(7)))
    before = store.conn.execute("SELECT keys FROM signatures").fetchone()[0]
    updated = store.save(item("https://example.com/a", story(8), fetched_at="2024-01-02"))
    assert updated.status == "updated"
    after = store.conn.execute("SELECT keys FROM signatures").fetchone()[0]
    assert before != after and set(posted(store)) == {first.article_id}
    old_copy = store.save(item("https://other.example/x", edited(story(7), 0.05, 9)))
    assert old_copy.status == "new"  # the old text is not indexed any more


def test_a_batch_finds_copies_of_its_own_articles_and_of_stored_ones(store: Store) -> None:
    stored = story(10)
    store.save(item("https://example.com/stored", stored))
    fresh = story(11)
    outcomes = store.save_many(
        [
            item("https://example.com/fresh", fresh),
            item("https://copy.example/fresh", edited(fresh, 0.05, 12)),
            item("https://copy.example/stored", edited(stored, 0.05, 13)),
            item("https://exact.example/fresh", fresh),
        ]
    )
    assert [o.status for o in outcomes] == ["new", "near_duplicate", "near_duplicate", "duplicate"]
    assert outcomes[1].duplicate_of_url == "https://example.com/fresh"
    assert outcomes[2].duplicate_of_url == "https://example.com/stored"


def test_a_batch_writes_the_same_index_as_saves_one_at_a_time(tmp_path: Path) -> None:
    # the batch keeps in memory only the postings a later article of it can ask for;
    # every posting is still written, the same as by saves one at a time
    bodies = [story(20), story(21), story(22)]
    pages = [
        ("https://example.com/a", bodies[0]),
        ("https://example.com/b", bodies[1]),
        ("https://copy.example/a", edited(bodies[0], 0.05, 23)),
        ("https://example.com/c", bodies[2]),
        ("https://copy.example/c", edited(bodies[2], 0.05, 24)),
    ]
    tables = []
    for name, batched in (("batch.db", True), ("single.db", False)):
        with Store(tmp_path / name) as store:
            items = [item(url, body) for url, body in pages]
            statuses = (
                [o.status for o in store.save_many(items)]
                if batched
                else [store.save(i).status for i in items]
            )
            rows = store.conn.execute("SELECT key, article_id FROM sketch_keys ORDER BY 1, 2")
            keys = store.conn.execute("SELECT article_id, keys FROM signatures ORDER BY 1")
            tables.append((statuses, rows.fetchall(), keys.fetchall()))
    assert tables[0] == tables[1]
    assert tables[0][0] == ["new", "new", "near_duplicate", "new", "near_duplicate"]
    assert len(tables[0][1]) == 3 * dedup.KEEP


def test_common_values_are_neither_candidates_nor_extended() -> None:
    sketch = [1, 2, 3]
    postings = [(1, 10), (1, 11), (1, 12), (1, 13), (2, 10), (3, 14)]
    rare, shared = dedup._rare(sketch, postings)
    assert rare == [2, 3]  # 1 already has COMMON_POSTINGS postings
    assert shared == {10: 1, 14: 1}


def test_dedup_off_writes_no_index(tmp_path: Path) -> None:
    with Store(tmp_path / "off.db", dedup=False) as store:
        store.save(item("https://example.com/a", story(14)))
        store.save(item("https://other.example/a", story(14)))
        assert posted(store) == {} and signed(store) == set()


def test_similar_verifies_what_the_look_up_finds(store: Store) -> None:
    body = story(15)
    saved = store.save(item("https://example.com/a", body))
    found = store.similar(near_print(edited(body, 0.10, 16)), "en")
    assert [a for a, _ in found] == [saved.article_id] and 0.25 <= found[0][1] < 1.0
    assert store.similar(near_print(edited(body, 0.10, 16)), "uk") == []
    assert store.similar(near_print(story(17)), "en") == []


def test_a_store_made_before_the_sketch_index_is_indexed_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = Database(path)
    migrations().apply(db, stop_before="0008_sketch_index")
    body = story(18)
    db.conn.execute(
        "INSERT INTO articles (url, site, body, language, simhash, band0, first_seen_at)"
        " VALUES ('https://example.com/old', 'example.com', ?, 'en', 5, 5, '2024-01-01')",
        (body,),
    )
    db.conn.execute(
        "INSERT INTO articles (url, site, body, language, first_seen_at)"
        " VALUES ('https://example.com/other', 'example.com', ?, 'en', '2024-01-01')",
        (story(20),),
    )
    db.conn.commit()
    db.conn.close()
    with Store(path) as store:
        columns = {c.name for c in store.db.table("articles").columns}
        assert not columns & {"simhash", "band0", "band1", "band2", "band3"}
        assert "passages" not in store.db.table_names()
        assert set(posted(store)) == signed(store) == {1, 2}
        assert dedup.index_stored_originals(store.conn, chunk=1) == 2  # idempotent
        store.conn.commit()  # the migration's own transaction does this on open
        assert set(posted(store)) == signed(store) == {1, 2}
        copy = store.save(item("https://other.example/old", edited(body, 0.05, 19)))
    assert copy.status == "near_duplicate" and copy.duplicate_of_url == "https://example.com/old"


def test_signatures_stored_whole_are_cut_to_the_signature_size(tmp_path: Path) -> None:
    path = tmp_path / "whole.db"
    db = Database(path)
    migrations().apply(db, stop_before="0009_short_signatures")
    body = story(21, words=400)
    whole = shingle_hashes(body)
    assert len(whole) > SIGNATURE_SIZE
    db.conn.execute(
        "INSERT INTO articles (id, url, site, body, language, first_seen_at)"
        " VALUES (1, 'https://example.com/whole', 'example.com', ?, 'en', '2024-01-01')",
        (body,),
    )
    dedup.index_original(db.conn, 1, "en", near_print(body), near_print(body).sketch[:6])
    db.conn.execute("UPDATE signatures SET shingles = ?", (whole.tobytes(),))  # as 0008 kept it
    db.conn.commit()
    db.conn.close()
    with Store(path) as store:
        (kept,) = store.conn.execute("SELECT shingles FROM signatures").fetchone()
        assert kept == whole[:SIGNATURE_SIZE].tobytes() == near_print(body).shingles
        copy = store.save(item("https://other.example/whole", edited(body, 0.05, 22)))
    assert copy.status == "near_duplicate" and copy.duplicate_of_url == "https://example.com/whole"
