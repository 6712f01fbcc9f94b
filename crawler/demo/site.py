"""Render the whole demo site for one state into bytes: path -> `Resource`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from crawler.demo.article_page import render_article
from crawler.demo.chrome import Ctx
from crawler.demo.content import EDITIONS, Article, Content
from crawler.demo.feeds import (
    EDITION_SITEMAP,
    newest,
    render_robots,
    render_rss,
    render_sitemap,
    render_sitemap_index,
)
from crawler.demo.listing import (
    render_about,
    render_error,
    render_front,
    render_root,
    render_section,
    render_tag,
)

HTML = "text/html; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"
XML = "application/xml; charset=utf-8"
TEXT = "text/plain; charset=utf-8"


@dataclass(frozen=True, slots=True)
class Resource:
    body: bytes
    content_type: str
    last_modified: datetime
    status: int = 200


def _edition_pages(content: Content, ctx: Ctx, state: int) -> dict[str, Resource]:
    ed = ctx.ed
    live = content.live(state, ed.lang)
    pages: dict[str, Resource] = {}

    def add(path: str, body: bytes, changed: datetime, kind: str = HTML) -> None:
        pages[path] = Resource(body, kind, changed)

    for article in live:
        add(article.path, render_article(ctx, article), article.last_changed)
    for section in ed.sections:
        members = [a for a in live if a.section == section]
        for path, body in render_section(ctx, section, members).items():
            add(path, body, newest(members, content.static_time))
    for tag in ed.tags:
        tagged = [a for a in live if tag in a.tags]
        if tagged:
            add(
                f"/{ed.lang}/tag/{tag}/",
                render_tag(ctx, tag, tagged),
                newest(tagged, content.static_time),
            )
    add(f"/{ed.lang}/", render_front(ctx, live), newest(live, content.static_time))
    add(f"/{ed.lang}/about/", render_about(ctx), content.static_time)
    add(f"/{ed.lang}/rss.xml", render_rss(ctx, live), newest(live, content.static_time), RSS)
    sitemap = EDITION_SITEMAP.format(lang=ed.lang)
    add(sitemap, render_sitemap(ctx, live), newest(live, content.static_time), XML)
    return pages


def _gone(content: Content, state: int) -> dict[str, Resource]:
    body = render_error(410, "Gone")
    return {a.path: Resource(body, HTML, a.last_changed, status=410) for a in content.gone(state)}


def render_site(content: Content, base: str, state: int) -> dict[str, Resource]:
    """Every page of the site in `state`, with absolute URLs built on `base`."""
    pages: dict[str, Resource] = {}
    lastmods: dict[str, datetime] = {}
    for lang in EDITIONS:
        ctx = Ctx(content=content, base=base, ed=content.editions[lang])
        pages.update(_edition_pages(content, ctx, state))
        lastmods[lang] = newest(content.live(state, lang), content.static_time)
    pages["/"] = Resource(render_root(content.name), HTML, content.static_time)
    pages["/robots.txt"] = Resource(render_robots(base), TEXT, content.static_time)
    index = render_sitemap_index(base, lastmods)
    pages["/sitemap.xml"] = Resource(index, XML, max(lastmods.values()))
    pages.update(_gone(content, state))
    return pages


def not_found() -> Resource:
    return Resource(
        render_error(404, "Not Found"), HTML, datetime.fromtimestamp(0, UTC), status=404
    )


__all__ = ["Article", "Resource", "not_found", "render_site"]
