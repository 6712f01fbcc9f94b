"""Site locks in the store: never two crawls of one site at once.

A lock is a row (name, owner, expires_at). Taking it is one write transaction that
succeeds when the row is absent or expired, so two processes racing for it cannot both
win (SQLite serializes writers). A crashed crawl's lock expires instead of blocking the
site forever; a live crawl keeps it by taking it again before it expires.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storage.rows import Transaction


class LockMixin:
    conn: sqlite3.Connection

    def _write(self) -> Transaction:  # provided by Store
        raise NotImplementedError

    def try_lock(self, name: str, owner: str, ttl_s: float) -> bool:
        """Take (or renew) lock `name` for `owner`; False when someone else holds it."""
        now = datetime.now(UTC)
        expires = (now + timedelta(seconds=ttl_s)).isoformat(timespec="seconds")
        with self._write():
            cursor = self.conn.execute(
                "INSERT INTO locks (name, owner, expires_at) VALUES (?, ?, ?)"
                " ON CONFLICT(name) DO UPDATE SET owner = excluded.owner,"
                " expires_at = excluded.expires_at"
                " WHERE locks.owner = excluded.owner OR locks.expires_at < ?",
                (name, owner, expires, now.isoformat(timespec="seconds")),
            )
        return cursor.rowcount == 1

    def unlock(self, name: str, owner: str) -> None:
        with self._write():
            self.conn.execute("DELETE FROM locks WHERE name = ? AND owner = ?", (name, owner))

    def lock_holder(self, name: str) -> str | None:
        row = self.conn.execute(
            "SELECT owner FROM locks WHERE name = ? AND expires_at >= ?",
            (name, datetime.now(UTC).isoformat(timespec="seconds")),
        ).fetchone()
        return str(row[0]) if row else None
