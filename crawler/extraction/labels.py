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
        {"by", "author", "authors", "автор", "автори", "авторы", "von", "par", "autor"}
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


@dataclass(slots=True)
class LabelBlock:
    """One metadata line found on the page."""

    kind: str  # "source", "section", "published", "modified", "author" or "date"
    value: str
    nodes: list[lxml.html.HtmlElement]


def _pieces(el: lxml.html.HtmlElement) -> list[str]:
    return [p for t in el.itertext() if (p := _SPACES.sub(" ", t).strip())]


def _label_kind(text: str) -> str | None:
    key = text.strip().rstrip(":：").strip().lower()
    for kind, words in LABELS.items():
        if key in words:
            return kind
    return None


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
    sizes: dict[lxml.html.HtmlElement, int] = {}
    # Reverse document order: an element is seen after all its descendants, so subtree
    # text sizes add up bottom-up in one pass and an inner block wins over its ancestors.
    for el in reversed([e for e in root.iter() if isinstance(e.tag, str)]):
        sizes[el] = _own_size(el, sizes)
        if el in claimed or el.tag in _SKIP_TAGS or sizes[el] > 3 * MAX_BLOCK_CHARS:
            continue
        block = _block_of(el)
        if block is not None:
            blocks.append(block)
            for node in block.nodes:
                claimed.add(node)
                claimed.update(node.iterancestors())
    blocks.reverse()
    return blocks


def _own_size(el: lxml.html.HtmlElement, sizes: dict[lxml.html.HtmlElement, int]) -> int:
    children = sum(sizes.get(c, 0) + len(c.tail or "") for c in el)
    return len(el.text or "") + children


def find_date_line_nodes(tree: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Elements that are only a date line ("date 2025-04-28", "28 April 2025, 14:05")."""
    kinds = ("published", "modified", "date")
    return [n for b in find_label_blocks(tree) if b.kind in kinds for n in b.nodes]


def label_block_nodes(tree: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Every element that is a metadata line, for the body extractor to leave out."""
    return [n for b in find_label_blocks(tree) for n in b.nodes]
