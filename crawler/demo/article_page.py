"""The article page: meta tags, JSON-LD, the body, and all the furniture around it.

An article page depends only on the article and on state-independent data (titles of
related articles, the most-read list), so pages that do not change between state 1
and state 2 stay byte-identical.
"""

# HTML lines are kept whole so the markup reads like the page it produces.
# ruff: noqa: E501

from __future__ import annotations

import json
from urllib.parse import quote

from crawler.demo.chrome import (
    Ctx,
    breadcrumbs,
    card_info,
    e,
    head,
    page,
    section_path,
    teaser,
)
from crawler.demo.content import Article, Block


def _alternates(ctx: Ctx, article: Article) -> str:
    if article.translation is None:
        return ""
    other = ctx.content.by_id(article.translation)
    links = sorted([(article.lang, article.path), (other.lang, other.path)])
    return "".join(
        f'<link rel="alternate" hreflang="{lang}" href="{e(ctx.abs(path))}">\n'
        for lang, path in links
    )


def _article_meta(ctx: Ctx, article: Article) -> str:
    ed = ctx.ed
    tags = [
        ("og:type", "article"),
        ("og:title", article.title),
        ("og:description", article.lead),
        ("og:url", ctx.abs(article.path)),
    ]
    if article.photo:
        tags.append(("og:image", ctx.abs(f"/static/img/{article.photo.file}")))
    if article.meta != "visible":
        tags.append(("article:published_time", article.published))
        if article.modified:
            tags.append(("article:modified_time", article.modified))
    tags.append(("article:section", ed.sections[article.section]))
    tags.extend(("article:tag", ed.tags[t]) for t in article.tags)
    html = "".join(f'<meta property="{p}" content="{e(v)}">\n' for p, v in tags)
    return f'<meta name="description" content="{e(article.lead)}">\n{html}'


def _json_ld(ctx: Ctx, article: Article) -> str:
    if article.meta != "jsonld":
        return ""
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": ctx.abs(article.path)},
        "headline": article.title,
        "description": article.lead,
        "inLanguage": article.lang,
        "datePublished": article.published,
        "dateModified": article.modified or article.published,
        "articleSection": ctx.ed.sections[article.section],
        "keywords": [ctx.ed.tags[t] for t in article.tags],
        "author": {"@type": "Organization", "name": ctx.ed.t("site_name")},
        "publisher": {
            "@type": "Organization",
            "name": ctx.ed.t("site_name"),
            "logo": {"@type": "ImageObject", "url": ctx.abs("/static/img/logo.png")},
        },
    }
    if article.photo:
        data["image"] = ctx.abs(f"/static/img/{article.photo.file}")
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return f'<script type="application/ld+json">\n{text}\n</script>\n'


def _date_line(ctx: Ctx, article: Article) -> str:
    """The line above the headline: "date 2025-04-28 <title>" as in the seed."""
    day = article.published_dt.date().isoformat()
    time_tag = (
        f"<span>{day}</span>"
        if article.meta == "visible"
        else f'<time datetime="{day}">{day}</time>'
    )
    return (
        f'<div class="post-header__top"><span class="post-header__icon">{e(ctx.ed.t("date_word"))}</span> '
        f'{time_tag} <span class="post-header__crumb">{e(article.title)}</span></div>\n'
    )


def _photo(ctx: Ctx, article: Article) -> str:
    photo = article.photo
    if photo is None:
        return ""
    return (
        f'<figure class="post-photo"><img src="/static/img/{photo.file}" alt="{e(photo.alt)}">'
        f'<figcaption class="post-photo__caption">{e(photo.caption)} '
        f'<span class="post-photo__credit">{e(ctx.ed.t("photo"))}: {e(photo.credit)}</span>'
        "</figcaption></figure>\n"
    )


def _switch(ctx: Ctx, article: Article) -> str:
    """The language switch: to the translation when there is one, else the other home."""
    other = ctx.ed.t("other_lang")
    href = ctx.content.by_id(article.translation).path if article.translation else f"/{other}/"
    return (
        f'<div class="post-lang"><a class="post-lang__link" href="{href}" hreflang="{other}">'
        f"{e(ctx.ed.t('switch_label'))}</a></div>\n"
    )


def _source(ctx: Ctx, article: Article) -> str:
    if article.source is None:
        return ""
    return (
        f'<div class="post-source">{e(ctx.ed.t("source"))}&nbsp; '
        f'<span class="post-source__name">{e(article.source)}</span></div>\n'
    )


def _key_points(ctx: Ctx, article: Article) -> str:
    if not article.key_points:
        return ""
    items = "".join(f"<li>{e(p)}</li>" for p in article.key_points)
    return (
        f'<div class="key-points"><div class="key-points__title">{e(ctx.ed.t("key_points"))}</div>'
        f'<ul class="key-points__list">{items}</ul></div>\n'
    )


def _block(block: Block) -> str:
    if block.kind == "h2":
        return f"<h2>{e(block.text)}</h2>\n"
    if block.kind == "quote":
        return f"<blockquote><p>{e(block.text)}</p></blockquote>\n"
    return f"<p>{e(block.text)}</p>\n"


def _read_also(ctx: Ctx, article_id: str) -> str:
    other = ctx.content.by_id(article_id)
    return (
        f'<div class="read-also"><span class="read-also__label">{e(ctx.ed.t("read_also"))}</span> '
        f'<a class="read-also__link" href="{other.path}">{e(other.title)}</a></div>\n'
    )


def _content(ctx: Ctx, article: Article) -> str:
    parts = [
        f'<p class="post-lead"><strong>{e(article.lead)}</strong></p>\n',
        _key_points(ctx, article),
    ]
    for number, block in enumerate(article.blocks, start=1):
        parts.append(_block(block))
        if article.read_also and article.read_also[0] == number:
            parts.append(_read_also(ctx, article.read_also[1]))
    return f'<div class="post-content">\n{"".join(parts)}</div>\n'


def _tags(ctx: Ctx, article: Article) -> str:
    links = " ".join(
        f'<a class="post-tags__link" href="/{article.lang}/tag/{t}/">{e(ctx.ed.tags[t])}</a>'
        for t in article.tags
    )
    return f'<div class="post-tags"><span class="post-tags__label">{e(ctx.ed.t("tags"))}</span> {links}</div>\n'


def _widgets(ctx: Ctx, article: Article) -> str:
    url = e(quote(ctx.abs(article.path), safe=""))
    return (
        f'<div class="share-block"><span class="share-block__title">{e(ctx.ed.t("share"))}</span>'
        f'<a class="share-block__fb" href="https://www.facebook.com/sharer/sharer.php?u={url}" rel="nofollow noopener">Facebook</a>'
        f'<a class="share-block__tg" href="https://t.me/share/url?url={url}" rel="nofollow noopener">Telegram</a>'
        f'<a class="share-block__x" href="https://x.com/intent/post?url={url}" rel="nofollow noopener">X</a></div>\n'
        f'<div class="reactions"><div class="reactions__title">{e(ctx.ed.t("reactions"))}</div>'
        '<button class="reactions__btn" data-r="like">👍 <span>12</span></button>'
        '<button class="reactions__btn" data-r="wow">😮 <span>3</span></button>'
        '<button class="reactions__btn" data-r="sad">😢 <span>5</span></button>'
        '<button class="reactions__btn" data-r="angry">😡 <span>9</span></button></div>\n'
    )


def _related(ctx: Ctx, article: Article) -> str:
    cards = "".join(teaser(ctx.ed, ctx.content.by_id(i), favourite=True) for i in article.related)
    return (
        f'<section class="news-related"><h3 class="news-related__title">{e(ctx.ed.t("more_on_topic"))}</h3>'
        f'<div class="news-related__list">\n{cards}</div></section>\n'
    )


def render_article(ctx: Ctx, article: Article) -> bytes:
    """The full HTML of one article page."""
    ed = ctx.ed
    extra = _alternates(ctx, article) + _article_meta(ctx, article) + _json_ld(ctx, article)
    section = (section_path(ed.lang, article.section), ed.sections[article.section])
    main = (
        '<article class="post">\n<div class="post-header">\n'
        f"{_date_line(ctx, article)}{breadcrumbs(ed, [section], article.title)}"
        f'{card_info(ed, article)}\n<h1 class="post-title">{e(article.title)}</h1>\n</div>\n'
        f"{_photo(ctx, article)}{_switch(ctx, article)}{_source(ctx, article)}"
        f"{_content(ctx, article)}{_tags(ctx, article)}{_widgets(ctx, article)}</article>\n"
        f"{_related(ctx, article)}"
    )
    return page(ctx, head(ctx, article.title, article.path, extra), main, "page-article")
