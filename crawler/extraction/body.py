"""Content selection: find the article region in lxml, walk it in BeautifulSoup.

`select_region` scores containers by the paragraph text they hold (readability's
idea, on the cheap lxml tree): each paragraph adds its non-link text length to its
parent and half of it to its grandparent; the best container plus the siblings that
look like article text form the region. Only that region is handed to BeautifulSoup
(`to_soup`), where `clean.clean_region` removes blocks and `blocks` turns the rest into
paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html
from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Doctype, ProcessingInstruction

from crawler.extraction import selectors as sel

# A paragraph shorter than this (characters of non-link text) does not vote: buttons,
# labels and one-word links should not pull the region toward the chrome. 25 is
# readability's value.
MIN_VOTE_CHARS = 25
# Share of a paragraph's vote passed to its grandparent: articles often wrap paragraphs
# in one more div per section; 0.5 is readability's.
GRANDPARENT_SHARE = 0.5
# Class/id hints scale a container's score: "article-body" up, "related" down.
# 1.25 / 0.5 are modest so that text length still decides between real candidates.
BODY_HINT_BONUS = 1.25
BOILERPLATE_PENALTY = 0.5
# A sibling of the best container joins the region when its score reaches this share
# of the best (readability: 0.2): articles split into several blocks by ads or
# embeds keep all their parts.
SIBLING_SHARE = 0.2
# A lone sibling paragraph joins when it is this long and has little link text
# (readability's 80 characters / 0.25).
SIBLING_PARAGRAPH_CHARS = 80
SIBLING_LINK_DENSITY = 0.25

_WS = re.compile(r"\s+")


@dataclass(slots=True)
class Region:
    """The chosen container(s), in document order, and the page's paragraph text."""

    elements: list[lxml.html.HtmlElement]
    paragraph_chars: int


def _text(el: lxml.html.HtmlElement) -> str:
    return _WS.sub(" ", el.text_content()).strip()


def _link_chars(el: lxml.html.HtmlElement) -> int:
    return sum(len(_text(a)) for a in el.iter("a"))


def _vote_of(el: lxml.html.HtmlElement) -> float:
    """Non-link characters of a paragraph-like element; 0 when too short to vote."""
    text = _text(el)
    score = len(text) - _link_chars(el)
    return float(score) if score >= MIN_VOTE_CHARS else 0.0


def _hint_factor(el: lxml.html.HtmlElement) -> float:
    class_id = f"{el.get('class', '')} {el.get('id', '')}"
    factor = 1.0
    if el.get("itemprop") == "articleBody" or sel.matches(sel.BODY_HINT, class_id):
        factor *= BODY_HINT_BONUS
    if sel.matches(sel.INLINE_BOILERPLATE, class_id):
        factor *= BOILERPLATE_PENALTY
    return factor


def _paragraph_elements(root: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """p/pre/blockquote, plus divs that hold text directly (br-separated articles)."""
    found = list(root.iter("p", "pre"))
    for div in root.iter("div", "td", "section", "article"):
        direct = (div.text or "") + "".join((c.tail or "") for c in div)
        if len(direct.strip()) >= MIN_VOTE_CHARS * 4:
            found.append(div)
    return found


def score_containers(root: lxml.html.HtmlElement) -> tuple[dict[lxml.html.HtmlElement, float], int]:
    """Container -> score, and the total voting paragraph text of the page."""
    scores: dict[lxml.html.HtmlElement, float] = {}
    total = 0
    for el in _paragraph_elements(root):
        vote = _vote_of(el)
        if not vote:
            continue
        total += int(vote)
        parent = el.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + vote
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0.0) + vote * GRANDPARENT_SHARE
    return scores, total


def select_region(root: lxml.html.HtmlElement) -> Region | None:
    """The article region of a pruned document, or None when no paragraph votes."""
    scores, total = score_containers(root)
    if not scores:
        return None
    adjusted = {el: s * _hint_factor(el) for el, s in scores.items()}
    best = max(adjusted, key=lambda el: adjusted[el])
    parent = best.getparent()
    if parent is None or best.tag in ("body", "html"):
        return Region([best], total)
    threshold = adjusted[best] * SIBLING_SHARE
    elements = [
        sib
        for sib in parent
        if sib is best or _joins(sib, adjusted.get(sib, 0.0), threshold, best)
    ]
    return Region(elements, total)


def _joins(sib: lxml.html.HtmlElement, score: float, threshold: float, best: object) -> bool:
    if not isinstance(sib.tag, str):
        return False
    if score >= threshold:
        return True
    if sib.tag not in ("p", "blockquote", "ul", "ol", "h2", "h3", "h4"):
        return False
    text = _text(sib)
    if sib.tag in ("h2", "h3", "h4"):
        return bool(text)
    if len(text) < SIBLING_PARAGRAPH_CHARS:
        return False
    return _link_chars(sib) / len(text) < SIBLING_LINK_DENSITY


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


@dataclass(slots=True)
class _Walk:
    blocks: list[Block]
    buffer: list[str]
    links: int = 0


# Set by `clean.mark_key_points` on the items of a key-points box.
KEY_POINT_ATTR = "data-key-point"

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
                walk.buffer.append(str(child))
                if in_link:
                    walk.links += len(child.strip())
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


def _flush(walk: _Walk, block: str, in_list: bool, in_heading: bool) -> None:
    text = _WS.sub(" ", "".join(walk.buffer)).strip()
    if text:
        heading = in_heading or block in sel.HEADING_TAGS
        walk.blocks.append(Block(text, block, walk.links, in_list, heading))
    walk.buffer.clear()
    walk.links = 0
