"""Focused tests of the body extractor: what is removed, what is kept, never raising."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.extraction import extract
from crawler.extraction.profiles import Profile
from crawler.extraction.template import fingerprint

URL = "https://news.example.org/2024/03/12/sanctions-package"

LONG_1 = (
    "The European Union agreed on Tuesday to a new package of sanctions, the twelfth "
    "since the start of the war, targeting banks, shipping companies and traders that "
    "helped to evade the oil price cap, officials in Brussels said after the meeting."
)
LONG_2 = (
    "Diplomats said the negotiations had taken weeks because two member states demanded "
    "exemptions for pipeline deliveries, and the final text keeps those exemptions in "
    "place until the end of next year, when the measures will be reviewed again."
)
LONG_3 = (
    "Analysts expect the measures to reduce export revenue only gradually, since most "
    "of the trade has already moved to intermediaries in third countries that are not "
    "bound by the rules, and enforcement depends on the cooperation of those states."
)


def page(article: str, *, extra: str = "", head: str = "", lang: str = "en") -> str:
    return f"""<!doctype html><html lang="{lang}"><head><title>Sanctions package</title>
    <meta property="og:type" content="article">{head}</head><body>
    <header class="site-header"><nav><a href="/">Home</a> <a href="/world">World</a>
    <a href="/economy">Economy</a></nav></header>
    <main><article><h1>EU agrees new sanctions package</h1>{article}</article>{extra}</main>
    <footer class="site-footer"><p>© 2024 Example News. All rights reserved.</p></footer>
    </body></html>"""


def body_of(html: str | bytes, **kwargs: object) -> str:
    result = extract(html, URL, **kwargs)  # type: ignore[arg-type]
    return result.body


def test_paragraphs_in_order_separated_by_blank_line() -> None:
    result = extract(page(f"<p>{LONG_1}</p><p>{LONG_2}</p><p>{LONG_3}</p>"), URL)
    assert result.body == f"{LONG_1}\n\n{LONG_2}\n\n{LONG_3}"
    assert result.is_article
    assert result.reason is None
    assert "Home" not in result.body
    assert "All rights reserved" not in result.body


def test_inline_read_also_removed() -> None:
    article = (
        f"<p>{LONG_1}</p>"
        '<p><strong>Read also:</strong> <a href="/2024/03/01/other">Oil price cap: how '
        "the tankers slip through the net</a></p>"
        '<p>Читайте також: <a href="/uk/2024/03/01/other">Як танкери обходять обмеження</a></p>'
        f"<p>{LONG_2}</p><p>{LONG_3}</p>"
    )
    body = body_of(page(article))
    assert "Read also" not in body
    assert "tankers slip" not in body
    assert "Читайте також" not in body
    assert body.split("\n\n") == [LONG_1, LONG_2, LONG_3]


def test_related_list_at_the_end_removed() -> None:
    related = (
        '<div class="more-on-topic"><h3>More on the topic</h3><ul>'
        + "".join(
            f'<li><a href="/2024/02/{i}/story">Earlier sanctions story number {i} '
            "about banks and oil</a></li>"
            for i in range(1, 6)
        )
        + "</ul></div>"
    )
    body = body_of(page(f"<p>{LONG_1}</p><p>{LONG_2}</p><p>{LONG_3}</p>{related}"))
    assert "More on the topic" not in body
    assert "Earlier sanctions story" not in body
    assert body.endswith(LONG_3)


def test_related_list_without_class_removed_by_link_density() -> None:
    related = "<div><ul>" + "".join(
        f'<li><a href="/a/{i}">A related headline about the economy, number {i}</a></li>'
        for i in range(6)
    )
    body = body_of(page(f"<p>{LONG_1}</p><p>{LONG_2}</p>{related}</ul></div><p>{LONG_3}</p>"))
    assert "related headline" not in body
    assert LONG_3 in body


def test_indented_related_teasers_removed_whatever_their_source_whitespace() -> None:
    # CMS templates indent each teaser's text with dozens of tabs; measured raw, such a
    # box outweighed the article and was kept as if it were the article's wrapper
    pad = "\n" + "\t" * 60
    teasers = "".join(
        f'<li><p><a href="/2024/02/{i}/story">{pad}Earlier sanctions story {i}{pad}</a></p>'
        f'<p class="dek">{pad}Banks{pad}and{pad}oil{pad}traders{pad}in{pad}focus.{pad}</p></li>'
        for i in range(1, 4)
    )
    related = f'<section class="module related-stories"><h2>Related Stories</h2><ul>{teasers}'
    body = body_of(page(f"<p>{LONG_1}</p><p>{LONG_2}</p>{related}</ul></section><p>{LONG_3}</p>"))
    assert "Related Stories" not in body and "Earlier sanctions story" not in body
    assert body.split("\n\n") == [LONG_1, LONG_2, LONG_3]


def test_ticker_of_cut_off_teasers_removed_even_when_it_outweighs_the_article() -> None:
    ticker = '<div class="breaking"><b>Breaking News</b><ul>' + "".join(
        f'<li><a href="/2024/03/{i}/story">Headline number {i} of another story</a>'
        f"<span>WASHINGTON: {LONG_2[:150]}...</span></li>"
        for i in range(10)
    )
    body = body_of(page(f"{ticker}</ul></div><p>{LONG_1}</p><p>{LONG_3}</p>"))
    assert "Headline number" not in body and "WASHINGTON" not in body
    assert body.split("\n\n")[-2:] == [LONG_1, LONG_3]


def test_list_of_link_led_items_that_are_not_cut_off_is_kept() -> None:
    items = "".join(
        f'<li><a href="https://maker{i}.example.com/">Maker {i}</a> builds the parts that '
        f"the cap exempts, with a plant in the region employing {i} hundred people.</li>"
        for i in range(4)
    )
    body = body_of(page(f"<p>{LONG_1}</p><ul>{items}</ul><p>{LONG_2}</p><p>{LONG_3}</p>"))
    assert "Maker 3 builds the parts" in body


def test_standfirst_printed_twice_at_the_top_is_kept_once() -> None:
    dek = "Ministers agreed the twelfth package after weeks of talks over pipeline oil."
    article = (
        f'<div class="header-dek">{dek}</div><div class="abstract">{dek}</div>'
        f"<p>{LONG_1}</p><p>{LONG_2}</p><h3>Question</h3><p>{LONG_3}</p><h3>Question</h3>"
        f"<p>{LONG_1[:90]}</p>"
    )
    blocks = body_of(page(article)).split("\n\n")
    assert blocks.count(dek) == 1
    assert blocks.count("Question") == 2  # further down, a repeat may be the article's own


HEADLINE = "EU agrees its twelfth sanctions package after weeks of talks over oil"


@pytest.mark.parametrize(
    "opening",
    [
        f"<div>{HEADLINE}</div>",  # the headline again, as a block of its own
        f'<div class="top"><span>WORLD</span> {HEADLINE} '
        "<span>JANE ROE, EXAMPLE NEWS</span> 12 MAR 2024</div>",  # a flattened header line
    ],
)
def test_the_headline_repeated_at_the_top_of_the_body_goes(opening: str) -> None:
    article = f"{opening}<p>{LONG_1}</p><p>{LONG_2}</p><p>{LONG_3}</p>"
    html = page(article).replace("<h1>EU agrees new sanctions package</h1>", f"<h1>{HEADLINE}</h1>")
    result = extract(html, URL)
    assert result.title == HEADLINE
    assert result.body.split("\n\n") == [LONG_1, LONG_2, LONG_3]


def test_a_lead_opening_with_the_headline_words_stays() -> None:
    lead = "EU agrees new sanctions package, its twelfth, after weeks of talks."
    body = body_of(page(f"<p>{lead}</p><p>{LONG_1}</p><p>{LONG_2}</p>"))
    assert body.split("\n\n")[0] == lead


def test_next_and_previous_story_teasers_removed() -> None:
    box = (
        '<div class="grid next-prev"><p><a href="/2024/03/13/next">Next story</a></p>'
        '<div><a href="/2024/03/13/next"><h5>Oil tankers change flags again</h5></a>'
        "<p>Shipping registries in three countries saw a wave of new entries.</p></div></div>"
    )
    body = body_of(page(f"<p>{LONG_1}</p><p>{LONG_2}</p><p>{LONG_3}</p>{box}"))
    assert "tankers change flags" not in body and "Shipping registries" not in body
    assert body.endswith(LONG_3)


def test_paragraph_starting_like_a_related_label_is_kept() -> None:
    text = (
        "More on the topic of sanctions: the Commission will publish a detailed list of "
        "the companies concerned next week, together with guidance for exporters."
    )
    body = body_of(page(f"<p>{LONG_1}</p><p>{text}</p><p>{LONG_2}</p>"))
    assert text in body


def test_bilingual_ui_removed_but_quoted_ukrainian_sentence_kept() -> None:
    quote = (
        "The minister wrote on Telegram: «Ми вдячні партнерам за цей пакет санкцій і "
        "чекаємо наступного», adding that more work was needed on enforcement."
    )
    article = (
        '<div class="toolbar-row"><span>Додати до обраного</span></div>'
        f"<p>{LONG_1}</p><p>{quote}</p><div>Поділитися</div><p>{LONG_2}</p>"
        "<div>Читати українською</div>"
    )
    body = body_of(page(article))
    assert quote in body
    assert "Додати до обраного" not in body
    assert "Поділитися" not in body
    assert "Читати українською" not in body
    assert LONG_2 in body


def test_key_points_kept_label_dropped() -> None:
    points = (
        '<div class="key-points"><div class="key-points__title">Points of attention</div>'
        "<ul><li>The package targets 27 shipping companies.</li>"
        "<li>Pipeline deliveries stay exempt until next year.</li></ul></div>"
    )
    result = extract(page(f"{points}<p>{LONG_1}</p><p>{LONG_2}</p>"), URL)
    assert result.key_points == [
        "The package targets 27 shipping companies.",
        "Pipeline deliveries stay exempt until next year.",
    ]
    paragraphs = result.body.split("\n\n")
    assert paragraphs[:2] == result.key_points
    assert "Points of attention" not in result.body


def test_subheadings_and_lists_kept_as_paragraphs() -> None:
    article = (
        f"<p>{LONG_1}</p><h2>What the package contains</h2>"
        "<ul><li>An import ban on liquefied gas from new projects.</li>"
        "<li>Listing of 27 vessels of the shadow fleet.</li></ul>"
        f"<p>{LONG_2}</p>"
    )
    paragraphs = body_of(page(article)).split("\n\n")
    assert paragraphs == [
        LONG_1,
        "What the package contains",
        "An import ban on liquefied gas from new projects.",
        "Listing of 27 vessels of the shadow fleet.",
        LONG_2,
    ]


def test_lead_outside_the_body_container_kept_first() -> None:
    lead = "Brussels targets the shadow fleet and the traders behind it in its twelfth package."
    html = page(
        f'<p class="article__lead">{lead}</p>'
        f'<div class="article-body"><p>{LONG_1}</p><p>{LONG_2}</p><p>{LONG_3}</p></div>'
    )
    result = extract(html, URL)
    assert result.body.split("\n\n")[0] == lead
    assert result.lead == lead


def test_a_dek_inside_a_link_is_a_promo_not_the_lead() -> None:
    promo = (
        '<a href="/live"><div class="show-dek">The latest local news, weather and '
        "investigative stories, live every evening at six.</div></a>"
    )
    html = page(
        f'{promo}<div class="article-body"><p>{LONG_1}</p><p>{LONG_2}</p><p>{LONG_3}</p></div>'
    )
    result = extract(html, URL)
    assert result.lead is None
    assert "latest local news" not in result.body
    assert result.body.split("\n\n") == [LONG_1, LONG_2, LONG_3]


def test_figcaption_credit_and_date_line_removed() -> None:
    article = (
        '<div class="meta"><span>Category: World</span></div>'
        "<p>12.03.2024 14:05</p>"
        '<figure><img src="/p.jpg"><figcaption>Ministers in Brussels. Photo: Reuters'
        "</figcaption></figure>"
        f"<p>{LONG_1}</p><p>{LONG_2}</p>"
        '<div class="share-buttons"><a href="#">Facebook</a><a href="#">X</a></div>'
    )
    body = body_of(page(article))
    assert body.split("\n\n") == [LONG_1, LONG_2]


def test_challenge_page_is_not_an_article() -> None:
    html = (
        "<html><head><title>Just a moment...</title></head><body>"
        '<div id="challenge-body-text">Checking if the site connection is secure</div>'
        '<script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1?ray=1"></script>'
        '<form id="challenge-form" action="/?__cf_chl_f_tk=abc"></form></body></html>'
    )
    result = extract(html, URL)
    assert not result.is_article
    assert result.reason == "challenge page"


def test_listing_page_is_not_an_article() -> None:
    teasers = "".join(
        f'<div class="card"><h3><a href="/2024/03/{i}/story">Headline number {i} about '
        f"the economy and the markets</a></h3><p>Short summary {i}.</p></div>"
        for i in range(30)
    )
    html = (
        '<html><head><title>Economy</title><meta property="og:type" content="website">'
        f"</head><body><main><h1>Economy</h1>{teasers}</main></body></html>"
    )
    result = extract(html, "https://news.example.org/economy/")
    assert not result.is_article
    assert result.reason in {"listing page", "too little text", "no body"}


def test_collection_page_json_ld_is_not_an_article() -> None:
    head = '<script type="application/ld+json">{"@type": "CollectionPage"}</script>'
    html = page(f"<p>{LONG_1}</p>", head=head).replace(
        '<meta property="og:type" content="article">', ""
    )
    result = extract(html, URL)
    assert not result.is_article
    assert result.reason == "listing page"


def test_deep_nesting_does_not_raise() -> None:
    deep = "<div>" * 10_000 + f"<p>{LONG_1}</p>" + "</div>" * 10_000
    result = extract(f"<html><body>{deep}</body></html>", URL)
    assert isinstance(result.body, str)
    nested_spans = "<span>" * 5_000 + "text" + "</span>" * 5_000
    assert isinstance(extract(nested_spans, URL).body, str)


def test_garbage_and_empty_inputs_do_not_raise() -> None:
    for data in (b"", "", b"\x00\xff\xfe" * 1000, bytes(range(256)) * 50, "<<<>>>", "\x00"):
        result = extract(data, URL)
        assert result.url == URL
        assert not result.is_article
        assert result.reason


def test_template_blocks_removed_and_fingerprints_reported() -> None:
    pitch = "Follow us on Telegram for the latest news from Brussels"
    html = page(f"<p>{LONG_1}</p><p>{pitch}</p><p>{LONG_2}</p>")
    first = extract(html, URL)
    assert pitch in first.body
    assert fingerprint(pitch) in first.block_fingerprints
    assert all(-(2**63) <= fp < 2**63 for fp in first.block_fingerprints)
    second = extract(html, URL, template=frozenset({fingerprint(pitch)}))
    assert pitch not in second.body
    assert second.body == f"{LONG_1}\n\n{LONG_2}"


def test_fingerprint_folds_whitespace_and_case() -> None:
    assert fingerprint("Follow  us\non Telegram") == fingerprint("follow us on telegram")


def test_profile_body_selector_and_drop() -> None:
    html = page(
        f'<div class="story"><p>{LONG_1}</p><p class="promo-x">Buy our app today!</p>'
        f"<p>{LONG_2}</p></div><div class='other'><p>{LONG_3}</p></div>"
    )
    profile = Profile(body="div.story", drop=("p.promo-x",), language="en")
    body = body_of(html, profile=profile)
    assert body == f"{LONG_1}\n\n{LONG_2}"


def test_bytes_input_decoded() -> None:
    html = page(f"<p>{LONG_1}</p><p>{LONG_2}</p>").replace("<head>", '<head><meta charset="utf-8">')
    assert body_of(html.encode("utf-8"), encoding="utf-8") == f"{LONG_1}\n\n{LONG_2}"


TAGS = ["div", "p", "span", "a", "ul", "li", "table", "td", "script", "h2", "nav", "figure"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from([f"<{t}>" for t in TAGS] + [f"</{t}>" for t in TAGS]),
            st.text(max_size=40),
        ),
        max_size=80,
    )
)
def test_never_raises_on_arbitrary_markup(pieces: list[str]) -> None:
    result = extract("".join(pieces), URL)
    assert isinstance(result.body, str)
    assert result.is_article == (result.reason is None)


def test_article_with_cloudflare_script_is_still_an_article() -> None:
    head = '<script src="/cdn-cgi/challenge-platform/scripts/jsd/main.js"></script>'
    result = extract(page(f"<p>{LONG_1}</p><p>{LONG_2}</p><p>{LONG_3}</p>", head=head), URL)
    assert result.is_article, result.reason


def test_declared_article_with_many_teasers_is_an_article() -> None:
    rail = "".join(
        f'<li><a href="/2024/03/{i}/story">Another headline about the markets, {i}</a></li>'
        for i in range(20)
    )
    html = page(f"<p>{LONG_1}</p><p>{LONG_2}</p>", extra=f"<ul>{rail}</ul>")
    result = extract(html, URL)
    assert result.is_article, result.reason
    assert "Another headline" not in result.body


def test_label_lines_removed_at_the_edges_but_kept_as_data_in_the_text() -> None:
    schedule = "<p>Round 1: 10 March – Interlagos</p><p>Round 2: 8 April – Curitiba</p>"
    article = (
        "<p>Category: World</p><p>Publication date: 12.03.2024</p>"
        f"<p>{LONG_1}</p>{schedule}<p>{LONG_2}</p><p>Tags: sanctions</p>"
    )
    assert body_of(page(article)).split("\n\n") == [
        LONG_1,
        "Round 1: 10 March – Interlagos",
        "Round 2: 8 April – Curitiba",
        LONG_2,
    ]


TWEET = (
    '<blockquote class="twitter-tweet"><p lang="en">The package is done. Banks, ships and '
    'traders are on the list. <a href="https://t.co/x">pic.twitter.com/x</a></p>&mdash; '
    'EU Council (@EUCouncil) <a href="https://twitter.com/x/status/1">March 12, 2024</a>'
    "</blockquote>"
)


@pytest.mark.parametrize(
    "wrapper",
    [
        '<div class="social-media-embed">{}</div>',  # "social": inline boilerplate
        '<div class="article-widget article-tweet">{}</div>',  # "widget": a page region
    ],
)
def test_an_embedded_post_is_kept_inside_a_social_or_widget_wrapper(wrapper: str) -> None:
    article = f"<p>{LONG_1}</p>{wrapper.format(TWEET)}<p>{LONG_2}</p><p>{LONG_3}</p>"
    body = body_of(page(article))
    assert "The package is done. Banks, ships and traders are on the list." in body
    assert body.startswith(LONG_1) and body.endswith(LONG_3)


def test_a_social_widget_without_an_embedded_post_still_goes() -> None:
    widget = '<div class="social-links"><p>Follow us for more news from Brussels</p></div>'
    body = body_of(page(f"<p>{LONG_1}</p>{widget}<p>{LONG_2}</p><p>{LONG_3}</p>"))
    assert "Follow us" not in body


def test_a_short_closing_japanese_sentence_is_text_not_chrome() -> None:
    paragraphs = [
        "キーボードショートカットが二つのアプリで重なると、後から起動した方が先に入力を"
        "受け取ってしまうため、設定画面でどちらか一方の組み合わせを変える必要があります。",
        "今回はパスワード管理ソフトの側で自動入力のホットキーを別の組み合わせに変更し、"
        "電子書籍リーダーは標準の設定のまま使えるようにしました。手順は三つだけです。",
        "設定を保存してから両方のアプリを再起動すると、それぞれのショートカットが期待"
        "どおりに動くことを確認できました。ほかの環境でも同じ方法で解決できるはずです。",
    ]
    closing = "これでようやく元の操作性を取り戻せました。"
    article = "".join(f"<p>{p}</p>" for p in [*paragraphs, closing])
    body = body_of(page(article, lang="ja"))
    assert body.split("\n\n") == [*paragraphs, closing]


def test_a_list_that_ends_the_article_is_kept_whole() -> None:
    teams = [f"Team {name} (Group {g}): {n}th appearance" for name, g, n in
             [("Alpha", "A", 10), ("Bravo", "B", 6), ("Charlie", "C", 4),
              ("Delta", "D", 12), ("Echo", "E", 5), ("Foxtrot", "F", 7)]]  # fmt: skip
    items = "".join(f"<li>{t}</li>" for t in teams)
    body = body_of(page(f"<p>{LONG_1}</p><p>{LONG_2}</p><ul>{items}</ul><p>Tags: euro</p>"))
    assert body.split("\n\n") == [LONG_1, LONG_2, *teams]


def test_two_label_items_after_the_article_are_still_chrome() -> None:
    items = "<li>Category: World</li><li>Section: Europe</li>"
    body = body_of(page(f"<p>{LONG_1}</p><p>{LONG_2}</p><ul>{items}</ul>"))
    assert body.split("\n\n") == [LONG_1, LONG_2]


def test_a_long_link_at_the_end_of_the_body_is_a_promo() -> None:
    promo = (
        '<p><a href="/subscribe">Get access to the fastest growing financial subscription '
        "service: in-depth market analysis, exclusive interviews, portfolio tools and "
        "research reports, with no advertising, for less than the price of a coffee a week, "
        "and cancel at any time you like from your own account page, on the web or in "
        "the app, which also brings you alerts on the stocks you follow.</a></p>"
    )
    assert len(promo) > 300 + 40  # longer than a "read also" line
    body = body_of(page(f"<p>{LONG_1}</p><p>{LONG_2}</p>{promo}"))
    assert body.split("\n\n") == [LONG_1, LONG_2]


def test_a_linked_phrase_inside_the_last_paragraph_stays() -> None:
    last = (
        'Officials said <a href="/2024/03/01/earlier">the previous package</a> had cut '
        "revenue by a fifth within a year, and that the new one would be reviewed in June."
    )
    body = body_of(page(f"<p>{LONG_1}</p><p>{LONG_2}</p><p>{last}</p>"))
    assert body.endswith("would be reviewed in June.")


def test_a_hover_card_inside_a_paragraph_goes_but_the_linked_name_stays() -> None:
    card = (
        '<span class="people"><a href="/people/jane-roe">Jane Roe</a><span class="card">'
        '<span><img src="/img/roe.jpg"><a href="/people/jane-roe">Jane Q. Roe</a>'
        '<a href="/2024/03/01/a">Roe doubles down on tariffs</a> '
        '<a href="/2024/02/01/b">Roe drops pipeline plan</a></span></span></span>'
    )
    lead = f"<p>Trade commissioner {card} said the measures would be reviewed in June.</p>"
    body = body_of(page(f"{lead}<p>{LONG_1}</p><p>{LONG_2}</p>"))
    assert body.split("\n\n")[0] == (
        "Trade commissioner Jane Roe said the measures would be reviewed in June."
    )
    assert "doubles down" not in body and "Jane Q. Roe" not in body


LINKS = "".join(
    f'<li><a href="/2024/03/0{i}/s">Earlier story number {i} about the sanctions</a></li>'
    for i in range(1, 5)
)


def test_the_label_of_a_dropped_link_list_goes_with_it() -> None:
    box = f"<h3>Read more on this</h3><ul>{LINKS}</ul>"  # the box: only label and list
    body = body_of(page(f"<p>{LONG_1}</p>{box}<p>{LONG_2}</p><p>{LONG_3}</p>"))
    assert body.split("\n\n") == [LONG_1, LONG_2, LONG_3]


def test_a_sentence_before_a_dropped_link_list_stays() -> None:
    intro = "<p>Earlier reports on the talks are listed below.</p>"
    body = body_of(page(f"<p>{LONG_1}</p>{intro}<ul>{LINKS}</ul><p>{LONG_2}</p>"))
    assert body.split("\n\n") == [LONG_1, "Earlier reports on the talks are listed below.", LONG_2]


def test_fine_print_under_the_article_goes() -> None:
    about = (
        '<p style="font-size: 12.0px; color: gray">Example Corp is a global provider of '
        "communication solutions, with offices in 18 countries and 2,300 employees.</p>"
    )
    posted = "<small><b>12/03/2024</b> - Posted by: Jane Roe - Category: World</small><br>"
    body = body_of(page(f"{posted}<p>{LONG_1}</p><p>{LONG_2}</p><p>{LONG_3}</p>{about}"))
    assert body.split("\n\n") == [LONG_1, LONG_2, LONG_3]


def test_an_article_set_in_small_type_throughout_is_kept() -> None:
    article = "".join(f'<p style="font-size:12px">{t}</p>' for t in (LONG_1, LONG_2, LONG_3))
    assert body_of(page(article)).split("\n\n") == [LONG_1, LONG_2, LONG_3]


def test_small_words_inside_a_sentence_stay() -> None:
    price = (
        "<p>Brent crude traded at $81 a barrel <small>(settlement price)</small> on Monday, "
        'up <span style="font-size:10px">1.2%</span> from Friday.</p>'
    )
    body = body_of(page(f"<p>{LONG_1}</p>{price}<p>{LONG_2}</p>"))
    assert "at $81 a barrel (settlement price) on Monday, up 1.2% from Friday." in body


def test_an_unfinished_prompt_at_the_end_goes_but_an_ellipsis_in_the_text_stays() -> None:
    trailing = "<h3>You may also be interested in...</h3>"
    middle = "<p>And then, the officials said, the waiting began...</p>"
    body = body_of(page(f"<p>{LONG_1}</p>{middle}<p>{LONG_2}</p>{trailing}"))
    assert body.split("\n\n") == [
        LONG_1,
        "And then, the officials said, the waiting began...",
        LONG_2,
    ]


def test_a_block_the_page_marks_robots_nocontent_goes() -> None:
    note = '<p class="slideshow-fallback robots-nocontent">This slideshow requires JavaScript.</p>'
    body = body_of(page(f"<p>{LONG_1}</p>{note}<p>{LONG_2}</p><p>{LONG_3}</p>"))
    assert body.split("\n\n") == [LONG_1, LONG_2, LONG_3]
