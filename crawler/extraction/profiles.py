"""Optional per-site refinements: a few selectors and a language, declared as data.

The generic extractor must work without a profile; a profile only narrows it: when
`body` matches, that element is the article region; `drop` selectors are removed
before anything else; `language` is a hint for language detection.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Profile:
    """Selectors (CSS, as lxml.cssselect understands them) for one site."""

    body: str | None = None
    drop: tuple[str, ...] = field(default_factory=tuple)
    language: str | None = None
