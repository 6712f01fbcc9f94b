"""JSON-LD reading for metadata: tolerant parsing and the article node of a page."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import lxml.html

# schema.org types that describe one article (the NewsArticle family plus the blog and
# report types news CMSs emit for the same kind of page).
ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "Report",
        "ScholarlyArticle",
        "TechArticle",
    }
)

_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_WRAPPERS = re.compile(r"^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$")


def jsonld_nodes(tree: lxml.html.HtmlElement) -> list[dict[str, Any]]:
    """Every typed JSON-LD object on the page, flattened out of lists and @graph."""
    nodes: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        text = script.text or ""
        data = _load(text)
        if data is not None:
            nodes.extend(_flatten(data))
        elif salvaged := _salvage(text):
            nodes.append(salvaged)
    return nodes


def _load(text: str) -> Any:
    """Parse JSON as written, then once more after the usual CMS breakage is repaired."""
    for candidate in (text, _repair(text)):
        try:
            return json.loads(candidate, strict=False)
        except ValueError:
            continue
    return None


def _repair(text: str) -> str:
    # CMS templates wrap JSON-LD in comments/CDATA, leave trailing commas after loops
    # and paste raw control characters from the article text.
    text = _WRAPPERS.sub("", text.strip())
    text = _CONTROL.sub(" ", text)
    return _TRAILING_COMMA.sub(r"\1", text)


# What is read from JSON-LD that no repair makes parseable (most often a quote left
# unescaped in a description): the declared types, and the first value of each date key.
_SALVAGED_TYPE = re.compile(r'"@type"\s*:\s*"([^"\\]+)"')
_SALVAGED_DATES = {
    key: re.compile(rf'"{key}"\s*:\s*"([^"\\]+)"') for key in ("datePublished", "dateModified")
}


def _salvage(text: str) -> dict[str, Any] | None:
    """One node with the types and dates of an unparsable script, or None without a type.

    The types of all its objects go in one list, so an article's dates count as the
    article's even when the script also describes the site and its publisher.
    """
    types = list(dict.fromkeys(_SALVAGED_TYPE.findall(text)))
    if not types:
        return None
    node: dict[str, Any] = {"@type": types}
    for key, pattern in _SALVAGED_DATES.items():
        if found := pattern.search(text):
            node[key] = found.group(1)
    return node


def _flatten(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item)
    elif isinstance(data, dict):
        if "@graph" in data:
            yield from _flatten(data["@graph"])
        if "@type" in data:
            yield data


def node_types(node: dict[str, Any]) -> list[str]:
    """The node's @type values, without a schema.org prefix."""
    raw = node.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return [str(v).rsplit("/", 1)[-1] for v in values if isinstance(v, str) and v]


def article_node(nodes: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The first node typed as an article, or None."""
    for node in nodes:
        if ARTICLE_TYPES.intersection(node_types(node)):
            return node
    return None


def text_value(value: Any) -> str | None:
    """A plain string out of a JSON-LD value (string, {"name"/"@value"}, or a list)."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return text_value(value.get("name") or value.get("@value") or value.get("@id"))
    if isinstance(value, list) and value:
        return text_value(value[0])
    return None


def names(value: Any) -> list[str]:
    """Person names out of an author value.

    An Organization author is left out: on news pages it is the publisher itself
    (Yoast and most CMS themes fill it in when no journalist is named).
    """
    items = value if isinstance(value, list) else [value]
    people: list[str] = []
    for item in items:
        if isinstance(item, dict) and any(t.endswith("Organization") for t in node_types(item)):
            continue
        name = text_value(item.get("name") if isinstance(item, dict) else item)
        if name and not name.startswith("http"):
            people.append(name)
    return people


def string_list(value: Any) -> list[str]:
    """Keywords as a list: JSON-LD allows a comma-separated string or an array."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list):
        return [text for item in value if (text := text_value(item))]
    return []
