"""Content selection: find the article region in lxml, walk it in BeautifulSoup.

`select_region` scores every element of the pruned lxml tree by the text under it:
paragraph text (non-link text of blocks long enough to vote) counts for, other text
(links, labels, short lines) against. The best-scoring element is the region: the
wrapper of all the article's parts, but not the page around it. Only that region is
handed to BeautifulSoup (`to_soup`), where `clean.clean_region` removes blocks by
structure and `blocks_of` turns the rest into paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html
from bs4 import BeautifulSoup
from bs4.element import Comment, Doctype, NavigableString, ProcessingInstruction, Tag
from lxml import etree

from crawler.extraction import selectors as sel

# A paragraph shorter than this (characters of non-link text) does not vote: buttons,
# labels and one-word links should not pull the region toward the chrome. 25 is
# readability's value.
MIN_VOTE_CHARS = 25
# Weight of non-paragraph text (links, labels, short lines) against a container: a
# wrapper is worth climbing to when the paragraph text it adds outweighs 0.75 times
# the other text it adds. Swept on the benchmark (bench/extraction.py, F1): 0.4 0.958,
# 0.6 0.959, 0.7 0.965, 0.8 0.965, 0.9 0.959, 1.0 0.959, 1.2 0.960; the middle of the
# plateau (swept before the block filters that took F1 to 0.969). The plateau is a few
# pages flipping region, so expect +-0.005 on other pages.
NOISE_WEIGHT = 0.75
# Class/id hints scale a container's score: "article-body" up, "related" down.
# 1.25 / 0.5 are modest so that text length still decides between real candidates.
BODY_HINT_BONUS = 1.25
BOILERPLATE_PENALTY = 0.5

# A paragraph alone in its container (no voting sibling) and shorter than this is a
# teaser summary in a card, not article text, and does not vote. Article paragraphs
# come in runs; a single long one (a <br>-separated body) still votes. Benchmark F1
# by value: 250 -> 0.953, 400 -> 0.957, 700 / 1000 / 1500 -> 0.959 (plateau).
LONE_PARAGRAPH_CHARS = 700
# Unless the page has less clustered paragraph text than this: then it is a short
# article of one or two paragraphs and every paragraph votes.
MIN_CLUSTERED_CHARS = 200

_WS = re.compile(r"\s+")
_TEXT_NODES = etree.XPath("//body//text()[normalize-space()]")
# Elements that own the text inside them; inline tags (span, a, em, br) pass it up.
# Table cells are not: a row of short cells ("1 Kyle Busch 5040 5 1") is one line of
# a data table and votes as a whole row, where each cell alone would be noise.
_CONTAINERS: frozenset[str] = sel.BLOCK_TAGS - {"br", "hr", "td", "th"} | {"body"}


@dataclass(slots=True)
class Region:
    """The chosen container(s), in document order, and the page's paragraph text."""

    elements: list[lxml.html.HtmlElement]
    paragraph_chars: int
    # element -> characters / link characters of all text under it
    chars: dict[lxml.html.HtmlElement, int] = field(default_factory=dict)
    links: dict[lxml.html.HtmlElement, int] = field(default_factory=dict)


def _hint_factor(el: lxml.html.HtmlElement) -> float:
    class_id = f"{el.get('class', '')} {el.get('id', '')}"
    factor = 1.0
    if el.get("itemprop") == "articleBody" or sel.matches(sel.BODY_HINT, class_id):
        factor *= BODY_HINT_BONUS
    if sel.matches(sel.INLINE_BOILERPLATE, class_id):
        factor *= BOILERPLATE_PENALTY
    return factor


def own_text(root: lxml.html.HtmlElement) -> dict[lxml.html.HtmlElement, list[int]]:
    """Block element -> [characters, link characters] of the text directly in it.

    "Directly" means through inline elements only (span, em, a, br...), so a div whose
    paragraphs are `<br>`-separated text inside spans counts like a run of <p>s. One
    XPath pass over the non-blank text nodes, then a short climb per node.
    """
    own: dict[lxml.html.HtmlElement, list[int]] = {}
    for node in _TEXT_NODES(root):
        el = node.getparent()
        if el is None:
            continue
        if node.is_tail:
            el = el.getparent()
        in_link = False
        while el is not None and el.tag not in _CONTAINERS:
            in_link = in_link or el.tag == "a"
            el = el.getparent()
        if el is None:
            continue
        counts = own.setdefault(el, [0, 0])
        size = len(node.strip())
        counts[0] += size
        if in_link:
            counts[1] += size
    return own


@dataclass(slots=True)
class Scores:
    """Per element: container score, characters and link characters under it."""

    score: dict[lxml.html.HtmlElement, float] = field(default_factory=dict)
    chars: dict[lxml.html.HtmlElement, int] = field(default_factory=dict)
    links: dict[lxml.html.HtmlElement, int] = field(default_factory=dict)
    paragraph_chars: int = 0


def score_containers(root: lxml.html.HtmlElement) -> Scores:
    """Container scores, and text counts under every element, in one climb per block.

    Every block's text is credited to all its ancestors: paragraph text (non-link text
    of blocks of at least MIN_VOTE_CHARS) counts for, everything else (links, labels,
    short lines) against, weighted by NOISE_WEIGHT. The best container is where the
    article's paragraphs are and little else: climbing from one part of a split
    article to the wrapper of all parts gains paragraphs, climbing further to the
    page gains mostly teasers and chrome.
    """
    own = own_text(root)
    votes = {el: _vote(chars, links) for el, (chars, links) in own.items()}
    lone = _lone_paragraphs(votes)
    if sum(v for el, v in votes.items() if el not in lone) < MIN_CLUSTERED_CHARS:
        lone = set()  # a one-paragraph article: every paragraph counts
    out = Scores(paragraph_chars=sum(votes.values()))
    score, total, linked = out.score, out.chars, out.links
    for el, (chars, links) in own.items():
        vote = 0 if el in lone else votes[el]
        gain = vote - NOISE_WEIGHT * (chars - votes[el])
        node: lxml.html.HtmlElement | None = el
        while node is not None:
            score[node] = score.get(node, 0.0) + gain
            total[node] = total.get(node, 0) + chars
            linked[node] = linked.get(node, 0) + links
            node = node.getparent()
    return out


def _vote(chars: int, links: int) -> int:
    return chars - links if chars - links >= MIN_VOTE_CHARS else 0


def _lone_paragraphs(votes: dict[lxml.html.HtmlElement, int]) -> set[lxml.html.HtmlElement]:
    """Short paragraphs with no voting sibling: teaser summaries, not article text."""
    per_parent: dict[lxml.html.HtmlElement | None, int] = {}
    for el, vote in votes.items():
        if vote:
            parent = el.getparent()
            per_parent[parent] = per_parent.get(parent, 0) + 1
    return {
        el
        for el, vote in votes.items()
        if 0 < vote < LONE_PARAGRAPH_CHARS and per_parent.get(el.getparent(), 0) < 2
    }


def select_region(root: lxml.html.HtmlElement) -> Region | None:
    """The article region of a pruned document, or None when no paragraph votes."""
    scores = score_containers(root)
    if not scores.paragraph_chars:
        return None
    score = scores.score
    best = max(score, key=lambda el: score[el] * _hint_factor(el))
    return Region([best], scores.paragraph_chars, scores.chars, scores.links)


# ---------------------------------------------------------------- soup


def to_soup(elements: list[lxml.html.HtmlElement]) -> Tag:
    """BeautifulSoup (lxml builder) of the region only, wrapped in one <div>."""
    parts = [
        lxml.html.tostring(el, encoding="unicode", with_tail=False, method="html")
        for el in elements
    ]
    soup = BeautifulSoup(f"<div>{''.join(parts)}</div>", "lxml")
    wrapper = soup.find("div")
    return wrapper if isinstance(wrapper, Tag) else soup


@dataclass(slots=True)
class Block:
    """One paragraph-to-be: its text, the tag that produced it, and its link text."""

    text: str
    tag: str
    link_chars: int = 0
    in_list: bool = False
    in_heading: bool = False
    key_point: bool = False
    # characters directly inside <strong>/<b>: a bold-only line is a sub-heading
    bold: int = 0


@dataclass(slots=True)
class _Walk:
    blocks: list[Block]
    buffer: list[str]
    links: int = 0
    bold: int = 0


# Set by `clean.mark_key_points` on the items of a key-points box.
KEY_POINT_ATTR = "data-key-point"

_EMPHASIS = frozenset({"strong", "b"})
_SKIP = (Comment, Doctype, ProcessingInstruction)


def blocks_of(region: Tag) -> list[Block]:
    """The region's text as blocks, in document order, split at block-level tags."""
    walk = _Walk([], [])
    _visit(region, walk, "div", False, False)
    _flush(walk, "div", False, False)
    return walk.blocks


def _visit(tag: Tag, walk: _Walk, block: str, in_link: bool, in_list: bool) -> None:
    for child in tag.children:
        if isinstance(child, NavigableString):
            if not isinstance(child, _SKIP):
                _add_text(walk, str(child), in_link, tag.name in _EMPHASIS)
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        if name in sel.BLOCK_TAGS:
            _flush(walk, block, in_list, False)
            inner = name if name not in ("div", "section", "article", "main") else block
            _visit(child, walk, inner, in_link, in_list or name == "li")
            before = len(walk.blocks)
            _flush(walk, inner, in_list or name == "li", name in sel.HEADING_TAGS)
            if len(walk.blocks) > before and child.has_attr(KEY_POINT_ATTR):
                walk.blocks[-1].key_point = True
        else:
            _visit(child, walk, block, in_link or name == "a", in_list)


def _add_text(walk: _Walk, text: str, in_link: bool, emphasised: bool) -> None:
    walk.buffer.append(text)
    if in_link:
        walk.links += len(text.strip())
    if emphasised:
        walk.bold += len(text.strip())


def _flush(walk: _Walk, block: str, in_list: bool, in_heading: bool) -> None:
    text = _WS.sub(" ", "".join(walk.buffer)).strip()
    if text:
        heading = in_heading or block in sel.HEADING_TAGS
        walk.blocks.append(Block(text, block, walk.links, in_list, heading, bold=walk.bold))
    walk.buffer.clear()
    walk.links = walk.bold = 0
