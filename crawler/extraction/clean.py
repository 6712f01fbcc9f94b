"""Removal: cheap pruning on the lxml tree, structural removal on the reduced soup.

Stage 1 (`prune_document`, lxml, whole page): drop elements that can never be text
(script, style, svg, forms controls, head), hidden elements, and whole regions whose
tag or class says navigation, sidebar, footer, comments, cookie prompt. This is what
makes the later BeautifulSoup pass affordable: its cost is per node (PERF-NOTES).

Stage 2 (`clean_region`, BeautifulSoup, the article region only): remove blocks by
class semantics (share, related, caption, byline, ads, newsletter...), figcaptions,
and link-dense containers (related lists, "read also" boxes).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bs4.element import NavigableString, Tag
from lxml import etree

from crawler.extraction import selectors as sel
from crawler.extraction.body import KEY_POINT_ATTR, Block, Region
from crawler.extraction.template import is_template

if TYPE_CHECKING:
    import lxml.html

# Hidden by attribute or inline style. Plain substrings of the common spellings: a
# translate() to fold case and spaces made this sweep 0.8 ms a page instead of 0.6.
# libxml2 selects the few elements that carry one of the attributes (21 a page) and
# Python tests the values: the whole test inside the XPath predicate cost 0.82 ms a
# page on the 181 benchmark pages, this 0.41 (same elements, same order).
_MAYBE_HIDDEN = etree.XPath("//*[@hidden or @aria-hidden or @style]")
_HIDDEN_STYLES = ("display:none", "display: none", "visibility:hidden", "visibility: hidden")
_WITH_CLASS_OR_ID = etree.XPath("//body//*[@class or @id or @role]")
_EMBEDDED_POST = " or ".join(f"contains(@class, '{c}')" for c in sel.EMBEDDED_POST_CLASSES)
_PROTECTED = etree.XPath(
    f".//*[@itemprop='articleBody'] | .//article | .//h1 | .//blockquote[{_EMBEDDED_POST}]"
)
_TEXT_LEN = etree.XPath("string-length(normalize-space(.))")

# A region matched by a boilerplate class is still kept when it holds this share of
# the page's text or more: wrappers such as "content-with-sidebar" match a boilerplate
# token but contain the article. Benchmark F1 by value: 0.25 -> 0.967, 0.4 -> 0.969,
# 0.6 -> 0.943 (big "sidebar"/"comments"-named wrappers of short articles survive).
PROTECT_SHARE = 0.4

# Roles (ARIA) that name page chrome.
_BOILERPLATE_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "menu"})


def prune_document(root: lxml.html.HtmlElement) -> None:
    """Stage 1, in place on the lxml tree (after metadata has read the head)."""
    etree.strip_elements(root, *sel.DROP_TAGS, with_tail=False)
    for el in _hidden(root):
        _drop(el)
    body = root.find("body")
    total = float(_TEXT_LEN(body)) if body is not None else 0.0
    for el in root.iter(*sel.BOILERPLATE_TAGS):
        if not _protected(el, total):
            _drop(el)
    seen: dict[str, bool] = {}  # class/id strings repeat a lot on a page: match once
    for el in _WITH_CLASS_OR_ID(root):
        if _is_boilerplate_region(el, seen) and not _protected(el, total):
            _drop(el)


def _hidden(root: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    return [
        el
        for el in _MAYBE_HIDDEN(root)
        if el.get("hidden") is not None
        or el.get("aria-hidden") == "true"
        or any(style in el.get("style", "") for style in _HIDDEN_STYLES)
    ]


def _is_boilerplate_region(el: lxml.html.HtmlElement, seen: dict[str, bool]) -> bool:
    if el.get("role", "").lower() in _BOILERPLATE_ROLES:
        return True
    class_id = f"{el.get('class', '')} {el.get('id', '')}"
    found = seen.get(class_id)
    if found is None:
        found = seen[class_id] = sel.matches(sel.REGION_BOILERPLATE, class_id)
    return found


def _protected(el: lxml.html.HtmlElement, total: float) -> bool:
    if el.getparent() is None or el.tag in ("body", "html"):
        return True
    if _PROTECTED(el):
        return True
    return total > 0 and float(_TEXT_LEN(el)) >= PROTECT_SHARE * total


def _drop(el: lxml.html.HtmlElement) -> None:
    """Remove `el` but keep its tail text, which belongs to the parent."""
    parent = el.getparent()
    if parent is None:
        return
    el.drop_tree()


# ---------------------------------------------------------------- stage 2, soup

# Tags removed inside the region whatever their class: captions and credits of
# photos, and leftovers of forms.
# `h1` is the title, which is metadata, not body.
REGION_DROP_TAGS: tuple[str, ...] = ("figcaption", "form", "h1")

# A container whose link text is at least this share of its text is a link list
# (related articles, "read also", tag clouds). 0.5 is readability's value; benchmark
# F1 is flat around it (0.4 -> 0.968, 0.5 -> 0.969, 0.6 -> 0.969).
LINK_DENSITY_MAX = 0.5
# ... but only for containers up to this many characters: a long paragraph with
# many links is still text.
LINK_LIST_MAX_CHARS = 1500
# Containers checked for link density (a <p> "Read also: <a>" is handled per block).
LINK_LIST_TAGS: tuple[str, ...] = ("ul", "ol", "div", "section", "table", "dl")

# A block matched by an inline-boilerplate class is kept when it holds this share of
# the region's text: "post-author-content" wrappers match "author".
INLINE_PROTECT_SHARE = 0.3

# A list whose items open with a link and whose texts are cut off ("...", "…") lists
# teasers of other articles ("Breaking news" tickers, "more from the site"): an article
# does not cut its own sentences short. At least 3 items, 80% of them opening with a
# link, half of them cut off. Of the 55 lists of link-led items in the benchmark's
# article regions only one is article text, and none of its items is cut off.
TEASER_MIN_ITEMS = 3
TEASER_LINK_LED_SHARE = 0.8
TEASER_CUT_SHARE = 0.5
_ELLIPSIS = ("...", "\u2026")
# A hover card: an inline <span> inside a paragraph that holds an image and two or more
# links (a person's photo, name and "more articles" links, shown on mouse-over). Running
# text holds neither images nor link lists. The innermost such span only: the outer one
# also holds the linked name the sentence reads ("Gov. <a>Kristi Noem</a>").
_CARD = "span[.//img and count(.//a) >= 2]"
_HOVER_CARDS = etree.XPath(f".//p//{_CARD}[not(.//{_CARD})]")
_OPENS_WITH_LINK = etree.XPath("boolean((.//text()[normalize-space()])[1][ancestor::a])")


# An image caption written as a plain element after the image is at most this long;
# 150 characters holds a two-line caption, body paragraphs after photos are longer or
# end as sentences.
CAPTION_MAX_CHARS = 150

# The label of a key-points box ("Points of attention") is at most this long; longer
# text inside the box is a point even when it is not an <li>.
KEY_POINTS_LABEL_MAX_CHARS = 60


# What precedes the headline inside the article region is the article's header: the
# date line, kicker, breadcrumbs, "Category / Publication date" labels. It is cut when
# it holds at most this share of the region's text, so a layout that puts an <h1>
# after real text (a second headline, a "related" heading) keeps that text.
PRE_HEADLINE_MAX_SHARE = 0.2


def cut_before_headline(region: Tag, total: int) -> None:
    """Remove everything before the region's <h1> in document order (not its ancestors)."""
    headline = region.find("h1")
    if not isinstance(headline, Tag) or not total:
        return
    before: list[Tag | NavigableString] = []
    node: Tag = headline
    while node is not region and isinstance(node.parent, Tag):
        before.extend(s for s in node.previous_siblings if isinstance(s, Tag | NavigableString))
        node = node.parent
    chars = sum(text_len(s) for s in before)
    if chars <= PRE_HEADLINE_MAX_SHARE * total:
        for sibling in before:
            sibling.extract()


def clean_region(region: Tag) -> None:
    """Stage 2, in place on the soup of the article region: one top-down pass.

    A removed subtree is not descended into. Tags are detached with `extract`, not
    checked with `Tag.decomposed`, which in bs4 4.13+ goes through `__getattr__` and
    searches the subtree (measured: 40 % of this stage's time).
    """
    total = text_len(region)
    cut_before_headline(region, total)
    posts = _embedded_posts(region)
    stack = [c for c in reversed(region.contents) if isinstance(c, Tag)]
    while stack:
        tag = stack.pop()
        if _removable(tag, total, posts):
            tag.extract()
            continue
        if _key_points_box(tag):
            mark_key_points(tag)
        stack.extend(c for c in reversed(tag.contents) if isinstance(c, Tag))


def _removable(tag: Tag, total: int, posts: list[Tag]) -> bool:
    if tag.name in REGION_DROP_TAGS or (tag.name == "span" and _is_image_caption(tag)):
        return True
    if not (tag.has_attr("class") or tag.has_attr("id")) or not _inline_boilerplate(tag):
        return False
    if any(tag is post or any(p is tag for p in post.parents) for post in posts):
        return False  # a post the article embeds is text of the story
    return _share(tag, total) < INLINE_PROTECT_SHARE


def _embedded_posts(region: Tag) -> list[Tag]:
    """The region's social posts (`sel.EMBEDDED_POST_CLASSES`), usually none: found once,
    so that a boilerplate match is checked against them instead of searching its subtree."""
    return [
        quote
        for quote in region.find_all("blockquote")  # by name only: 0.05 ms a page
        if any(
            c in cls for cls in quote.get_attribute_list("class") for c in sel.EMBEDDED_POST_CLASSES
        )
    ]


def _is_image_caption(tag: Tag) -> bool:
    """A short non-sentence element right after an image: a caption or photo credit
    written without <figcaption> ("Apple's 16-inch MacBook Pro", "Photo: archive").

    Only applied to <span> (see `_removable`): applied to <p>/<div> as well it removed
    body lines after photos and cost 0.005 recall on the benchmark.
    """
    if tag.name in sel.HEADING_TAGS or tag.name in ("li", "ul", "ol", "table"):
        return False
    prev = tag.previous_sibling
    while prev is not None and (
        (isinstance(prev, NavigableString) and not prev.strip())
        or (isinstance(prev, Tag) and prev.name == "br")
    ):
        prev = prev.previous_sibling
    if not isinstance(prev, Tag) or not _only_image(prev):
        return False
    text = tag.get_text(" ", strip=True)
    return 0 < len(text) <= CAPTION_MAX_CHARS and not _PROSE_END.search(text)


def _only_image(tag: Tag) -> bool:
    if tag.name == "img":
        return True
    return tag.find("img") is not None and not tag.get_text(strip=True)


def _class_id(tag: Tag) -> str:
    classes = tag.get("class")
    class_id = " ".join(classes) if isinstance(classes, list) else str(classes or "")
    return f"{class_id} {tag.get('id') or ''}"


def _inline_boilerplate(tag: Tag) -> bool:
    return sel.matches(sel.INLINE_BOILERPLATE, _class_id(tag))


def _share(tag: Tag, total: int) -> float:
    return text_len(tag) / total if total else 1.0


def text_len(node: Tag | NavigableString) -> int:
    """Characters of a node's text with every run of whitespace as one space, as XPath's
    normalize-space counts them in stage 1. Raw text lengths count source indentation:
    a teaser indented with 60 tabs per line weighed as much as a paragraph of the
    article (zdnet's related-stories box measured 61% of its region, 24% without)."""
    text = node.get_text(" ") if isinstance(node, Tag) else str(node)
    return len(" ".join(text.split()))


def drop_link_lists(region: Region) -> None:
    """In lxml, before the soup: drop hover cards and link-dense containers of the region.

    Uses the text and link counts `body.score_containers` already computed, so this
    costs no extra text pass: related lists, "read also" boxes and tag clouds are gone
    before BeautifulSoup pays for their nodes.
    """
    total = _region_chars(region)
    for top in region.elements:
        for card in _HOVER_CARDS(top):
            card.drop_tree()  # its tail is the paragraph's text and stays
        for el in list(top.iter(*LINK_LIST_TAGS)):  # a list: the loop drops elements
            if el is top:
                continue
            if el.tag in ("ul", "ol") and is_teaser_list(el):
                _drop_with_label(el)  # whatever its size: a ticker may outweigh an article
                continue
            chars = region.chars.get(el, 0)
            if not 0 < chars <= LINK_LIST_MAX_CHARS:
                continue
            dense = region.links.get(el, 0) >= LINK_DENSITY_MAX * chars
            if dense and chars < INLINE_PROTECT_SHARE * total:
                _drop_with_label(el)


# The label of a link list ("DON'T MISS", "More on this:", "Related stories...") is a
# short line before it that is no sentence and holds no link: it goes with its list.
LIST_LABEL_MAX_CHARS = 60


def _drop_with_label(el: lxml.html.HtmlElement) -> None:
    label = el.getprevious()
    if label is not None and isinstance(label.tag, str):
        text = _folded_text(label)
        cut_off = text.endswith(_ELLIPSIS)
        if (
            0 < len(text) <= LIST_LABEL_MAX_CHARS
            and (cut_off or not _PROSE_END.search(text))
            and not (label.tail or "").strip()
            and label.find(".//a") is None
        ):
            label.drop_tree()
    el.drop_tree()


# Fine print: a block set in small type (inline `font-size` of at most 12px or 9pt, or a
# <small> element standing as a line of its own, `_stands_alone`). Pages print company
# boilerplate, comment rules and "posted by / category" lines that way around a body in
# normal type (8 of the 181 benchmark pages, 0 to 21% of their region's text). Only
# while fine print is a minority of the region (INLINE_PROTECT_SHARE): a CMS that writes
# font-size:12px on every paragraph sets the whole article in it.
FINE_PRINT_MAX_PX = 12.0
_PX_PER_PT = 4 / 3
_STYLED = etree.XPath(".//*[contains(@style, 'font-size')] | .//small")
_FONT_SIZE = re.compile(r"font-size\s*:\s*(\d+(?:\.\d+)?)\s*(px|pt)", re.IGNORECASE)


def drop_fine_print(region: Region) -> None:
    """In lxml, before the soup: drop the region's small-type blocks (see FINE_PRINT_*)."""
    total = _region_chars(region)
    found = {el for top in region.elements for el in _STYLED(top) if _is_fine_print(el)}
    outer = [el for el in found if not any(a in found for a in el.iterancestors())]
    chars = sum(len(_folded_text(el)) for el in outer)
    if outer and chars < INLINE_PROTECT_SHARE * total:
        for el in outer:
            el.drop_tree()


def _is_fine_print(el: lxml.html.HtmlElement) -> bool:
    if el.tag not in sel.BLOCK_TAGS and not _stands_alone(el):
        return False
    if el.tag == "small":
        return True
    match = _FONT_SIZE.search(el.get("style", ""))
    if match is None:
        return False
    size = float(match.group(1)) * (_PX_PER_PT if match.group(2).lower() == "pt" else 1.0)
    return size <= FINE_PRINT_MAX_PX


def _stands_alone(el: lxml.html.HtmlElement) -> bool:
    """Whether an inline element is a line of its own (between blocks or line breaks, no
    text around it), not a word inside a sentence ("$5 <small>excl. VAT</small>")."""
    prev, after = el.getprevious(), el.getnext()
    parent = el.getparent()
    before = prev.tail if prev is not None else parent.text if parent is not None else None
    return (
        not (before or "").strip()
        and not (el.tail or "").strip()
        and (prev is None or prev.tag in sel.BLOCK_TAGS)
        and (after is None or after.tag in sel.BLOCK_TAGS)
    )


def _folded_text(el: lxml.html.HtmlElement) -> str:
    """An lxml element's text with runs of whitespace as one space (`text_len` for soup)."""
    return " ".join(el.text_content().split())


def _region_chars(region: Region) -> int:
    """The region's text, from the counts `body.score_containers` already made."""
    return sum(region.chars.get(el, 0) for el in region.elements)


def is_teaser_list(el: lxml.html.HtmlElement) -> bool:
    """A <ul>/<ol> of link-led items whose texts are cut off: teasers, not the article."""
    items = [child for child in el if child.tag == "li"]
    if len(items) < TEASER_MIN_ITEMS:
        return False
    cut = sum(1 for li in items if li.text_content().rstrip().endswith(_ELLIPSIS))
    if cut < TEASER_CUT_SHARE * len(items):
        return False
    led = sum(1 for li in items if _OPENS_WITH_LINK(li))
    return led >= TEASER_LINK_LED_SHARE * len(items)


# ---------------------------------------------------------------- stage 3, blocks

# Character classes of the scripts the crawl meets; a block's script is the one with
# most letters. Script, not language: it is exact on a 2-word label, where language
# detection is a coin toss, and it costs one regex pass.
_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("latin", re.compile(r"[A-Za-z\u00c0-\u024f]")),
    ("cyrillic", re.compile(r"[\u0400-\u04ff]")),
    ("greek", re.compile(r"[\u0370-\u03ff]")),
    ("arabic", re.compile(r"[\u0600-\u06ff]")),
    ("hebrew", re.compile(r"[\u0590-\u05ff]")),
    ("cjk", re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")),
    ("devanagari", re.compile(r"[\u0900-\u097f]")),
    ("thai", re.compile(r"[\u0e00-\u0e7f]")),
)

# A block this short whose script differs from the page's is UI of a bilingual site
# ("Додати до обраного" on an English page). A quoted sentence in another language
# inside a paragraph is longer, or sits inside a paragraph of the page's script.
# 80 characters: UI labels are two to six words (under about 50 characters); a quoted
# sentence standing alone as its own block is longer, and one inside a paragraph of
# the page's script never forms a block by itself.
FOREIGN_UI_MAX_CHARS = 80
# Inline "Read also: <link>" blocks: a block up to this long whose link text is at
# least LINK_DENSITY_MAX of it. 300: a teaser title plus its label; body paragraphs
# with a link are longer or much less linked.
READ_ALSO_MAX_CHARS = 300
# A date line is at most this long and holds at most this many words besides the date
# ("PUBLISHED: 10:48, Tue, Nov 19, 2019 | UPDATED: 11:05, Tue, Nov 19, 2019" is 72).
DATE_LINE_MAX_CHARS = 100
DATE_LINE_MAX_WORDS = 8
# Date lines and "Category: Politics" labels are short.
LABEL_MAX_CHARS = 60
# Blocks at the edges of the body shorter than this and without sentence punctuation
# are page chrome ("Share", "Tags", section names), not text. Benchmark F1 by value:
# 25 -> 0.969, 40 -> 0.969, 70 -> 0.966 (short closing lines of articles went).
EDGE_MAX_CHARS = 40
# A block at the top or bottom of the body that is all link, whatever its length, points
# away from the article: a subscription promo written as one long link, "Read the full
# report on our partner site". `is_read_also` stops at 300 characters; here the edge
# position is the evidence, so only the share counts.
LINK_ONLY_SHARE = 0.9

_DATE = re.compile(r"\b(?:\d{1,4}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}:\d{2}|(?:19|20)\d{2})\b")
# A numeric date or a clock time: a line holding one is a date line even with a few
# words around it ("Updated : 19 November 2019, 09:01 AM | Source: ...").
_STRONG_DATE = re.compile(r"\b(?:\d{1,4}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}:\d{2})\b")
_WORD = re.compile(r"[^\W\d_]{2,}")
_LABEL = re.compile(r"^[^.:!?]{1,30}:\s*\S[^.!?]{0,40}$")
# With the full-width ends of Chinese and Japanese text (。！？ and closing 」』）): every
# short Japanese sentence counted as chrome, and the last ones of an article went.
_CJK_ENDS = "。！？」』）"
_SENTENCE_END = re.compile(f"[.!?…:;\"'”»){_CJK_ENDS}]$")
# Markup that reached the text escaped (tracking pixels inside <noscript> in <head>,
# which libxml2 reparents into the body as text).
_MARKUP = re.compile(r"^<[a-zA-Z][^>]*>\s*$")
# Sentence ends without the colon: "More:" / "You may also like:" are labels.
_PROSE_END = re.compile(f"[.!?…;\"'”»){_CJK_ENDS}]$")


def script_of(text: str) -> str | None:
    """The script most of `text`'s letters are written in, or None without letters."""
    best, best_count = None, 0
    for name, pattern in _SCRIPTS:
        count = len(pattern.findall(text))
        if count > best_count:
            best, best_count = name, count
    return best


def page_script(texts: list[str]) -> str | None:
    """The script of the body: the script of its longest blocks, joined."""
    longest = sorted(texts, key=len, reverse=True)[:10]
    return script_of(" ".join(longest)[:4000])


def is_foreign_ui(text: str, script: str | None) -> bool:
    if script is None or len(text) > FOREIGN_UI_MAX_CHARS:
        return False
    own = script_of(text)
    return own is not None and own != script


def is_read_also(text: str, link_chars: int) -> bool:
    return len(text) <= READ_ALSO_MAX_CHARS and link_chars >= LINK_DENSITY_MAX * len(text)


def is_date_line(text: str) -> bool:
    """A publication/update line: a date or time plus at most a few label words."""
    if len(text) > DATE_LINE_MAX_CHARS or text.rstrip().endswith("."):
        return False
    words = len(_WORD.findall(_DATE.sub(" ", text)))
    if _STRONG_DATE.search(text):
        return words <= DATE_LINE_MAX_WORDS
    return bool(_DATE.search(text)) and words <= 3


def is_label_line(text: str) -> bool:
    """A date line ("12.03.2024 14:05") or a "Label: value" line without a sentence."""
    if len(text) > LABEL_MAX_CHARS:
        return False
    if _DATE.search(text):
        rest = _DATE.sub(" ", text)
        if len(re.findall(r"\w{2,}", rest)) <= 3:
            return True
    return bool(_LABEL.match(text)) and not text.rstrip().endswith((".", "!", "?"))


def is_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text.rstrip()))


def is_edge_chrome(text: str) -> bool:
    return len(text) < EDGE_MAX_CHARS and not _PROSE_END.search(text.rstrip())


def mark_key_points(box: Tag) -> None:
    """Tag the items of a key-points box and drop the box's label line (UI)."""
    items = box.find_all("li")
    if not items:
        return
    for item in items:
        item[KEY_POINT_ATTR] = "1"
    labels = [
        tag
        for tag in box.find_all(True)
        if tag.name != "li" and tag.find_parent("li") is None and tag.find("li") is None
    ]
    for tag in labels:
        if _is_label(tag):
            tag.extract()


def _key_points_box(tag: Tag) -> bool:
    return bool(tag.attrs) and sel.matches(sel.KEY_POINTS_HINT, _class_id(tag))


def _is_label(tag: Tag) -> bool:
    text = tag.get_text(" ", strip=True)
    return 0 < len(text) <= KEY_POINTS_LABEL_MAX_CHARS and not is_sentence(text)


# "Source: KCNA", "Джерело: Укрінформ": a label of at most this many words before the
# value. Longer prefixes are sentences that happen to end with the name.
FIELD_LABEL_MAX_WORDS = 3


def restates_field(text: str, value: str | None) -> bool:
    """A "Label: value" line whose value became a field (the source): metadata, not body.

    Structural, not a phrase list: the value is the one metadata found on this page, the
    label is whatever short words precede it with a colon, in any language.
    """
    if not value or not text.endswith(value):
        return False
    label = text[: -len(value)].strip()
    return label.endswith(":") and 0 < len(label[:-1].split()) <= FIELD_LABEL_MAX_WORDS


# The headline is a field (`title`), not the body's first paragraph. A first block that
# is the title again, or the title inside a flattened header line (kicker, byline, date:
# "SPACE <title> VICTOR TANGERMANN, FUTURISM 18 NOV 2019"), is dropped. A lead that
# opens with the title's words ends as a sentence and stays. On the benchmark: 4 pages
# open with the title and 2 with such a header line, none of them in the ground truth.
HEADER_LINE_EXTRA_CHARS = 100
_TOKENS = re.compile(r"\w+")


def repeats_headline(text: str, title: str | None) -> bool:
    """Whether a block is the page's title, alone or in a short non-sentence line."""
    if not title:
        return False
    headline = " ".join(_TOKENS.findall(title.casefold()))
    line = " ".join(_TOKENS.findall(text.casefold()))
    if not headline or not line:
        return False
    if line == headline:
        return True
    return (
        len(text) <= len(title) + HEADER_LINE_EXTRA_CHARS
        and not _PROSE_END.search(text.rstrip())
        and f" {headline} " in f" {line} "
    )


def filter_blocks(
    blocks: list[Block], template: frozenset[int] | None, script: str | None
) -> list[Block]:
    """Drop template, read-also, foreign-UI and label blocks, then trim the edges."""
    kept = [b for b in blocks if not _unwanted(b, template, script)]
    start, end = 0, len(kept)
    while start < end and _edge_block(kept[start]) and not kept[start].in_heading:
        start += 1
    while end > start and (
        (_edge_block(kept[end - 1]) and not _closes_a_list(kept, end - 1))
        or _trailing_prompt(kept[end - 1].text)
    ):
        end -= 1
    return _without_repeated_opening(kept[start:end])


# A short line of a few words that ends the body with an ellipsis leads to something the
# page no longer shows ("Tell us what YOU think...", "You may also be interested in..."
# above a removed teaser grid): an article does not end on an unfinished line. At the
# tail only; `is_edge_chrome` takes "..." as a sentence end, rightly inside the text.
PROMPT_MAX_CHARS = 60
PROMPT_MIN_WORDS = 3


def _trailing_prompt(text: str) -> bool:
    return (
        len(text) <= PROMPT_MAX_CHARS
        and text.rstrip().endswith(_ELLIPSIS)
        and len(text.split()) >= PROMPT_MIN_WORDS
    )


# A run of this many list items or more that ends the body is the article's own list
# (a table of qualified teams, a recipe's steps), judged as a list like in `_unwanted`:
# item by item, lines such as "England (Group A): 10th appearance" read as labels, and
# the trim ate the whole list. Link-led teaser lists are gone by then (`drop_link_lists`).
CLOSING_LIST_MIN_ITEMS = 5


def _closes_a_list(blocks: list[Block], last: int) -> bool:
    run = 0
    while last - run >= 0 and blocks[last - run].in_list and run < CLOSING_LIST_MIN_ITEMS:
        run += 1
    return run >= CLOSING_LIST_MIN_ITEMS


# The opening blocks are where a CMS prints its standfirst twice (the header's dek and
# the body's abstract). An exact repeat there is dropped; further down, an exact repeat
# may be the article's own: of the benchmark's ground truths, 10 repeat a paragraph (a
# recipe's heading per day, an interview's recurring question), none in its first 7.
REPEAT_CHECK_BLOCKS = 3


def _without_repeated_opening(blocks: list[Block]) -> list[Block]:
    opening = [b.text for b in blocks[:REPEAT_CHECK_BLOCKS]]
    return [
        b for i, b in enumerate(blocks) if i >= REPEAT_CHECK_BLOCKS or b.text not in opening[:i]
    ]


def _edge_block(block: Block) -> bool:
    """Chrome at the top or bottom of the body: short non-sentences and "Label: value"
    lines ("Category: World"). Label lines are only removed here, at the edges: in
    running text they were data ("1a etapa: 10 de março – Interlagos"); removing them
    everywhere cost 0.003 F1 on the benchmark."""
    if block.key_point:
        return False
    return (
        is_edge_chrome(block.text)
        or is_label_line(block.text)
        or block.link_chars >= LINK_ONLY_SHARE * len(block.text)
    )


def _unwanted(block: Block, template: frozenset[int] | None, script: str | None) -> bool:
    text = block.text
    return (
        is_template(text, template)
        # list items are judged as a list by `drop_link_lists`; judged one by one, a
        # list of linked items in the text went too (benchmark F1 0.968 -> 0.969)
        or (not block.in_list and is_read_also(text, block.link_chars))
        or is_foreign_ui(text, script)
        or (not block.key_point and is_date_line(text))
        or bool(_MARKUP.match(text))
    )
