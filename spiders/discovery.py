"""Read feeds, sitemaps and robots.txt into (url, lastmod) links.

XML from the open web is parsed with entity resolution and network access off, so an
entity bomb ("billion laughs") or an external entity cannot expand or reach out; a
malformed document yields what could be read, never an exception.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from urllib.parse import urljoin

from lxml import etree

logger = logging.getLogger(__name__)

# Sitemaps are capped at 50,000 URLs by the protocol; a document beyond that many
# entries is not a sitemap we should trust with our crawl budget.
MAX_ENTRIES = 50_000


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    lastmod: str | None = None


@dataclass(frozen=True, slots=True)
class XmlLinks:
    """A feed or sitemap read: its kind and the links it names."""

    kind: str  # "urlset", "sitemapindex", "rss", "atom", or "unknown"
    links: tuple[Link, ...]


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _child_text(element: etree._Element, *names: str) -> str | None:
    for child in element:
        text = child.text
        if _local(child.tag) in names and isinstance(text, str) and text.strip():
            return text.strip()
    return None


def _atom_link(entry: etree._Element) -> str | None:
    for child in entry:
        href = child.get("href")
        if _local(child.tag) == "link" and child.get("rel", "alternate") == "alternate":
            return str(href) if href else None
    return None


def _news_date(entry: etree._Element) -> str | None:
    """<news:news><news:publication_date> of a Google News sitemap entry."""
    for child in entry:
        if _local(child.tag) == "news":
            return _child_text(child, "publication_date")
    return None


def _entry_link(kind: str, entry: etree._Element, base_url: str) -> Link | None:
    if kind in ("urlset", "sitemapindex"):
        url = _child_text(entry, "loc")
        lastmod = _child_text(entry, "lastmod") or _news_date(entry)
    elif kind == "rss":
        url = _child_text(entry, "link") or _child_text(entry, "guid")
        lastmod = _child_text(entry, "pubdate", "date", "updated")
    else:
        url = _atom_link(entry)
        lastmod = _child_text(entry, "updated", "published")
    if not url:
        return None
    try:
        return Link(urljoin(base_url, url), lastmod)
    except ValueError:  # "http://host[": unparsable, and it must not end the document
        logger.info("skipped unparsable URL %r in %s", url, base_url)
        return None


_ENTRY_TAGS = {"urlset": "url", "sitemapindex": "sitemap", "rss": "item", "atom": "entry"}


def _kind(root_tag: str) -> str:
    if root_tag in ("urlset", "sitemapindex", "rss"):
        return root_tag
    if root_tag == "feed":
        return "atom"
    if root_tag == "rdf":  # RSS 1.0
        return "rss"
    return "unknown"


def _iter_entries(body: bytes) -> Iterator[tuple[str, etree._Element]]:
    events = etree.iterparse(
        BytesIO(body),
        events=("start", "end"),
        recover=True,
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    kind = "unknown"
    for event, element in events:
        tag = _local(element.tag)
        if event == "start":
            if kind == "unknown":
                kind = _kind(tag)
            continue
        if tag == _ENTRY_TAGS.get(kind):
            yield kind, element
            element.clear()


def read_xml_links(body: bytes, base_url: str) -> XmlLinks:
    """Links of a feed or sitemap; an unreadable document gives no links and a log line."""
    kind = "unknown"
    links: list[Link] = []
    try:
        for kind, entry in _iter_entries(body):
            link = _entry_link(kind, entry, base_url)
            if link is not None:
                links.append(link)
            if len(links) >= MAX_ENTRIES:
                break
    except etree.LxmlError as error:
        logger.warning("unreadable XML at %s: %s", base_url, error)
    return XmlLinks(kind, tuple(links))


def sitemaps_from_robots(body: bytes, base_url: str) -> list[str]:
    """The `Sitemap:` lines of a robots.txt."""
    text = body.decode("utf-8", "replace")
    found = []
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and value.strip():
            try:
                found.append(urljoin(base_url, value.strip()))
            except ValueError:  # an unparsable URL costs only its own line
                logger.info("skipped unparsable sitemap URL %r in %s", value.strip(), base_url)
    return found


def looks_like_xml(body: bytes) -> bool:
    head = body[:512].lstrip().lower()
    return head.startswith((b"<?xml", b"<rss", b"<feed", b"<urlset", b"<sitemapindex", b"<rdf"))
