"""Times as ISO 8601 strings, the one form the store and the records use."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def parse_when(value: str | None) -> datetime | None:
    """An ISO 8601, W3C (sitemap) or RFC 822 (feed, HTTP) date as an aware datetime."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def utc_iso(value: str | None) -> str | None:
    parsed = parse_when(value)
    return parsed.astimezone(UTC).isoformat(timespec="seconds") if parsed else None
