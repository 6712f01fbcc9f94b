"""`newscrawl crawl`: start URLs or configured sites, with each site's politeness."""

from __future__ import annotations

import shutil
import subprocess
import sys
from typing import Any

from crawler.ingest import is_url
from crawler.inputs import url_problem
from crawler.sites import SiteConfig, ad_hoc, load_sites


class CrawlFailed(Exception):
    """A crawl ran but did not do its job: a site crawl failed, or nothing answered."""


def crawl_command(
    name: str, db_path: str, sites_file: str, workers: int = 0, overrides: list[str] | None = None
) -> list[str]:
    """`newscrawl crawl NAME` as a child process: one site, one reactor, its own lock."""
    command = [sys.executable, "-m", "crawler", "crawl", name, "--db", db_path,
               "--sites", sites_file, "--workers", str(workers)]  # fmt: skip
    for pair in overrides or []:
        command += ["-s", pair]
    return command


def parse_overrides(pairs: list[str]) -> dict[str, str]:
    """`-s NAME=VALUE` pairs, as `scrapy crawl -s` takes them.

    A value for a setting whose default is a number or a flag must read as one: Scrapy
    converts it only when a component starts, and `-s CLOSESPIDER_PAGECOUNT=abc` gave two
    tracebacks, a crawl of nothing and exit 0.
    """
    from crawler.runner import project_settings

    defaults = project_settings()
    settings: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise ValueError(f"-s takes NAME=VALUE, got {pair!r}")
        if (kind := _kind_of(defaults.get(name))) is not None and not _reads_as(value, kind):
            raise ValueError(f"-s {name}: {value!r} is not {kind}")
        settings[name] = value
    return settings


def _kind_of(default: object) -> str | None:
    if isinstance(default, bool):
        return "a flag (1/0, true/false)"
    # Scrapy reads some integer defaults as floats (DOWNLOAD_TIMEOUT = 7.5 is fine)
    return "a number" if isinstance(default, int | float) else None


def _reads_as(value: str, kind: str) -> bool:
    if kind.startswith("a flag"):
        return value.strip().lower() in ("0", "1", "true", "false")
    try:
        float(value)
    except ValueError:
        return False
    return True


def site_settings(config: SiteConfig, db_path: str, workers: int) -> dict[str, Any]:
    """Scrapy settings for one site: its politeness, limits, and a resumable job dir."""
    slots = {
        domain: {"concurrency": config.concurrency, "delay": config.delay}
        for domain in config.domains()
    }
    settings: dict[str, Any] = {
        "NEWSCRAWL_DB": db_path,
        "NEWSCRAWL_WORKERS": workers,
        "DOWNLOAD_SLOTS": slots,
        "DEPTH_LIMIT": config.max_depth,
        "CLOSESPIDER_PAGECOUNT": config.max_pages,
    }
    if config.recheck_days is not None:
        settings["NEWSCRAWL_RECHECK_DAYS"] = config.recheck_days
    return settings


def crawl_targets(
    targets: list[str], db_path: str, sites_file: str, workers: int, overrides: list[str]
) -> dict[str, Any]:
    """Crawl URLs (as one ad-hoc site) or configured sites; return the crawl stats.

    Several configured sites run one after another, each in its own process, because
    Scrapy's reactor starts once per process and each site keeps its own job dir.
    """
    extra = parse_overrides(overrides)
    if all(is_url(t) for t in targets):
        for url in targets:
            if problem := url_problem(url, allow_private=True):
                raise ValueError(problem)
        return crawl_site(ad_hoc(targets), db_path, workers, extra)
    if any(is_url(t) for t in targets):
        raise ValueError("give either URLs or site names, not both")
    sites = load_sites(sites_file)
    unknown = [t for t in targets if t not in sites]
    if unknown:
        raise ValueError(f"{sites_file}: no site named {', '.join(map(repr, unknown))}")
    if len(targets) == 1:
        return crawl_site(sites[targets[0]], db_path, workers, extra, jobdir=True)
    # one site's failure must not stop the others; it is reported once all have run
    failed = [
        name
        for name in targets
        if subprocess.run(crawl_command(name, db_path, sites_file, workers, overrides)).returncode
    ]
    if failed:
        raise CrawlFailed(f"the crawl of {', '.join(failed)} failed (see the log above)")
    return {}


def crawl_site(
    config: SiteConfig, db_path: str, workers: int, extra: dict[str, str], jobdir: bool = False
) -> dict[str, Any]:
    from crawler.runner import run_spider
    from spiders.site import SiteSpider

    settings = site_settings(config, db_path, workers)
    if jobdir:
        # A killed crawl of a configured site resumes from here (Scrapy's JOBDIR).
        settings["JOBDIR"] = f"{db_path}.jobs/{config.name}"
        settings["NEWSCRAWL_SITE_LOCK"] = True
    settings.update(extra)
    stats = run_spider(SiteSpider, settings, config=config)
    if jobdir and ended(stats.get("finish_reason")):
        shutil.rmtree(settings["JOBDIR"], ignore_errors=True)
    return stats


def ended(finish_reason: object) -> bool:
    """Whether a crawl ran to its end (all done, or a page or time limit), so that its job
    dir has nothing left to resume.

    Scrapy's JOBDIR is for pausing and resuming one crawl: its dupefilter remembers every
    request, start URLs and feeds included. Kept after a crawl that ended, it made every
    later crawl of the site filter its own entry points and fetch nothing. A crawl stopped
    by Ctrl-C or SIGTERM ("shutdown"), or by a store failure, keeps it and resumes; one
    refused by the site lock ("site_locked") leaves the running crawl's job dir alone.
    """
    return finish_reason == "finished" or str(finish_reason).startswith("closespider_")
