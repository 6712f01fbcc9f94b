"""Date parsing for metadata: machine values, visible date lines and URL dates.

Every function returns an ISO 8601 string or None. A value keeps exactly the precision
the page gives: a date stays a date ("2025-04-28"), a time without a zone stays naive
("2025-04-28T14:05:00") and a zone is kept as an offset ("2025-04-28T14:05:00+03:00").
Nothing is guessed: relative dates ("2 hours ago") and impossible dates give None.
"""

from __future__ import annotations

import re
from datetime import date
from email.utils import parsedate_to_datetime
from types import MappingProxyType

# Month names in the genitive/nominative forms news sites print, English, Ukrainian
# and Russian (the languages this crawler targets); keys are lower-case prefixes
# long enough to be unambiguous ("mar" is March, "мар" is марта).
_MONTHS = MappingProxyType({
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    "січ": 1, "лют": 2, "берез": 3, "квіт": 4, "травн": 5, "черв": 6,
    "лип": 7, "серп": 8, "верес": 9, "жовт": 10, "листоп": 11, "груд": 12,
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "ма": 5, "июн": 6,
    "июл": 7, "авг": 8, "сен": 9, "окт": 10, "ноя": 11, "дек": 12,
})  # fmt: skip

_ISO = re.compile(
    r"^\s*(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?)?\s*$",
    re.IGNORECASE,
)
_TIME = (
    r"(?:,?\s*(?:at|о|в|um|à)?\s*(\d{1,2})[:.](\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?[Mm]\b\.?)?)?"
)
_WORD_MONTH = r"([^\W\d_]{3,12})\.?"
# An English ordinal day: "18th", "1st"
_ORDINAL = r"(?:st|nd|rd|th)?"
# "28 April 2025, 14:05", "28 квітня 2025 о 14:05", "18th of November 2019"
_DAY_MONTH_YEAR = re.compile(
    r"(?<!\d)(\d{1,2})" + _ORDINAL + r"\s+(?:of\s+)?" + _WORD_MONTH
    + r",?\s+(\d{4})(?:\s*(?:р\.|г\.|року|года))?" + _TIME
)  # fmt: skip
# "April 28, 2025 2:05", "November 18th, 2019 at 11:08 a.m."
_MONTH_DAY_YEAR = re.compile(_WORD_MONTH + r"\s+(\d{1,2})" + _ORDINAL + r",?\s+(\d{4})" + _TIME)
# "28.04.2025 14:05" (day first: the European order every site we target uses)
_DOTTED = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4})" + _TIME)
_ISO_IN_TEXT = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})" + _TIME.replace(",?", "[,T]?"))
_URL_DATE = re.compile(r"/(20\d{2}|19\d{2})[/-]?(\d{2})[/-]?(\d{2})(?=[/_.-]|$)")


def parse_machine_date(value: str | None) -> str | None:
    """Normalise a machine-readable date (ISO 8601 or RFC 2822) or return None.

    A CMS's "no date" placeholder is None too, so that the next source is asked.
    """
    if not value:
        return None
    value = value.strip()
    match = _ISO.match(value)
    if match:
        found = _from_iso_match(match)
    else:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        found = parsed.isoformat() if parsed.tzinfo else parsed.replace(tzinfo=None).isoformat()
    return None if found is None or _is_placeholder(found) else found


# Years before this are the zero values of date types, not publication dates: 0001-01-01
# (Go's and .NET's zero time, seen in NewsArticle JSON-LD), 1000-01-01 (MySQL's minimum).
# The oldest newspaper archives online date from the 1600s.
_FIRST_YEAR = 1600
# Time zero of Unix timestamps, printed for an unset one (datePublished, Last-Modified).
_UNIX_ZERO = ("1970-01-01", "1970-01-01T00:00:00", "1970-01-01T00:00:00+00:00")


def _is_placeholder(iso: str) -> bool:
    return int(iso[:4]) < _FIRST_YEAR or iso in _UNIX_ZERO


def _from_iso_match(match: re.Match[str]) -> str | None:
    year, month, day, hour, minute, second, zone = match.groups()
    day_iso = _valid_date(int(year), int(month), int(day))
    if day_iso is None or hour is None:
        return day_iso
    time_iso = _valid_time(int(hour), int(minute), int(second or 0))
    if time_iso is None:
        return None
    return f"{day_iso}T{time_iso}{_offset(zone)}"


def _offset(zone: str | None) -> str:
    if not zone:
        return ""
    if zone.upper() == "Z":
        return "+00:00"
    digits = zone.replace(":", "")
    return f"{digits[:3]}:{digits[3:]}"


def _valid_date(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _valid_time(hour: int, minute: int, second: int) -> str | None:
    if hour > 23 or minute > 59 or second > 59:
        return None
    return f"{hour:02d}:{minute:02d}:{second:02d}"


def month_number(word: str) -> int | None:
    """The month a (possibly abbreviated, inflected) English/Ukrainian/Russian name means."""
    word = word.lower().rstrip(".")
    # Longest prefix first so "березня" is March, not a shorter accidental key.
    for prefix in sorted(_MONTHS, key=len, reverse=True):
        if word.startswith(prefix):
            return _MONTHS[prefix]
    return None


def parse_visible_date(text: str) -> str | None:
    """Find the first printed date in `text` ("28 April 2025, 14:05", "28.04.2025")."""
    candidates: list[tuple[int, str]] = []
    for pattern, order in (
        (_DAY_MONTH_YEAR, "dmy"),
        (_MONTH_DAY_YEAR, "mdy"),
        (_DOTTED, "dotted"),
        (_ISO_IN_TEXT, "iso"),
    ):
        for match in pattern.finditer(text):
            value = _visible_value(match, order)
            if value:
                candidates.append((match.start(), value))
                break
    return min(candidates)[1] if candidates else None


def _visible_value(match: re.Match[str], order: str) -> str | None:
    groups = match.groups()
    if order == "dmy":
        day, month_word, year = groups[:3]
        month = month_number(month_word)
    elif order == "mdy":
        month_word, day, year = groups[:3]
        month = month_number(month_word)
    elif order == "dotted":
        day, month_text, year = groups[:3]
        month = int(month_text)
    else:
        year, month_text, day = groups[:3]
        month = int(month_text)
    if month is None:
        return None
    day_iso = _valid_date(int(year), month, int(day))
    hour, minute, second, meridiem = groups[3:7]
    if day_iso is None or hour is None:
        return day_iso
    time_iso = _valid_time(_hour24(int(hour), meridiem), int(minute), int(second or 0))
    return f"{day_iso}T{time_iso}" if time_iso else day_iso


def _hour24(hour: int, meridiem: str | None) -> int:
    if meridiem is None or hour > 12:
        return hour
    return hour % 12 + (12 if meridiem.lower() == "p" else 0)


def is_date_only_text(text: str) -> bool:
    """True when a short text is nothing but a date (and perhaps a weekday and a time)."""
    if len(text) > 60 or parse_visible_date(text) is None:
        return False
    # What is left once digits, punctuation and month/weekday-like words are gone must be
    # at most two short words ("Monday", "at"), or the text is a sentence with a date.
    leftover = re.sub(r"[\d\s,.:/|-]+", " ", text).split()
    words = [w for w in leftover if month_number(w) is None]
    return len(words) <= 2 and all(len(w) <= 12 for w in words)


def date_from_url(url: str) -> str | None:
    """A date printed in the URL path (/2025/04/28/, /2025-04-28-slug) as YYYY-MM-DD."""
    match = _URL_DATE.search(url.split("?", 1)[0])
    if not match:
        return None
    return _valid_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))


def same_moment_prefix(a: str, b: str) -> bool:
    """True when `b` states the same local date-time as `a`, possibly more precisely."""
    return b.startswith(a) and len(b) > len(a)


__all__ = [
    "date_from_url",
    "is_date_only_text",
    "month_number",
    "parse_machine_date",
    "parse_visible_date",
    "same_moment_prefix",
]
