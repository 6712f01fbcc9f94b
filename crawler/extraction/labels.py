"""Short "label: value" blocks near an article's head: date lines, source, category, author.

News templates print metadata as tiny blocks ("Source: KCNA", "Категорія Світ",
"Publication date 28 April 2025", or a bare "28 квітня 2025, 14:05"). They are found by
structure, not by class names: a short element whose first text piece is a label word
and whose remaining text is the value. The label vocabulary is generic (the same few
words in English, Ukrainian, Russian and a few other languages), not one site's phrases.
The body extractor can call `label_block_nodes` to drop them from the article text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType

import lxml.html
from lxml import etree

from crawler.extraction.dates import is_date_only_text, parse_visible_date

# Label words per kind, lower-case, compared after stripping ":" and spaces.
LABELS = MappingProxyType({
    "source": frozenset(
        {"source", "sources", "джерело", "джерела", "источник", "источники",
         "quelle", "źródło", "fuente", "fonte", "via"}
    ),
    "section": frozenset(
        {"category", "section", "rubric", "категорія", "рубрика", "розділ",
         "категория", "раздел", "rubrik", "kategoria", "catégorie", "rubrique"}
    ),
    "published": frozenset(
        {"date", "published", "publication date", "posted", "posted on", "published on",
         "дата", "опубліковано", "дата публікації", "опубликовано", "дата публикации",
         "veröffentlicht", "publié le", "opublikowano", "data publikacji"}
    ),
    "modified": frozenset(
        {"updated", "last updated", "modified", "оновлено", "обновлено", "змінено",
         "изменено", "aktualisiert", "mis à jour", "zaktualizowano"}
    ),
    "author": frozenset(
        {"by", "author", "authors", "written by", "posted by", "reported by", "words by",
         "автор", "автори", "авторы", "von", "par", "autor"}
    ),
})  # fmt: skip

# A label block is a line, not a paragraph: the longest real one seen ("Source: Ministry
# of Defence of Ukraine press service") is under 70 characters; 120 leaves room while
# keeping sentences that merely start with "Source" out.
MAX_BLOCK_CHARS = 120
# Values longer than this are prose, not a name or a date.
MAX_VALUE_CHARS = 80
_SPACES = re.compile(r"\s+")
_BYLINE_WORDS = frozenset({"by", "von", "par"})
# Two or three names with "and" between them: "Maksym Savchenko and Kateryna Lysenko".
_MAX_BYLINE_WORDS = 8
# Elements that never hold a metadata line themselves (their parent does).
_SKIP_TAGS = frozenset({"script", "style", "a", "button", "option", "head", "title"})
# First words of the label phrases ("publication" of "publication date"): a block whose
# first text does not start with one of them can only be a bare date line, which needs
# a year: every date pattern of `dates.parse_visible_date` has four digits in a row, and
# pieces are joined with spaces, so they sit in one text piece.
_LABEL_FIRST_WORDS = frozenset(p.split()[0] for words in LABELS.values() for p in words)
_FIRST_WORD = re.compile(r"[^\s:：]*")
_YEAR = re.compile(r"\d{4}")
# Text and tail pieces under an element, with their owner element (`getparent`).
_TEXT_PIECES = etree.XPath(".//text()[normalize-space()]")


@dataclass(slots=True)
class LabelBlock:
    """One metadata line found on the page."""

    kind: str  # "source", "section", "published", "modified", "author" or "date"
    value: str
    nodes: list[lxml.html.HtmlElement]


def _pieces(el: lxml.html.HtmlElement) -> list[str]:
    return [p for t in el.itertext() if (p := _SPACES.sub(" ", t).strip())]


# label phrase -> its kind, for one look-up per piece instead of a scan of every kind
_KIND_OF = MappingProxyType({word: kind for kind, words in LABELS.items() for word in words})


def _label_kind(text: str) -> str | None:
    return _KIND_OF.get(text.strip().rstrip(":：").strip().lower())


def _split_label(pieces: list[str]) -> tuple[str, str] | None:
    """(kind, value) when the pieces read "Label: value" or "Label" + "value"."""
    first = pieces[0]
    kind = _label_kind(first)
    if kind is not None:
        value = " ".join(pieces[1:])
    elif ":" in first:
        head, _, rest = first.partition(":")
        kind = _label_kind(head)
        value = " ".join([rest.strip(), *pieces[1:]]).strip()
    else:
        kind = _split_leading_word(first)
        value = " ".join([first.split(" ", 1)[-1], *pieces[1:]]) if kind else ""
    if kind is None or not value or len(value) > MAX_VALUE_CHARS:
        return None
    return kind, value


def _split_leading_word(first: str) -> str | None:
    """A label without a colon: "date 2025-04-28", "By Jane Doe and John Roe"."""
    word, _, rest = first.partition(" ")
    kind = _label_kind(word)
    if kind in ("published", "modified") and rest and parse_visible_date(rest):
        return kind
    # A byline preposition is only trusted before a capitalised name of a few words.
    if kind == "author" and word.lower() in _BYLINE_WORDS and rest[:1].isupper():
        return kind if len(rest.split()) <= _MAX_BYLINE_WORDS else None
    return None


def _may_be_block(el: lxml.html.HtmlElement) -> bool:
    """A necessary condition for `_block_of`, at a fraction of its cost.

    Every label path needs a label phrase at the start of the first text piece (alone,
    before a colon, or a byline preposition before a name); the other paths need a year.
    """
    first = next((t for t in el.itertext() if t.strip()), None)
    if first is None:
        return False
    if _may_open_label(first):
        return True
    return _YEAR.search("".join(el.itertext())) is not None


def _may_open_label(piece: str) -> bool:
    """Whether a text piece can start a label block that holds no year.

    Without a year, only three shapes are left (`_split_label`): the label alone
    ("Source", its value in the next piece or element), the label before a colon
    ("Source: KCNA"), and a byline preposition before a capitalised name ("By Jane
    Doe"). A nav item "Section 12" starts with a label word but is none of them: a menu
    of 150 such items made 300 candidates a page, and `find_label_blocks` 3 ms.
    """
    word = _FIRST_WORD.match(piece.strip().lower())
    if word is None or word.group() not in _LABEL_FIRST_WORDS:
        return False  # the cheap test, enough for almost every piece on a page
    text = _SPACES.sub(" ", piece).strip()
    head, colon, _ = text.partition(":")
    if _label_kind(text) is not None or (colon and _label_kind(head) is not None):
        return True
    _, _, name = text.partition(" ")
    return word.group() in _BYLINE_WORDS and name[:1].isupper()


def _block_of(el: lxml.html.HtmlElement) -> LabelBlock | None:
    pieces = _pieces(el)
    if not pieces or sum(len(p) for p in pieces) > MAX_BLOCK_CHARS:
        return None
    split = _split_label(pieces)
    if split is not None:
        return LabelBlock(split[0], split[1], [el])
    if len(pieces) == 1 and _label_kind(pieces[0]) is not None:
        return _block_with_sibling(el, pieces[0])
    text = " ".join(pieces)
    if is_date_only_text(text):
        return LabelBlock("date", text, [el])
    return None


def _block_with_sibling(el: lxml.html.HtmlElement, label: str) -> LabelBlock | None:
    """A label alone in its element (<dt>, <span>) with the value in the next element."""
    sibling = el.getnext()
    if sibling is None or not isinstance(sibling.tag, str):
        return None
    value = " ".join(_pieces(sibling))
    kind = _label_kind(label)
    if kind is None or not value or len(value) > MAX_VALUE_CHARS:
        return None
    return LabelBlock(kind, value, [el, sibling])


def find_label_blocks(tree: lxml.html.HtmlElement) -> list[LabelBlock]:
    """Metadata lines in document order; the innermost element holding label and value."""
    body = tree.find(".//body")
    root = body if body is not None else tree
    blocks: list[LabelBlock] = []
    claimed: set[lxml.html.HtmlElement] = set()
    candidates = _candidates(root)
    inside = set(candidates)
    # Reverse document order: an element is seen after all its descendants, so an inner
    # block wins over its ancestors.
    for el in reversed(candidates):
        if el in claimed or el.tag in _SKIP_TAGS or not _may_be_block(el):
            continue
        block = _block_of(el)
        if block is not None:
            blocks.append(block)
            for node in block.nodes:
                _claim(node, claimed, inside)
    blocks.reverse()
    return blocks


def _claim(
    node: lxml.html.HtmlElement,
    claimed: set[lxml.html.HtmlElement],
    candidates: set[lxml.html.HtmlElement],
) -> None:
    """Mark a block's element and its ancestors as taken.

    Only candidates are ever looked up, and the candidates above an element are a
    prefix of its ancestors (see `_candidates`); a claimed element's ancestors are all
    claimed already. So the walk up stops at the first element outside either set.
    """
    el: lxml.html.HtmlElement | None = node
    while el is not None and el in candidates and el not in claimed:
        claimed.add(el)
        el = el.getparent()


def _candidates(root: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Elements that can hold a label line, in document order.

    A label line needs a text piece that can open one (`_may_open_label`) or holds a
    year (a date), and at most 3 * MAX_BLOCK_CHARS of text: so only the elements around such a
    text piece, up to that size, are candidates. Walking up from those pieces instead
    of testing every element cut `find_label_blocks` from 3.3 to 1.1 ms per page on the
    181 benchmark pages (670 elements a page, 31 candidates), same blocks.

    Text pieces come in document order, so each newly reached chain of ancestors, put
    outermost first, comes after everything reached before it.
    """
    order: list[lxml.html.HtmlElement] = []
    seen: set[lxml.html.HtmlElement] = set()
    for piece in _TEXT_PIECES(root):
        if not _is_trigger(piece):
            continue
        owner = piece.getparent()
        el = owner.getparent() if piece.is_tail else owner
        chain: list[lxml.html.HtmlElement] = []
        while el is not None and el not in seen:
            seen.add(el)
            if len(el.text_content()) > 3 * MAX_BLOCK_CHARS:
                break  # its ancestors hold even more text
            chain.append(el)
            el = None if el is root else el.getparent()
        order.extend(reversed(chain))
    return order


def _is_trigger(piece: str) -> bool:
    return _YEAR.search(piece) is not None or _may_open_label(piece)


def find_date_line_nodes(tree: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Elements that are only a date line ("date 2025-04-28", "28 April 2025, 14:05")."""
    kinds = ("published", "modified", "date")
    return [n for b in find_label_blocks(tree) if b.kind in kinds for n in b.nodes]


def label_block_nodes(tree: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Every element that is a metadata line, for the body extractor to leave out."""
    return [n for b in find_label_blocks(tree) for n in b.nodes]
