"""Page metadata: title, dates, authors, section, tags, source, canonical URL, alternates.

Which source wins, per field (first non-empty wins unless said otherwise):

- Dates: JSON-LD (written for search engines, full timestamps with offsets) > meta tags
  (article:published_time, parsely/sailthru/dc.* kin) > `<time datetime>` marked as the
  publication time or inside the first <article> > a visible date line near the head
  > a byline's date > the `<time datetime>` just under the headline > a date in the
  URL. The URL is last because it gives only a day and is sometimes the first-publication
  day of a story updated since; it is used only when nothing else exists. When the
  winner has no zone and a lower source states the same moment with an offset, the more
  precise value is kept.
- Title: og:title > JSON-LD headline > <h1> > <title>; a site-name suffix/prefix
  (" | Site", "Site - ") is stripped from whichever wins.
- Authors, section, tags: JSON-LD > meta tags > page structure (rel=author/tag links,
  label lines such as "Category World").
- Source ("Source: KCNA"): a meta tag > a label line near the head.
- Canonical: <link rel=canonical> > og:url > JSON-LD url.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from crawler.extraction import jsonld
from crawler.extraction.alternates import find_alternates, language_code, own_hreflang
from crawler.extraction.dates import (
    date_from_url,
    parse_machine_date,
    parse_visible_date,
    same_moment_prefix,
)
from crawler.extraction.labels import LabelBlock, find_label_blocks
from crawler.extraction.language import LanguageHints

# Meta keys per field, in priority order (OpenGraph/article:*, then the analytics
# vendors' tags news CMSs emit, then Dublin Core and plain names).
_PUBLISHED_KEYS = (
    "article:published_time", "og:published_time", "datepublished",
    "parsely-pub-date", "sailthru.date", "dc.date.issued", "dc.date", "dcterms.date",
    "date", "pubdate", "publishdate", "publish-date", "article.published",
)  # fmt: skip
_MODIFIED_KEYS = (
    "article:modified_time", "og:updated_time", "datemodified", "dc.date.modified",
    "dcterms.modified", "last-modified", "article.updated",
)  # fmt: skip
_AUTHOR_KEYS = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator")
_SECTION_KEYS = ("article:section", "parsely-section", "section", "dc.subject")
_TAG_KEYS = ("article:tag", "parsely-tags", "sailthru.tags", "news_keywords")
_SOURCE_KEYS = ("source", "original-source", "dc.source", "syndication-source")
_TITLE_SEPARATORS = re.compile(r"\s+[|–—:·•-]\s+|\s*[|·•»]\s*")
# A site name in a title is a few words ("Ukrinform", "The Kyiv Independent"); a longer
# segment is part of the headline.
_MAX_SITE_NAME_WORDS = 4
_BYLINE_PREFIX = re.compile(r"^(?:by|автор|автори|авторы|von|par)\s*:?\s+", re.IGNORECASE)
_TOPIC_PATH = re.compile(r"/(?:tags?|topics?|tema|theme|temy|teg[iy]?)/", re.IGNORECASE)
# A list of stories shows at least three teasers; two equal date lines can still be
# an article's "published" and "updated" pair.
_TEASER_REPEATS = 3
# What follows a name in a byline line: the site, a date ("on Monday", "on 12 May",
# "on November 14, 2019"), "Updated ...".
_BYLINE_TAIL = re.compile(
    r"\s+(?:\||-{1,2}|—|–)\s+|\s+[Uu]pdated\b|\s+[Oo]n\s+(?=\w+day\b|\d"
    r"|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)"
)
# A degree or title after a name and a comma ("Rachael Link, MS, RD", "Jane Roe, PhD"):
# not a second author.
_CREDENTIAL = re.compile(r"^(?:[A-Z]{2,4}|Ph\.?\s?D\.?|(?:[A-Z]\.){2,3})$")
# Elements carrying a schema.org property, read once a page: a compiled XPath runs in
# libxml2, where `iterfind(".//*[@itemprop='x']")` walked every element in Python once
# per property (extract_metadata 2.59 -> 2.32 ms a page on the 181 benchmark pages;
# one look-up for the three properties instead of one each: about 2.27 -> 2.15 ms).
_ITEMPROPS = etree.XPath(".//*[@itemprop]")
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\band\b|\bі\b|\bи\b|&)\s*")


@dataclass(slots=True)
class Metadata:
    """What the page says about itself; a field the page does not give stays empty."""

    title: str | None = None
    lead: str | None = None
    published_at: str | None = None
    modified_at: str | None = None
    authors: list[str] = field(default_factory=list)
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    source: str | None = None
    canonical_url: str | None = None
    alternates: dict[str, str] = field(default_factory=dict)
    og_type: str | None = None
    jsonld_types: list[str] = field(default_factory=list)
    html_lang: str | None = None
    og_locale: str | None = None
    hreflang: str | None = None  # the language hreflang declares for this page itself
    site_name: str | None = None
    # where published_at came from: "jsonld", "meta", "time", "visible", "url"
    published_source: str | None = None

    def language_hints(self, *declared: str) -> LanguageHints:
        """Priors for `language.detect_language`: `declared` (a profile's) first."""
        return LanguageHints(
            declared=declared,
            html_lang=self.html_lang,
            og_locale=self.og_locale,
            hreflang=self.hreflang,
        )


@dataclass(slots=True)
class _Page:
    """Everything read once from the tree, shared by the field functions."""

    tree: lxml.html.HtmlElement
    url: str
    meta: dict[str, list[str]]
    article: dict[str, Any]
    labels: list[LabelBlock]
    itemprops: list[lxml.html.HtmlElement] = field(default_factory=list)

    def itemprop(self, prop: str) -> list[lxml.html.HtmlElement]:
        """Elements whose itemprop names `prop`, in document order. The attribute is a
        set of space-separated names (itemprop="datePublished dateCreated")."""
        return [el for el in self.itemprops if prop in (el.get("itemprop") or "").split()]


def extract_metadata(tree: lxml.html.HtmlElement, url: str) -> Metadata:
    """Read the page's metadata from JSON-LD, meta tags, <time> and visible labels."""
    nodes = jsonld.jsonld_nodes(tree)
    page = _Page(tree, url, _meta_tags(tree), jsonld.article_node(nodes) or {}, [])
    page.itemprops = _ITEMPROPS(tree)
    page.labels = find_label_blocks(tree)
    md = Metadata(
        og_type=_first(page.meta, ("og:type",)),
        jsonld_types=list(dict.fromkeys(t for n in nodes for t in jsonld.node_types(n))),
        html_lang=tree.get("lang") or tree.get("xml:lang") or None,
        og_locale=_first(page.meta, ("og:locale",)),
        site_name=_first(page.meta, ("og:site_name", "application-name")),
    )
    md.title = _title(page, md.site_name)
    md.lead = jsonld.text_value(page.article.get("description")) or _first(
        page.meta, ("og:description", "description", "twitter:description")
    )
    md.published_at, md.published_source = _published(page)
    md.modified_at = _modified(page)
    md.authors = _authors(page)
    md.section = _section(page)
    md.tags = _tags(page)
    md.source = _first(page.meta, _SOURCE_KEYS) or _label(page, "source")
    md.canonical_url = _canonical(page)
    own = language_code(md.html_lang) or language_code(md.og_locale)
    md.alternates = find_alternates(tree, md.canonical_url or url, own)
    md.hreflang = own_hreflang(tree, md.canonical_url or url)
    return md


def _meta_tags(tree: lxml.html.HtmlElement) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for meta in tree.iter("meta"):
        content = " ".join((meta.get("content") or "").split())
        if not content:
            continue
        # property and name, when a tag has both, and each name an itemprop lists: a
        # <meta property="article:published" itemprop="datePublished dateCreated"> states
        # the publication date under its itemprop only.
        keys = [meta.get("property"), meta.get("name"), *(meta.get("itemprop") or "").split()]
        for key in dict.fromkeys(k.strip().lower() for k in keys if k and k.strip()):
            found[key].append(content)
    return dict(found)


def _first(meta: dict[str, list[str]], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        if meta.get(key):
            return meta[key][0]
    return None


def _clean(text: str | None) -> str | None:
    cleaned = " ".join((text or "").split())
    return cleaned or None


def _label(page: _Page, kind: str) -> str | None:
    return next((b.value for b in page.labels if b.kind == kind), None)


# --- title -------------------------------------------------------------------------


def _title(page: _Page, site_name: str | None) -> str | None:
    h1 = page.tree.find(".//h1")
    title_el = page.tree.find(".//title")
    candidates = (
        _first(page.meta, ("og:title", "twitter:title")),
        jsonld.text_value(page.article.get("headline")),
        _clean(h1.text_content()) if h1 is not None else None,
        _clean(title_el.text_content()) if title_el is not None else None,
    )
    title = next((c for c in candidates if c), None)
    return _strip_site_name(title, site_name, page.url) if title else None


def _strip_site_name(title: str, site_name: str | None, url: str) -> str:
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    for index in (-1, 0):
        if _is_site_name(parts[index], site_name, host):
            kept = title.rsplit(parts[-1], 1)[0] if index == -1 else title[len(parts[0]) :]
            return kept.strip(" |–—:·•-»") or title
    return title


def _is_site_name(segment: str, site_name: str | None, host: str) -> bool:
    squashed = re.sub(r"[\W_]+", "", segment.lower())
    if not squashed or len(segment.split()) > _MAX_SITE_NAME_WORDS:
        return False
    if site_name and squashed == re.sub(r"[\W_]+", "", site_name.lower()):
        return True
    return squashed in re.sub(r"[\W_]+", "", host)


# --- dates -------------------------------------------------------------------------


def _published(page: _Page) -> tuple[str | None, str | None]:
    candidates = [
        ("jsonld", parse_machine_date(jsonld.text_value(page.article.get("datePublished")))),
        ("meta", _meta_date(page, _PUBLISHED_KEYS)),
        ("time", _time_element(page, "datePublished")),
        ("visible", _visible_date(page, ("published", "date"))),
        # "By Jane Roe on Monday, November 18th, 2019": a byline's date is the article's
        ("byline", _visible_date(page, ("author",))),
    ]
    if not any(value for _, value in candidates):
        candidates.append(("time", _time_under_headline(page)))
    candidates.append(("url", date_from_url(page.url)))
    return _best_date(candidates)


def _modified(page: _Page) -> str | None:
    candidates = [
        ("jsonld", parse_machine_date(jsonld.text_value(page.article.get("dateModified")))),
        ("meta", _meta_date(page, _MODIFIED_KEYS)),
        ("time", _itemprop_date(page, "dateModified")),
        ("visible", _visible_date(page, ("modified",))),
    ]
    return _best_date(candidates)[0]


def _best_date(candidates: list[tuple[str, str | None]]) -> tuple[str | None, str | None]:
    present = [(source, value) for source, value in candidates if value]
    if not present:
        return None, None
    source, value = present[0]
    # A lower-ranked source may state the same moment with a zone; keep the precision.
    for _, other in present[1:]:
        if same_moment_prefix(value, other):
            value = other
    return value, source


def _meta_date(page: _Page, keys: tuple[str, ...]) -> str | None:
    for key in keys:
        for value in page.meta.get(key, []):
            parsed = parse_machine_date(value)
            if parsed:
                return parsed
    return None


def _itemprop_date(page: _Page, prop: str) -> str | None:
    for el in page.itemprop(prop):
        parsed = parse_machine_date(el.get("datetime") or el.get("content"))
        if parsed:
            return parsed
    return None


def _time_element(page: _Page, prop: str) -> str | None:
    """A <time> marked as the publication time, else the first one inside <article>."""
    marked = _itemprop_date(page, prop)
    if marked:
        return marked
    for el in page.tree.iterfind(".//time[@pubdate]"):
        parsed = parse_machine_date(el.get("datetime"))
        if parsed:
            return parsed
    article = page.tree.find(".//article")
    first = article.find(".//time[@datetime]") if article is not None else None
    return parse_machine_date(first.get("datetime")) if first is not None else None


# Text an article header may hold between its headline and its <time>: a byline, a
# section or source label. The body's first paragraph is longer, so a <time> after the
# body has begun (a related story's, a comment's) is out of reach.
_HEADER_CHARS = 250
_NO_TEXT = frozenset({"script", "style", "noscript", "template"})


def _time_under_headline(page: _Page) -> str | None:
    """The `<time datetime>` that follows the page's headline within its header.

    For templates that put the article header outside <article> or use none (MSN's "1 day
    ago" keeps the instant in `datetime`). The headline is the first <h1> whose text is in
    the page's <title> or og:title, so a logo's <h1> and its header clock do not count.
    Read only when no other source above the URL gave a date.
    """
    h1 = page.tree.find(".//h1")
    headline = _clean(h1.text_content()) if h1 is not None else None
    if h1 is None or not headline or not _is_the_title(page, headline):
        return None
    seen = 0
    for el in _after(h1):
        shown = isinstance(el.tag, str) and el.tag not in _NO_TEXT  # not a comment either
        if shown and el.tag == "time" and el.get("datetime") and not _in_teaser(el):
            return parse_machine_date(el.get("datetime"))
        seen += len((el.text or "").strip()) if shown else 0
        seen += len((el.tail or "").strip())
        if seen > _HEADER_CHARS:
            return None
    return None


def _after(el: lxml.html.HtmlElement) -> Iterator[lxml.html.HtmlElement]:
    """The elements after `el` and its subtree, in document order."""
    node: lxml.html.HtmlElement | None = el
    while node is not None:
        for sibling in node.itersiblings():
            yield from sibling.iter()
        node = node.getparent()


def _is_the_title(page: _Page, headline: str) -> bool:
    title_el = page.tree.find(".//title")
    titles = [
        *page.meta.get("og:title", []),
        title_el.text_content() if title_el is not None else "",
    ]
    folded = headline.casefold()
    return any(folded in " ".join(t.split()).casefold() for t in titles if t)


def _visible_date(page: _Page, kinds: tuple[str, ...]) -> str | None:
    """The first date line that is not one of a repeated teaser pattern.

    The article's own date line comes first in every template we have seen; dates that
    share their element path with two or more others are the dates of a list of
    stories (a tag page, a "more on the topic" block), never the page's own.
    """
    blocks = [b for b in page.labels if b.kind in kinds]
    shapes = Counter(_shape(b.nodes[0]) for b in blocks)
    for block in blocks:
        if shapes[_shape(block.nodes[0])] >= _TEASER_REPEATS or _in_teaser(block.nodes[0]):
            continue
        parsed = parse_visible_date(block.value)
        if parsed:
            return parsed
    return None


# A teaser card (a headline link, its date, a summary) holds well under this many
# characters; an article header that holds the date line is bigger once it reaches the
# body, so the walk up stops there.
_CARD_MAX_CHARS = 800
# A headline link: at least this long and this many words ("Read more", menu labels
# and breadcrumb crumbs are shorter). Same values as the body's teaser count.
_HEADLINE_MIN_CHARS = 20
_HEADLINE_MIN_WORDS = 3


def _has_h1(el: lxml.html.HtmlElement) -> bool:
    return next(el.iter("h1"), None) is not None


def _in_teaser(el: lxml.html.HtmlElement) -> bool:
    """Whether a date line belongs to a teaser card: a small block with a headline link.

    A listing with one or two stories has no repeated pattern, but each date still sits
    next to the link of the story it dates, which an article's own date line does not.
    """
    own = set(el.iter("a"))  # a byline's own link names its author, not a story
    for ancestor in list(el.iterancestors())[:4]:
        # the article's own header holds the headline (h1); a card does not
        if len(ancestor.text_content()) > _CARD_MAX_CHARS or _has_h1(ancestor):
            return False
        for anchor in ancestor.iter("a"):
            if anchor in own:
                continue
            text = anchor.text_content().strip()
            if len(text) >= _HEADLINE_MIN_CHARS and len(text.split()) >= _HEADLINE_MIN_WORDS:
                return True
    return False


def _shape(el: lxml.html.HtmlElement) -> tuple[str, ...]:
    """Tag and class of the element, its parent and its grandparent."""
    chain = [el, *list(el.iterancestors())[:2]]
    return tuple(f"{n.tag}.{n.get('class', '')}" for n in chain)


# --- people, section, tags, canonical -----------------------------------------------


def _authors(page: _Page) -> list[str]:
    found = jsonld.names(page.article.get("author"))
    if not found:
        metas = [v for k in _AUTHOR_KEYS for v in page.meta.get(k, [])]
        found = [n for v in metas if not v.startswith("http") for n in _split_names(v)]
    if not found:
        found = _structural_authors(page)
    return list(dict.fromkeys(found))


def _split_names(value: str) -> list[str]:
    """Names out of a byline: "By A and B", "A | Site", "A - 11/19/19 06:56 AM"."""
    value = _BYLINE_TAIL.split(_BYLINE_PREFIX.sub("", value.strip()), maxsplit=1)[0]
    first, *after_commas = value.split(",")
    value = ",".join([first, *(c for c in after_commas if not _CREDENTIAL.match(c.strip()))])
    parts = (part.strip() for part in _AUTHOR_SPLIT.split(value))
    # A name is capitalised; lower-case leftovers are CMS user names or stray words.
    return [part for part in parts if any(ch.isupper() for ch in part)]


def _structural_authors(page: _Page) -> list[str]:
    links = page.tree.iterfind(".//a[@rel='author']")
    names = [n for a in links if (n := _clean(a.text_content()))]
    if not names:
        names = [n for el in page.itemprop("author") if (n := _itemprop_name(el))]
    if not names and (label := _label(page, "author")):
        names = _split_names(label)
    return names


def _itemprop_name(el: lxml.html.HtmlElement) -> str | None:
    inner = el.find(".//*[@itemprop='name']")
    return _clean((inner if inner is not None else el).text_content() or el.get("content"))


def _section(page: _Page) -> str | None:
    section = jsonld.string_list(page.article.get("articleSection"))
    if section:
        return section[0]
    return _first(page.meta, _SECTION_KEYS) or _label(page, "section")


def _tags(page: _Page) -> list[str]:
    tags = jsonld.string_list(page.article.get("keywords"))
    if not tags:
        for key in _TAG_KEYS:
            tags = [t.strip() for v in page.meta.get(key, []) for t in v.split(",") if t.strip()]
            if tags:
                break
    if not tags:
        tags = _structural_tags(page)
    return list(dict.fromkeys(tags))


def _structural_tags(page: _Page) -> list[str]:
    """rel=tag links, else topic links (/tag/, /tags/, /topic/) inside the <article>.

    Topic links outside the article belong to teasers of other stories.
    """
    tagged = [a for a in page.tree.iterfind(".//a[@rel]") if _is_tag_link(a)]
    if not tagged:
        article = page.tree.find(".//article")
        anchors = article.iterfind(".//a[@href]") if article is not None else iter(())
        tagged = [a for a in anchors if _TOPIC_PATH.search(urlsplit(a.get("href", "")).path)]
    return [t for a in tagged if (t := _clean(a.text_content()))]


def _is_tag_link(anchor: lxml.html.HtmlElement) -> bool:
    return "tag" in (anchor.get("rel") or "").lower().split()


def _canonical(page: _Page) -> str | None:
    for link in page.tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return _absolute(link.get("href", ""), page.url)
    value = _first(page.meta, ("og:url",)) or jsonld.text_value(page.article.get("url"))
    return _absolute(value, page.url) if value else None


def _absolute(href: str, base: str) -> str | None:
    absolute = urljoin(base, href.strip())
    return absolute if urlsplit(absolute).scheme in ("http", "https") else None
