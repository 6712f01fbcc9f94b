"""What the reliability tests actually did, collected for the session-end summary.

Test infrastructure, not product state: the tests add what they tried and what they
measured, and `conftest.pytest_terminal_summary` prints it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Figures:
    faults_tried: set[str] = field(default_factory=set)
    faults_passed: set[str] = field(default_factory=set)
    sigkill_runs: int = 0
    corrupt_databases: int = 0
    records_lost_after_kill: int = 0
    graceful_stops: int = 0
    records_lost_on_stop: int = 0
    concurrent_runs: int = 0
    concurrent_records_lost: int = 0
    fuzz_examples: dict[str, int] = field(default_factory=dict)
    fuzz_exceptions: int = 0

    def fault(self, kind: str, passed: bool) -> None:
        self.faults_tried.add(kind)
        if passed:
            self.faults_passed.add(kind)

    def lines(self) -> list[str]:
        fuzz = sum(self.fuzz_examples.values())
        per_target = ", ".join(f"{k} {v}" for k, v in sorted(self.fuzz_examples.items()))
        failed = sorted(self.faults_tried - self.faults_passed)
        return [
            f"fault kinds tried: {len(self.faults_tried)}, passed: {len(self.faults_passed)}"
            + (f" (failed: {', '.join(failed)})" if failed else ""),
            f"SIGKILL runs: {self.sigkill_runs}, corrupt databases: {self.corrupt_databases},"
            f" records lost: {self.records_lost_after_kill}",
            f"SIGINT/SIGTERM stops: {self.graceful_stops},"
            f" extracted records lost: {self.records_lost_on_stop}",
            f"concurrent-writer runs: {self.concurrent_runs},"
            f" records lost: {self.concurrent_records_lost}",
            f"fuzz examples run: {fuzz} ({per_target}), exceptions: {self.fuzz_exceptions}",
        ]


FIGURES = Figures()


@contextmanager
def proving(kind: str) -> Iterator[None]:
    """Record a fault kind as tried, and as passed if the block finishes."""
    FIGURES.fault(kind, passed=False)
    yield
    FIGURES.fault(kind, passed=True)
