"""The scheduler with a fast clock: real scheduling logic, simulated time and children."""

import itertools
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from crawler.schedule import Scheduler, sites_file_reloader
from crawler.sites import SiteConfig

START = datetime(2026, 3, 2, 9, 58, tzinfo=UTC)


class FastClock:
    def __init__(self, now: datetime) -> None:
        self.current = now

    def now(self) -> datetime:
        return self.current

    def sleep(self, seconds: float) -> None:
        self.current += timedelta(seconds=seconds)


@dataclass
class Child:
    """A crawl that takes `duration` of simulated time, or crashes at the end."""

    clock: FastClock
    ends: datetime
    code: int

    def poll(self) -> int | None:
        return self.code if self.clock.now() >= self.ends else None


@dataclass
class Launches:
    clock: FastClock
    durations: dict[str, timedelta]
    crash: set[str] = field(default_factory=set)
    log: list[tuple[str, datetime, datetime]] = field(default_factory=list)

    def __call__(self, name: str) -> Child:
        now = self.clock.now()
        ends = now + self.durations[name]
        self.log.append((name, now, ends))
        return Child(self.clock, ends, 1 if name in self.crash else 0)


def site(name: str, schedule: str) -> SiteConfig:
    return SiteConfig(name=name, start_urls=(f"https://{name}.example.org/",), schedule=schedule)


def test_sites_run_at_their_due_times_without_overlap() -> None:
    clock = FastClock(START)
    sites = {"hourly": site("hourly", "0 * * * *"), "quarter": site("quarter", "*/15 * * * *")}
    launches = Launches(clock, {"hourly": timedelta(minutes=5), "quarter": timedelta(minutes=2)})
    scheduler = Scheduler(sites, launches, clock)
    scheduler.run(until=START + timedelta(hours=2))

    starts = {name: [s for n, s, _ in launches.log if n == name] for name in sites}
    assert [t.strftime("%H:%M") for t in starts["hourly"]] == ["10:00", "11:00"]
    assert [t.strftime("%H:%M") for t in starts["quarter"]] == [
        "10:00",
        "10:15",
        "10:30",
        "10:45",
        "11:00",
        "11:15",
        "11:30",
        "11:45",
    ]
    for name in sites:
        runs = sorted((s, e) for n, s, e in launches.log if n == name)
        for (_, end), (next_start, _) in itertools.pairwise(runs):
            assert next_start >= end, f"two crawls of {name} overlapped"


def test_a_long_crawl_is_not_started_twice_and_a_crash_does_not_stop_the_scheduler() -> None:
    clock = FastClock(START)
    sites = {"slow": site("slow", "*/10 * * * *"), "crashy": site("crashy", "*/10 * * * *")}
    durations = {"slow": timedelta(minutes=25), "crashy": timedelta(minutes=1)}
    launches = Launches(clock, durations, crash={"crashy"})
    scheduler = Scheduler(sites, launches, clock)
    scheduler.run(until=START + timedelta(minutes=65))

    slow = [s.strftime("%H:%M") for n, s, _ in launches.log if n == "slow"]
    assert slow == ["10:00", "10:30", "11:00"]  # 10:10 and 10:20 fell inside the first run
    crashy = [
        n for n, event, _ in scheduler.history if n == "crashy" and event.startswith("failed")
    ]
    assert len(crashy) == 7  # it crashed every time and was started again every time


def test_an_edited_sites_file_is_scheduled_without_a_restart() -> None:
    # The scheduler kept starting a site removed from the file (which then failed every
    # time) and never started one added to it.
    clock = FastClock(START)
    before = {"herald": site("herald", "*/10 * * * *"), "daily": site("daily", "0 * * * *")}
    after = {"daily": site("daily", "0 * * * *"), "late": site("late", "*/5 * * * *")}
    edited_at = START + timedelta(minutes=24)  # 10:22

    def reload() -> dict[str, SiteConfig] | None:
        if clock.now() >= edited_at and scheduler.sites is before:
            return after
        return None

    launches = Launches(clock, {"herald": timedelta(minutes=1), "daily": timedelta(minutes=1),
                                "late": timedelta(minutes=1)})  # fmt: skip
    scheduler = Scheduler(before, launches, clock, reload=reload)
    scheduler.run(until=START + timedelta(minutes=63))

    starts = {name: [s.strftime("%H:%M") for n, s, _ in launches.log if n == name]
              for name in ("herald", "daily", "late")}  # fmt: skip
    assert starts["herald"] == ["10:00", "10:10", "10:20"]
    assert starts["late"] == ["10:25", "10:30", "10:35", "10:40", "10:45", "10:50", "10:55",
                              "11:00"]  # fmt: skip
    assert starts["daily"] == ["10:00", "11:00"]  # unchanged schedule, unchanged due time


def test_the_reloader_reads_a_changed_file_and_keeps_the_sites_when_it_breaks(
    tmp_path: Path,
) -> None:
    path = tmp_path / "sites.toml"
    path.write_text('[sites.a]\nstart_urls = ["https://a.org/"]\nschedule = "0 * * * *"\n')
    reload = sites_file_reloader(str(path))
    assert reload() is None  # unchanged since the reloader was made
    added = '[sites.b]\nstart_urls = ["https://b.org/"]\nschedule = "*/5 * * * *"\n'
    path.write_text(path.read_text() + added + '[sites.c]\nstart_urls = ["https://c.org/"]\n')
    os.utime(path, ns=(1, 10**18))
    changed = reload()
    assert changed is not None and sorted(changed) == ["a", "b"]  # c has no schedule
    assert reload() is None
    path.write_text("[sites.a\n")
    os.utime(path, ns=(1, 2 * 10**18))
    assert reload() is None  # logged; the scheduler keeps what it had
