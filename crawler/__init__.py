"""newscrawl: a deduplicating news crawler that stores clean, language-tagged articles."""

__version__ = "0.1.0"
