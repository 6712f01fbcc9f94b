"""A process pool for extraction that one bad page cannot take down.

Scrapy's reactor is one thread; BeautifulSoup, langdetect and fingerprints are CPU work
that would stall downloading. `ExtractionPool` runs them in worker processes (one per core
by default) and awaits the result from asyncio. A page that hangs past the timeout, or a
worker that dies, gets the pool replaced: the page is reported as failed, the pages in
flight with it are retried once on the new pool, and the crawl goes on.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

logger = logging.getLogger(__name__)

T = TypeVar("T")


class ExtractionFailed(Exception):
    """A page could not be extracted: it timed out or killed its worker twice."""


def _warm_up() -> None:
    """Start a worker: Ctrl-C is the parent's to handle, and langdetect's profiles are
    loaded once per worker (700-850 ms, PERF-NOTES), not per page.

    Ctrl-C reaches the whole process group. A worker that took it died with a
    KeyboardInterrupt traceback in the middle of a page while the parent was shutting
    down gracefully, and an ingest hung for good in 2 of 4 tries (its executor waited on
    dead workers). Ignoring SIGINT here lets the parent finish the pages in flight and
    close the pool; SIGTERM and SIGKILL still end a worker.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from crawler.extraction import language

    language.detect_language("warm up the language profiles", None)


class ExtractionPool:
    """Runs a picklable function on a page in a worker process, or inline when workers < 0."""

    def __init__(self, workers: int = 0, timeout: float = 30.0) -> None:
        self.workers = workers if workers > 0 else (os.cpu_count() or 1)
        self.inline = workers < 0
        self.timeout = timeout
        self._executor: ProcessPoolExecutor | None = None
        self.replaced = 0
        self._slots: asyncio.Semaphore | None = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            # "spawn": the parent runs a Twisted reactor and an SQLite connection; forking
            # those into children is unsafe.
            context = multiprocessing.get_context("spawn")
            self._executor = ProcessPoolExecutor(
                self.workers, mp_context=context, initializer=_warm_up
            )
        return self._executor

    def _replace(self) -> None:
        """Kill every worker (a hung one never returns by itself) and start afresh."""
        executor, self._executor = self._executor, None
        self.replaced += 1
        if executor is None:
            return
        for process in list(getattr(executor, "_processes", {}).values()):
            process.kill()
        executor.shutdown(wait=False, cancel_futures=True)

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        if self.inline:
            return fn(*args)
        if self._slots is None:
            # At most two pages per worker in flight, so a page's timeout measures its own
            # work and not a long queue in front of it.
            self._slots = asyncio.Semaphore(self.workers * 2)
        async with self._slots:
            return await self._run(fn, *args)

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        pool = self._pool()
        future = asyncio.get_running_loop().run_in_executor(pool, fn, *args)
        try:
            return await asyncio.wait_for(future, self.timeout)
        except TimeoutError:
            logger.warning("extraction timed out after %.0fs; replacing workers", self.timeout)
            if pool is self._executor:
                self._replace()
            raise ExtractionFailed(f"extraction timed out after {self.timeout:.0f}s") from None
        except (BrokenProcessPool, asyncio.CancelledError):
            if pool is self._executor and not getattr(pool, "_broken", False):
                raise  # a genuine cancellation (shutdown), not a broken pool
            if pool is self._executor:
                self._replace()
        # A worker died with this page in flight, but any page in flight breaks with it:
        # retry it alone, in a process of its own, so only the culprit fails again.
        logger.warning("an extraction worker died; retrying the page in isolation")
        return await self._run_isolated(fn, *args)

    async def _run_isolated(self, fn: Callable[..., T], *args: Any) -> T:
        context = multiprocessing.get_context("spawn")
        executor = ProcessPoolExecutor(1, mp_context=context)
        try:
            future = asyncio.get_running_loop().run_in_executor(executor, fn, *args)
            return await asyncio.wait_for(future, self.timeout)
        except TimeoutError:
            raise ExtractionFailed(f"extraction timed out after {self.timeout:.0f}s") from None
        except BrokenProcessPool:
            raise ExtractionFailed("the page kills its extraction worker") from None
        finally:
            for process in list(getattr(executor, "_processes", {}).values()):
                process.kill()
            executor.shutdown(wait=True, cancel_futures=True)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
