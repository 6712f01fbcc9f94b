"""Page furniture shared by every HTML page of the demo site.

Class names follow a typical news CMS (BEM-ish `post-info__label`, `news-card`,
`news-related`), never a label that gives the game away such as "noise" or "boilerplate".
"""

# HTML lines are kept whole so the markup reads like the page it produces.
# ruff: noqa: E501

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape

from crawler.demo.content import Article, Content, Edition

LOCALES = {"en": "en_US", "uk": "uk_UA"}


@dataclass(frozen=True, slots=True)
class Ctx:
    """What every renderer needs: the content, the served base URL and the edition."""

    content: Content
    base: str
    ed: Edition

    def abs(self, path: str) -> str:
        return self.base + path


def e(text: str) -> str:
    return escape(text, quote=True)


def human_date(dt: datetime, ed: Edition) -> str:
    """The visible date as the edition prints it: "28 April 2025, 12:41"."""
    month = ed.strings("months")[dt.month - 1]
    return f"{dt.day} {month} {dt.year}, {dt:%H:%M}"


def section_path(lang: str, section: str) -> str:
    return f"/{lang}/{section}/"


def head(ctx: Ctx, title: str, path: str, extra: str = "") -> str:
    ed = ctx.ed
    return f"""<!DOCTYPE html>
<html lang="{ed.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)} | {e(ed.t("site_name"))}</title>
<link rel="canonical" href="{e(ctx.abs(path))}">
<link rel="alternate" type="application/rss+xml" title="{e(ed.t("site_name"))}" href="{ctx.abs(f"/{ed.lang}/rss.xml")}">
<meta property="og:site_name" content="{e(ed.t("site_name"))}">
<meta property="og:locale" content="{LOCALES[ed.lang]}">
{extra}<link rel="stylesheet" href="/static/css/main.css?v=20250115">
<script async src="/static/js/app.js?v=20250115"></script>
</head>
"""


def lang_prompt(ed: Edition) -> str:
    return f"""<div class="lang-popup" data-lang-popup>
<p class="lang-popup__text">{e(ed.t("lang_prompt"))}</p>
<button class="lang-popup__btn lang-popup__btn--yes" type="button">{e(ed.t("lang_prompt_yes"))}</button>
<button class="lang-popup__btn lang-popup__btn--no" type="button">{e(ed.t("lang_prompt_no"))}</button>
</div>
"""


def header(ed: Edition) -> str:
    lang = ed.lang
    items = "".join(
        f'<li class="main-menu__item"><a href="{section_path(lang, slug)}">{e(label)}</a></li>'
        for slug, label in ed.pairs("nav")
    )
    other = ed.t("other_lang")
    return f"""<header class="site-header">
<div class="container site-header__inner">
<a class="logo" href="/{lang}/"><span class="logo__name">{e(ed.t("site_name"))}</span></a>
<span class="site-header__tagline">{e(ed.t("tagline"))}</span>
<nav class="main-menu"><ul class="main-menu__list">{items}</ul></nav>
<div class="header-tools">
<a class="header-tools__lang" href="/{other}/" hreflang="{other}">{other.upper()}</a>
<form class="search-form" action="/search" method="get"><input type="search" name="q" placeholder="{e(ed.t("search"))}"><button type="submit">{e(ed.t("search"))}</button></form>
</div>
</div>
</header>
"""


def breadcrumbs(ed: Edition, crumbs: list[tuple[str, str]], current: str) -> str:
    links = "".join(
        f'<li class="breadcrumbs__item"><a href="{href}">{e(label)}</a></li>'
        for href, label in crumbs
    )
    home = f'<li class="breadcrumbs__item"><a href="/{ed.lang}/">{e(ed.t("home_label"))}</a></li>'
    return (
        f'<ul class="breadcrumbs">{home}{links}'
        f'<li class="breadcrumbs__item breadcrumbs__item--current">{e(current)}</li></ul>\n'
    )


def card_info(ed: Edition, article: Article) -> str:
    """Category and date labels, as on the article page and on every teaser card."""
    section = ed.sections[article.section]
    return (
        '<div class="post-info">'
        f'<div class="post-info__item"><span class="post-info__label">{e(ed.t("category"))}</span>'
        f'<a class="post-info__value" href="{section_path(ed.lang, article.section)}">{e(section)}</a></div>'
        f'<div class="post-info__item"><span class="post-info__label">{e(ed.t("publication_date"))}</span>'
        f'<span class="post-info__value">{human_date(article.published_dt, ed)}</span></div>'
        "</div>"
    )


def teaser(ed: Edition, article: Article, *, favourite: bool, lead: bool = False) -> str:
    """A teaser card; `favourite` adds the bookmark button (in the other language)."""
    photo = article.photo
    image = (
        f'<img class="news-card__img" src="/static/img/{photo.file}" alt="{e(photo.alt)}" loading="lazy">'
        if photo
        else ""
    )
    fav = (
        f'<button class="news-card__fav" type="button">{e(ed.t("favourite"))}</button>'
        if favourite
        else ""
    )
    summary = f'<p class="news-card__lead">{e(article.lead)}</p>' if lead else ""
    return (
        f'<div class="news-card">{card_info(ed, article)}{fav}'
        f'<a class="news-card__title" href="{article.path}">{e(article.title)}</a>'
        f"{image}{summary}</div>\n"
    )


def sidebar(ctx: Ctx) -> str:
    ed = ctx.ed
    items = "".join(
        f'<li class="most-read__item"><a href="{a.path}">{e(a.title)}</a></li>'
        for a in (ctx.content.by_id(i) for i in ed.most_read)
    )
    return f"""<aside class="sidebar">
<div class="most-read"><h3 class="most-read__title">{e(ed.t("most_read"))}</h3><ol class="most-read__list">{items}</ol></div>
<div class="subscribe-box"><p>{e(ed.t("subscribe"))}</p><form action="/subscribe" method="post"><input type="email" name="email" placeholder="email@example.com"><button type="submit">OK</button></form></div>
</aside>
"""


def footer(ed: Edition) -> str:
    links = " ".join(
        f'<a class="site-footer__link" href="/{ed.lang}/{slug}/">{e(label)}</a>'
        for slug, label in ed.pairs("footer_links")
    )
    return f"""<footer class="site-footer">
<div class="container">
<nav class="site-footer__nav">{links} <a class="site-footer__link" href="/{ed.lang}/rss.xml">RSS</a></nav>
<p class="site-footer__copy">{e(ed.t("copyright"))}</p>
</div>
</footer>
<div class="cookie-bar" data-cookie-bar><p class="cookie-bar__text">{e(ed.t("cookie"))}</p><button class="cookie-bar__btn" type="button">{e(ed.t("cookie_button"))}</button></div>
"""


def page(ctx: Ctx, head_html: str, main_html: str, body_class: str) -> bytes:
    """A whole HTML page: head, prompts, header, main column, sidebar, footer."""
    ed = ctx.ed
    return (
        f'{head_html}<body class="{body_class}">\n{lang_prompt(ed)}{header(ed)}'
        f'<main class="container page-layout">\n<div class="page-layout__main">\n{main_html}</div>\n'
        f"{sidebar(ctx)}</main>\n{footer(ed)}</body>\n</html>\n"
    ).encode()
