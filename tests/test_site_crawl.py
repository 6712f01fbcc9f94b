"""`newscrawl crawl SITE`: a configured site, its lock in the store, and `sites`."""

from __future__ import annotations

from pathlib import Path

from cli_support import newscrawl

from crawler.demo.server import DemoSite
from storage import Store


def sites_file(tmp_path: Path, base_url: str) -> Path:
    path = tmp_path / "sites.toml"
    path.write_text(
        f'[sites.demo]\nstart_urls = ["{base_url}/en/"]\nschedule = "*/30 * * * *"\n'
        f"allow = ['/en/']\nmax_depth = 3\nconcurrency = 4\n",
        encoding="utf-8",
    )
    return path


def test_a_locked_site_is_not_crawled_twice_and_the_lock_is_released(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    with DemoSite() as site:
        sites = sites_file(tmp_path, site.base_url)
        with Store(db) as store:
            assert store.try_lock("site:demo", "other-host:4242", 600)
        refused = newscrawl("crawl", "demo", "--sites", str(sites), "--db", str(db))
        assert refused.returncode == 1
        assert "being crawled by other-host:4242" in refused.stderr
        assert not [r for r in site.request_log if r[1].startswith("/en/") and r[2] == 200]

        with Store(db) as store:
            store.unlock("site:demo", "other-host:4242")
        done = newscrawl("crawl", "demo", "--sites", str(sites), "--db", str(db))
        assert done.returncode == 0, done.stderr[-2000:]
    with Store(db, readonly=True) as store:
        assert store.lock_holder("site:demo") is None
        (run,) = [r for r in store.runs() if r["status"] == "finished"]
        assert run["site"] == "demo"
        assert run["stats"]["newscrawl/new"] >= 10
    # the crawl ended: nothing to resume, and a kept dupefilter would block the next crawl
    assert not (tmp_path / "news.db.jobs" / "demo").exists()


def test_every_crawl_of_a_configured_site_finds_what_is_new(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    with DemoSite() as site:
        sites = sites_file(tmp_path, site.base_url)
        first = newscrawl("crawl", "demo", "--sites", str(sites), "--db", str(db))
        assert first.returncode == 0, first.stderr[-2000:]
        site.set_state(2)  # two articles added, one updated, one removed
        site.request_log.clear()
        second = newscrawl("crawl", "demo", "--sites", str(sites), "--db", str(db))
        assert second.returncode == 0, second.stderr[-2000:]
        assert any(path.startswith("/en/") for _, path, _ in site.request_log)
    with Store(db, readonly=True) as store:
        last = next(r for r in store.runs() if r["status"] == "finished")
        assert last["stats"]["newscrawl/new"] >= 1, last["stats"]


def test_sites_lists_the_next_run_and_bad_files_are_one_line_errors(tmp_path: Path) -> None:
    sites = sites_file(tmp_path, "http://news.example.org")
    listed = newscrawl("sites", "--sites", str(sites))
    assert listed.returncode == 0
    assert "demo" in listed.stdout and "*/30 * * * *" in listed.stdout
    broken = tmp_path / "broken.toml"
    broken.write_text('[sites.x]\nstart_urls = ["https://a.org/"]\nevery = 1\n', encoding="utf-8")
    failed = newscrawl("sites", "--sites", str(broken))
    assert failed.returncode == 1
    assert failed.stderr.strip().splitlines() == [f"Error: {broken}: site 'x': unknown key 'every'"]
    unknown = newscrawl("crawl", "nosuch", "--sites", str(sites), "--db", str(tmp_path / "x.db"))
    assert unknown.returncode == 1 and "no site named 'nosuch'" in unknown.stderr


def test_crawl_reads_the_sites_file_named_by_newscrawl_sites(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from crawler.cli import cli

    sites = sites_file(tmp_path, "http://news.example.org")
    result = CliRunner().invoke(
        cli,
        ["crawl", "nosuch", "--db", str(tmp_path / "x.db")],
        env={"NEWSCRAWL_SITES": str(sites)},
    )
    assert result.exit_code == 1
    assert f"{sites}: no site named 'nosuch'" in result.stderr
