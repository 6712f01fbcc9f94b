"""The sites file: which news sites to crawl, how often and how politely (TOML).

    [sites.example]
    start_urls = ["https://example.com/news/"]
    feeds = ["https://example.com/rss.xml"]
    schedule = "0 * * * *"          # cron: every hour
    allow = ['/news/\\d{4}/']         # article URL patterns (regular expressions)

Every error names the file, the site and the key, so a typo is a one-line fix.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from croniter import CroniterBadDateError, croniter

from crawler.extraction.language import known_language
from crawler.inputs import url_problem
from crawler.urls import site_of


class SitesError(ValueError):
    """The sites file is missing or wrong; the message says where."""


@dataclass(frozen=True, slots=True)
class SiteConfig:
    name: str
    start_urls: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    allowed_domains: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()
    schedule: str | None = None
    max_pages: int = 0  # 0: no limit beyond the crawl's own
    max_depth: int = 5
    delay: float = 0.0
    concurrency: int = 4
    language: str | None = None
    profile: dict[str, Any] = field(default_factory=dict)
    recheck_days: float | None = None

    def domains(self) -> tuple[str, ...]:
        if self.allowed_domains:
            return self.allowed_domains
        urls = self.start_urls + self.feeds + self.sitemaps
        return tuple(sorted({site_of(u) for u in urls}))

    def next_run(self, after: datetime) -> datetime | None:
        if not self.schedule:
            return None
        result: datetime = croniter(self.schedule, after).get_next(datetime)
        return result

    def wants(self, url: str) -> bool:
        """Whether a URL may be an article of this site by its allow/deny patterns."""
        if any(re.search(p, url) for p in self.deny):
            return False
        return not self.allow or any(re.search(p, url) for p in self.allow)


_TYPES: dict[str, type | tuple[type, ...]] = {
    "start_urls": list,
    "feeds": list,
    "sitemaps": list,
    "allowed_domains": list,
    "allow": list,
    "deny": list,
    "schedule": str,
    "max_pages": int,
    "max_depth": int,
    "delay": (int, float),
    "concurrency": int,
    "language": str,
    "profile": dict,
    "recheck_days": (int, float),
}
_URL_KEYS = ("start_urls", "feeds", "sitemaps")


def ad_hoc(urls: list[str], name: str | None = None) -> SiteConfig:
    """A site made of start URLs given on the command line."""
    return SiteConfig(name=name or site_of(urls[0]), start_urls=tuple(urls))


def load_sites(path: str | Path) -> dict[str, SiteConfig]:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SitesError(f"{path}: no such sites file") from None
    except UnicodeDecodeError as error:
        raise SitesError(f"{path}: not UTF-8 text (TOML files are UTF-8): {error}") from None
    except OSError as error:
        raise SitesError(f"{path}: cannot read: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise SitesError(f"{path}: not valid TOML: {error}") from None
    sites = data.get("sites")
    if not isinstance(sites, dict) or not sites:
        raise SitesError(f"{path}: no [sites.NAME] tables")
    return {name: _site(path, name, table) for name, table in sites.items()}


def _site(path: Path, name: str, table: Any) -> SiteConfig:
    where = f"{path}: site {name!r}"
    if not isinstance(table, dict):
        raise SitesError(f"{where}: must be a table")
    for key, value in table.items():
        if key not in _TYPES:
            raise SitesError(f"{where}: unknown key {key!r}")
        if not isinstance(value, _TYPES[key]) or isinstance(value, bool):
            raise SitesError(f"{where}: key {key!r} has the wrong type")
    _check_values(where, table)
    values: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in table.items()}
    if "language" in values:
        values["language"] = known_language(values["language"])  # "ukr", "EN" -> "uk", "en"
    return SiteConfig(name=name, **values)


def _check_values(where: str, table: dict[str, Any]) -> None:
    if not (table.get("start_urls") or table.get("feeds") or table.get("sitemaps")):
        raise SitesError(f"{where}: key 'start_urls' (or feeds/sitemaps) is required")
    for key in _URL_KEYS:
        for url in table.get(key, []):
            problem = (
                url_problem(url, allow_private=True)
                if isinstance(url, str)
                else f"not an http(s) URL: {url!r}"
            )
            if problem:
                raise SitesError(f"{where}: key {key!r}: {problem}")
    for key in ("allow", "deny"):
        for pattern in table.get(key, []):
            try:
                re.compile(pattern)
            except (re.error, TypeError) as error:
                message = f"{where}: key {key!r}: bad pattern {pattern!r}: {error}"
                raise SitesError(message) from None
    schedule = table.get("schedule")
    if schedule is not None and not croniter.is_valid(schedule):
        raise SitesError(f"{where}: key 'schedule': not a cron expression: {schedule!r}")
    if schedule is not None and not _fires(schedule):
        raise SitesError(f"{where}: key 'schedule': {schedule!r} never fires (no such date)")
    for key in ("max_pages", "max_depth", "concurrency", "delay", "recheck_days"):
        if key in table and table[key] < 0:
            raise SitesError(f"{where}: key {key!r} must not be negative")
    if table.get("concurrency") == 0:
        # a download slot of concurrency 0 never sends a request: the crawl would hang
        raise SitesError(f"{where}: key 'concurrency' must be at least 1")
    language = table.get("language")
    if language is not None and known_language(language) is None:
        raise SitesError(f"{where}: key 'language': not a language code: {language!r}")


def _fires(schedule: str) -> bool:
    """Whether a valid cron expression has a next time ("0 0 30 2 *" has none: croniter
    gives up after searching years ahead, with an exception)."""
    try:
        croniter(schedule, datetime(2000, 1, 1)).get_next(datetime)
    except CroniterBadDateError:
        return False
    return True
