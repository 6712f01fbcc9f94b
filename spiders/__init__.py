"""Spiders decide what to fetch: start pages, feeds, sitemaps, links, and re-checks."""
