"""The scheduler with a fast clock: real scheduling logic, simulated time and children."""

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from crawler.schedule import Scheduler
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
