"""The demo site's articles and UI strings, loaded from the TOML files in `data/`.

The data is read with importlib.resources so it works from an installed wheel too.
`Content.live(state)` gives the articles a visitor sees in state 1 or 2 of the site
(state 2: two articles added, one updated in place, one removed).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from datetime import datetime
from importlib.resources import files
from typing import Any, Literal

BlockKind = Literal["p", "h2", "quote"]
MetaStyle = Literal["jsonld", "meta", "visible"]
EDITIONS = ("en", "uk")


@dataclass(frozen=True, slots=True)
class Block:
    """One block of an article body: a paragraph, a sub-heading or a quoted paragraph."""

    kind: BlockKind
    text: str


@dataclass(frozen=True, slots=True)
class Photo:
    file: str
    alt: str
    caption: str
    credit: str


@dataclass(frozen=True, slots=True)
class Update:
    """The state-2 edit of an article: one paragraph replaced, a newer modified time."""

    modified: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    path: str
    lang: str
    section: str
    title: str
    published: str
    lead: str
    blocks: tuple[Block, ...]
    key_points: tuple[str, ...] = ()
    modified: str | None = None
    source: str | None = None
    tags: tuple[str, ...] = ()
    meta: MetaStyle = "jsonld"
    photo: Photo | None = None
    read_also: tuple[int, str] | None = None
    related: tuple[str, ...] = ()
    translation: str | None = None
    duplicate_of: str | None = None
    near_duplicate_of: str | None = None
    added_in: int | None = None
    removed_in: int | None = None
    update: Update | None = None

    @property
    def paragraphs(self) -> list[str]:
        """The body as an extractor should return it: lead, key points, blocks."""
        return [self.lead, *self.key_points, *(b.text for b in self.blocks)]

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def published_dt(self) -> datetime:
        return datetime.fromisoformat(self.published)

    @property
    def last_changed(self) -> datetime:
        return datetime.fromisoformat(self.modified or self.published)

    def exists_in(self, state: int) -> bool:
        added = self.added_in is None or state >= self.added_in
        return added and (self.removed_in is None or state < self.removed_in)

    def in_state(self, state: int) -> Article:
        """The article as served in `state` (the update applied from state 2 on)."""
        if self.update is None or state < 2:
            return self
        blocks = tuple(
            Block(b.kind, self.update.new if b.text == self.update.old else b.text)
            for b in self.blocks
        )
        return replace(self, blocks=blocks, modified=self.update.modified)


@dataclass(frozen=True, slots=True)
class Edition:
    """One language edition: its UI strings and its list of most-read article ids."""

    lang: str
    ui: dict[str, Any]
    sections: dict[str, str]
    tags: dict[str, str]
    most_read: tuple[str, ...]

    def t(self, key: str) -> str:
        return str(self.ui[key])

    def pairs(self, key: str) -> list[tuple[str, str]]:
        return [(str(a), str(b)) for a, b in self.ui[key]]

    def strings(self, key: str) -> list[str]:
        return [str(s) for s in self.ui[key]]


@dataclass(frozen=True, slots=True)
class Content:
    name: str
    static_time: datetime
    page_size: int
    editions: dict[str, Edition]
    articles: tuple[Article, ...] = field(default=())

    def by_id(self, article_id: str) -> Article:
        return next(a for a in self.articles if a.id == article_id)

    def live(self, state: int, lang: str | None = None) -> list[Article]:
        """Articles served in `state`, newest first."""
        found = [
            a.in_state(state)
            for a in self.articles
            if a.exists_in(state) and lang in (None, a.lang)
        ]
        return sorted(found, key=lambda a: (a.published_dt, a.path), reverse=True)

    def gone(self, state: int) -> list[Article]:
        """Articles that existed once and are removed in `state` (served as 410)."""
        return [a for a in self.articles if a.removed_in is not None and state >= a.removed_in]


def _read_toml(name: str) -> dict[str, Any]:
    return tomllib.loads(files("crawler.demo").joinpath("data").joinpath(name).read_text("utf-8"))


def _blocks(text: str) -> tuple[Block, ...]:
    blocks: list[Block] = []
    for chunk in text.strip().split("\n\n"):
        chunk = chunk.strip()
        if chunk.startswith("## "):
            blocks.append(Block("h2", chunk[3:]))
        elif chunk.startswith("> "):
            blocks.append(Block("quote", chunk[2:]))
        elif chunk:
            blocks.append(Block("p", chunk))
    return tuple(blocks)


def _article(raw: dict[str, Any], lang: str) -> Article:
    photo = raw.get("photo")
    read_also = raw.get("read_also")
    update = raw.get("update")
    return Article(
        id=raw["id"],
        path=raw["path"],
        lang=lang,
        section=raw["section"],
        title=raw["title"],
        published=raw["published"],
        lead=raw.get("lead", ""),
        blocks=_blocks(raw.get("text", "")),
        key_points=tuple(raw.get("key_points", ())),
        modified=raw.get("modified"),
        source=raw.get("source"),
        tags=tuple(raw.get("tags", ())),
        meta=raw.get("meta", "jsonld"),
        photo=Photo(**photo) if photo else None,
        read_also=(read_also["after"], read_also["id"]) if read_also else None,
        related=tuple(raw.get("related", ())),
        translation=raw.get("translation"),
        added_in=raw.get("added_in"),
        removed_in=raw.get("removed_in"),
        update=Update(**update) if update else None,
    )


def _copy(raw: dict[str, Any], copy: Article, original: Article) -> Article:
    """Give a reprint the body of `original`: verbatim, or with one sentence edited."""
    change = raw.get("replace")
    if change is None:
        return replace(
            copy,
            lead=original.lead,
            key_points=original.key_points,
            blocks=original.blocks,
            photo=original.photo,
            duplicate_of=original.id,
        )
    blocks = tuple(
        Block(b.kind, b.text.replace(change["old"], change["new"])) for b in original.blocks
    )
    if blocks == original.blocks:
        raise ValueError(f"near duplicate {copy.id}: sentence to replace not found")
    return replace(
        copy,
        lead=original.lead,
        key_points=original.key_points,
        blocks=blocks,
        photo=original.photo,
        near_duplicate_of=original.id,
    )


def _edition_articles(lang: str, raws: list[dict[str, Any]]) -> list[Article]:
    plain = {r["id"]: _article(r, lang) for r in raws}
    for raw in raws:
        if "copy_of" in raw:
            plain[raw["id"]] = _copy(raw, plain[raw["id"]], plain[raw["copy_of"]])
    return list(plain.values())


def load_content() -> Content:
    """Read site.toml, en.toml and uk.toml into one `Content`."""
    site = _read_toml("site.toml")
    editions: dict[str, Edition] = {}
    articles: list[Article] = []
    for lang in EDITIONS:
        data = _read_toml(f"{lang}.toml")
        editions[lang] = Edition(
            lang=lang,
            ui=site["edition"][lang],
            sections=site["sections"][lang],
            tags=site["tags"][lang],
            most_read=tuple(data.get("most_read", ())),
        )
        articles.extend(_edition_articles(lang, data["article"]))
    return Content(
        name=site["name"],
        static_time=datetime.fromisoformat(site["static_time"]),
        page_size=int(site["page_size"]),
        editions=editions,
        articles=tuple(articles),
    )
