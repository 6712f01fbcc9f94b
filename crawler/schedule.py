"""`newscrawl schedule`: run each configured site when its cron schedule says so.

A long-running loop (croniter computes due times). Each crawl runs as a child process,
`newscrawl crawl SITE`, so a crawl that crashes or leaks cannot take the scheduler down,
and Scrapy's reactor starts fresh every time. The child takes the site's lock in the
store, so two crawls of one site never overlap, even from two schedulers or a manual
`newscrawl crawl SITE` at the same moment.

The sites file is read again when it changes (as cron reads an edited crontab): a site
added or given a new schedule is due from then on, a removed one is no longer started.
A file that no longer loads is logged and the sites stay as they were.
"""

from __future__ import annotations

import logging
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from crawler.sites import SiteConfig, SitesError, load_sites

logger = logging.getLogger(__name__)

# How often a running scheduler looks at its children and the clock. Cron's resolution is
# one minute; a few seconds of latency is invisible in it and costs nothing.
TICK_SECONDS = 5.0


class Clock(Protocol):
    def now(self) -> datetime: ...
    def sleep(self, seconds: float) -> None: ...


class WallClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class Handle(Protocol):
    def poll(self) -> int | None: ...


Launcher = Callable[[str], Handle]


def subprocess_launcher(db_path: str, sites_file: str) -> Launcher:
    from crawler.crawling import crawl_command

    def launch(name: str) -> Handle:
        return subprocess.Popen(crawl_command(name, db_path, sites_file))

    return launch


# Returns the scheduled sites when they changed since the last call, else None.
Reloader = Callable[[], dict[str, SiteConfig] | None]


def scheduled_sites(path: str) -> dict[str, SiteConfig]:
    """The sites of a sites file that have a schedule (SitesError if it does not load)."""
    return {name: site for name, site in load_sites(path).items() if site.schedule}


def sites_file_reloader(path: str) -> Reloader:
    """Reads the sites file again whenever its modification time or size changes."""

    def stamp() -> tuple[int, int] | None:
        try:
            stat = Path(path).stat()
        except OSError:
            return None
        return stat.st_mtime_ns, stat.st_size

    last = stamp()

    def reload() -> dict[str, SiteConfig] | None:
        nonlocal last
        current = stamp()
        if current == last:
            return None
        last = current
        try:
            sites = scheduled_sites(path)
        except SitesError as error:
            logger.error("%s; the sites stay as they were", error)
            return None
        logger.info("%s changed; scheduled sites: %s", path, ", ".join(sites) or "none")
        return sites

    return reload


@dataclass
class Scheduler:
    sites: dict[str, SiteConfig]
    launch: Launcher
    clock: Clock = field(default_factory=WallClock)
    reload: Reloader | None = None
    running: dict[str, Handle] = field(default_factory=dict)
    next_due: dict[str, datetime] = field(default_factory=dict)
    history: list[tuple[str, str, datetime]] = field(default_factory=list)

    def __post_init__(self) -> None:
        now = self.clock.now()
        for name, site in self.sites.items():
            due = site.next_run(now)
            if due is not None:
                self.next_due[name] = due

    def use(self, sites: dict[str, SiteConfig]) -> None:
        """Schedule these sites from now on. A site whose schedule is unchanged keeps its
        due time; a removed site is not started again (a crawl of it that is running
        ends on its own)."""
        now = self.clock.now()
        for name in set(self.next_due) - set(sites):
            del self.next_due[name]
        for name, site in sites.items():
            old = self.sites.get(name)
            if old is not None and old.schedule == site.schedule and name in self.next_due:
                continue
            due = site.next_run(now)
            if due is not None:
                self.next_due[name] = due
        self.sites = sites

    def tick(self) -> None:
        """Reap finished crawls, then start every site that is due and not running."""
        if self.reload is not None and (changed := self.reload()) is not None:
            self.use(changed)
        now = self.clock.now()
        for name, handle in list(self.running.items()):
            code = handle.poll()
            if code is not None:
                del self.running[name]
                self.history.append((name, "finished" if code == 0 else f"failed ({code})", now))
                log = logger.info if code == 0 else logger.error
                log("crawl of %s ended with exit code %s", name, code)
        for name, due in sorted(self.next_due.items(), key=lambda kv: kv[1]):
            if due > now:
                continue
            if name in self.running:
                logger.warning("%s is due but its last crawl is still running; skipping", name)
            else:
                logger.info("starting crawl of %s (due %s)", name, due.isoformat())
                self.running[name] = self.launch(name)
                self.history.append((name, "started", now))
            self.next_due[name] = self.sites[name].next_run(now) or due

    def run(self, until: datetime | None = None) -> None:
        while until is None or self.clock.now() < until:
            self.tick()
            self.clock.sleep(TICK_SECONDS)
