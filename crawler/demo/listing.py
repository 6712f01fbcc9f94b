"""Listing pages of the demo site: edition fronts, sections (paginated), tags, about."""

# HTML lines are kept whole so the markup reads like the page it produces.
# ruff: noqa: E501

from __future__ import annotations

from crawler.demo.chrome import Ctx, breadcrumbs, e, head, page, section_path, teaser
from crawler.demo.content import Article

# The edition front page shows this many of the newest articles.
FRONT_SIZE = 8


def _cards(ctx: Ctx, articles: list[Article]) -> str:
    if not articles:
        return f'<p class="news-list__empty">{e(ctx.ed.t("empty"))}</p>\n'
    return "".join(teaser(ctx.ed, a, favourite=False, lead=True) for a in articles)


def page_path(base_path: str, number: int) -> str:
    return base_path if number == 1 else f"{base_path}page/{number}/"


def _pager(ctx: Ctx, base_path: str, number: int, pages: int) -> tuple[str, str]:
    """The pagination links in the body and the rel=prev/next links for the head."""
    body: list[str] = []
    links: list[str] = []
    if number > 1:
        prev = page_path(base_path, number - 1)
        body.append(f'<a class="pager__prev" href="{prev}">{e(ctx.ed.t("prev_page"))}</a>')
        links.append(f'<link rel="prev" href="{e(ctx.abs(prev))}">\n')
    if number < pages:
        nxt = page_path(base_path, number + 1)
        body.append(f'<a class="pager__next" href="{nxt}">{e(ctx.ed.t("next_page"))}</a>')
        links.append(f'<link rel="next" href="{e(ctx.abs(nxt))}">\n')
    html = f'<nav class="pager">{" ".join(body)}</nav>\n' if body else ""
    return html, "".join(links)


def _listing(ctx: Ctx, path: str, title: str, cards: str, extra: str = "") -> bytes:
    main = (
        f'{breadcrumbs(ctx.ed, [], title)}<h1 class="page-title">{e(title)}</h1>\n'
        f'<div class="news-list">\n{cards}</div>\n'
    )
    meta = f'<meta property="og:type" content="website">\n{extra}'
    return page(ctx, head(ctx, title, path, meta), main, "page-listing")


def render_section(ctx: Ctx, section: str, articles: list[Article]) -> dict[str, bytes]:
    """Every page of one section: path -> HTML. An empty section still has page 1."""
    size = ctx.content.page_size
    base_path = section_path(ctx.ed.lang, section)
    pages = max(1, -(-len(articles) // size))
    out: dict[str, bytes] = {}
    for number in range(1, pages + 1):
        chunk = articles[(number - 1) * size : number * size]
        pager, links = _pager(ctx, base_path, number, pages)
        path = page_path(base_path, number)
        title = ctx.ed.sections[section]
        out[path] = _listing(ctx, path, title, _cards(ctx, chunk) + pager, links)
    return out


def render_tag(ctx: Ctx, tag: str, articles: list[Article]) -> bytes:
    path = f"/{ctx.ed.lang}/tag/{tag}/"
    title = f"{ctx.ed.t('tag_prefix')} {ctx.ed.tags[tag]}"
    return _listing(ctx, path, title, _cards(ctx, articles))


def render_front(ctx: Ctx, articles: list[Article]) -> bytes:
    path = f"/{ctx.ed.lang}/"
    return _listing(ctx, path, ctx.ed.t("tagline"), _cards(ctx, articles[:FRONT_SIZE]))


def render_about(ctx: Ctx) -> bytes:
    path = f"/{ctx.ed.lang}/about/"
    title = ctx.ed.t("about_title")
    text = "".join(f"<p>{e(p)}</p>\n" for p in ctx.ed.strings("about_text"))
    main = f'{breadcrumbs(ctx.ed, [], title)}<h1 class="page-title">{e(title)}</h1>\n{text}'
    meta = '<meta property="og:type" content="website">\n'
    return page(ctx, head(ctx, title, path, meta), main, "page-static")


def render_root(name: str) -> bytes:
    """The bare root: a choice of edition, as many bilingual sites have."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{e(name)}</title>
<link rel="alternate" hreflang="en" href="/en/"><link rel="alternate" hreflang="uk" href="/uk/">
</head>
<body><h1>{e(name)}</h1><ul><li><a href="/en/" hreflang="en">English</a></li><li><a href="/uk/" hreflang="uk">Українською</a></li></ul></body>
</html>
""".encode()


def render_error(status: int, message: str) -> bytes:
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{status} {e(message)}</title></head>
<body><h1>{status} {e(message)}</h1><p><a href="/">Demo Herald</a></p></body></html>
""".encode()
