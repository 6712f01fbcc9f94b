"""robots.txt, per-edition RSS feeds, the sitemap index and per-edition sitemaps."""

# HTML lines are kept whole so the markup reads like the page it produces.
# ruff: noqa: E501

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape

from crawler.demo.chrome import Ctx
from crawler.demo.content import Article

EDITION_SITEMAP = "/sitemap-{lang}.xml"


def render_robots(base: str) -> bytes:
    return (
        f"User-agent: *\nDisallow: /search\nDisallow: /subscribe\n\nSitemap: {base}/sitemap.xml\n"
    ).encode()


def newest(articles: list[Article], fallback: datetime) -> datetime:
    return max((a.last_changed for a in articles), default=fallback)


def _rss_item(ctx: Ctx, article: Article) -> str:
    url = escape(ctx.abs(article.path))
    return (
        "<item>\n"
        f"<title>{escape(article.title)}</title>\n"
        f"<link>{url}</link>\n"
        f'<guid isPermaLink="true">{url}</guid>\n'
        f"<pubDate>{format_datetime(article.published_dt)}</pubDate>\n"
        f"<category>{escape(ctx.ed.sections[article.section])}</category>\n"
        f"<description>{escape(article.lead)}</description>\n"
        "</item>\n"
    )


def render_rss(ctx: Ctx, articles: list[Article]) -> bytes:
    """The edition's RSS 2.0 feed, newest first."""
    ed = ctx.ed
    built = format_datetime(newest(articles, ctx.content.static_time))
    items = "".join(_rss_item(ctx, a) for a in articles)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
        f"<title>{escape(ed.t('site_name'))}</title>\n"
        f"<link>{escape(ctx.abs(f'/{ed.lang}/'))}</link>\n"
        f'<atom:link href="{escape(ctx.abs(f"/{ed.lang}/rss.xml"))}" rel="self" type="application/rss+xml"/>\n'
        f"<description>{escape(ed.t('tagline'))}</description>\n"
        f"<language>{ed.lang}</language>\n"
        f"<lastBuildDate>{built}</lastBuildDate>\n"
        f"{items}</channel>\n</rss>\n"
    ).encode()


def _url_entry(ctx: Ctx, article: Article) -> str:
    alternates = ""
    if article.translation:
        other = ctx.content.by_id(article.translation)
        alternates = "".join(
            f'<xhtml:link rel="alternate" hreflang="{lang}" href="{escape(ctx.abs(path))}"/>\n'
            for lang, path in sorted([(article.lang, article.path), (other.lang, other.path)])
        )
    return (
        f"<url>\n<loc>{escape(ctx.abs(article.path))}</loc>\n"
        f"<lastmod>{article.last_changed.isoformat()}</lastmod>\n{alternates}</url>\n"
    )


def render_sitemap(ctx: Ctx, articles: list[Article]) -> bytes:
    """One edition's sitemap: every live article with its last change as lastmod."""
    entries = "".join(_url_entry(ctx, a) for a in sorted(articles, key=lambda a: a.path))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
        f"{entries}</urlset>\n"
    ).encode()


def render_sitemap_index(base: str, lastmods: dict[str, datetime]) -> bytes:
    entries = "".join(
        f"<sitemap>\n<loc>{escape(base + EDITION_SITEMAP.format(lang=lang))}</loc>\n"
        f"<lastmod>{lastmod.isoformat()}</lastmod>\n</sitemap>\n"
        for lang, lastmod in lastmods.items()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}</sitemapindex>\n"
    ).encode()
