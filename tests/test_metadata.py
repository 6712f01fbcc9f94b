"""Metadata: source precedence, date normalisation, label lines, alternates, titles."""

from __future__ import annotations

import lxml.html
import pytest

from crawler.extraction.dates import (
    date_from_url,
    is_date_only_text,
    parse_machine_date,
    parse_visible_date,
)
from crawler.extraction.labels import find_date_line_nodes, find_label_blocks
from crawler.extraction.metadata import extract_metadata

URL = "https://news.example/en/world/story-1.html"


def meta(html: str, url: str = URL):  # type: ignore[no-untyped-def]
    return extract_metadata(lxml.html.fromstring(html), url)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-04-28T14:05:00+03:00", "2025-04-28T14:05:00+03:00"),
        ("2025-04-28T14:05:00+0300", "2025-04-28T14:05:00+03:00"),
        ("2025-04-28T11:05Z", "2025-04-28T11:05:00+00:00"),
        ("2025-04-28 14:05", "2025-04-28T14:05:00"),
        ("2025-04-28", "2025-04-28"),
        ("Mon, 28 Apr 2025 14:05:00 +0300", "2025-04-28T14:05:00+03:00"),
        ("2025-02-30", None),
        ("0001-01-01T00:00:00Z", None),
        ("1970-01-01T00:00:00Z", None),
        ("Thu, 01 Jan 1970 00:00:00 GMT", None),
        ("1970-01-01T09:30:00+01:00", "1970-01-01T09:30:00+01:00"),
        ("1851-09-18", "1851-09-18"),
        ("yesterday", None),
        ("", None),
    ],
)
def test_machine_dates_keep_exactly_the_given_precision(value: str, expected: str | None) -> None:
    assert parse_machine_date(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("date 2025-04-28", "2025-04-28"),
        ("28 April 2025, 14:05", "2025-04-28T14:05:00"),
        ("28 квітня 2025", "2025-04-28"),
        ("28 квітня 2025 о 14:05", "2025-04-28T14:05:00"),
        ("1 мая 2023 г., 09:00", "2023-05-01T09:00:00"),
        ("April 28, 2025 2:05 PM", "2025-04-28T14:05:00"),
        ("Monday, November 18th, 2019 at 11:08 a.m.", "2019-11-18T11:08:00"),
        ("the 1st of May 2023", "2023-05-01"),
        ("May 4thly, 2023", None),
        ("28.04.2025 14:05", "2025-04-28T14:05:00"),
        ("2 hours ago", None),
    ],
)
def test_visible_dates_in_three_languages(text: str, expected: str | None) -> None:
    assert parse_visible_date(text) == expected


def test_date_only_text_rejects_sentences_with_dates() -> None:
    assert is_date_only_text("Monday, 28 April 2025, 14:05")
    assert not is_date_only_text("The treaty was signed on 28 April 2025 in Moscow by both sides")


def test_url_date_is_a_day_and_validated() -> None:
    assert date_from_url("https://x.example/news/2025/04/28/slug") == "2025-04-28"
    assert date_from_url("https://x.example/2025-13-40-slug") is None
    assert date_from_url("https://x.example/news/slug-1745838000.html") is None


def test_jsonld_beats_meta_beats_visible_beats_url() -> None:
    page = """<html><head>
    <script type="application/ld+json">{"@type": "NewsArticle",
      "datePublished": "2025-04-28T14:05:00+03:00"}</script>
    <meta property="article:published_time" content="2025-04-27T10:00:00+03:00"></head>
    <body><div>Published: 26 April 2025</div></body></html>"""
    md = meta(page, "https://x.example/2025/04/25/a")
    assert (md.published_at, md.published_source) == ("2025-04-28T14:05:00+03:00", "jsonld")
    md = meta(page.replace("NewsArticle", "WebPage"), "https://x.example/2025/04/25/a")
    assert (md.published_at, md.published_source) == ("2025-04-27T10:00:00+03:00", "meta")
    md = meta(
        "<html><body><div>Published: 26 April 2025</div></body></html>",
        "https://x.example/2025/04/25/a",
    )
    assert (md.published_at, md.published_source) == ("2025-04-26", "visible")
    md = meta("<html><body><p>No date here.</p></body></html>", "https://x.example/2025/04/25/a")
    assert (md.published_at, md.published_source) == ("2025-04-25", "url")
    assert meta("<html><body><p>No date.</p></body></html>").published_at is None


def test_a_byline_date_counts_below_a_date_line() -> None:
    byline = (
        '<p class="byline">By <a href="/a">Louis Jacobson</a> on Monday, November 18th, 2019</p>'
    )
    md = meta(f"<html><body><h1>Tariffs explained</h1>{byline}<p>Text.</p></body></html>")
    assert (md.published_at, md.published_source) == ("2019-11-18", "byline")
    assert md.authors == ["Louis Jacobson"]
    dated = f"<html><body><div>Published: 19 November 2019</div>{byline}</body></html>"
    assert meta(dated).published_source == "visible"


_HEADLINE = "Doctors offer free flu shots to detained migrants"
_LONG_PARAGRAPH = "<p>" + "Doctors warned of an epidemic in the detention centres. " * 6 + "</p>"
_TIME = '<time datetime="2019-11-19T10:36:00.000Z">1 day ago</time>'


def test_a_time_under_the_headline_dates_a_page_without_article() -> None:
    # MSN: no <article>, no date metadata; the header's <time> says "1 day ago" and keeps
    # the instant in datetime
    page = (
        f"<html><head><title>{_HEADLINE} - MSN</title></head><body><header><h1>{_HEADLINE}"
        f'</h1></header><section><div class="author">Suzanne Gamboa</div><div>{_TIME}</div>'
        f"</section>{_LONG_PARAGRAPH}</body></html>"
    )
    md = meta(page)
    assert (md.published_at, md.published_source) == ("2019-11-19T10:36:00+00:00", "time")


@pytest.mark.parametrize(
    "body",
    [
        # a logo's <h1> with the header clock under it: the h1 is not the page's title
        f"<h1>Example News</h1>{_TIME}<h2>{_HEADLINE}</h2>{_LONG_PARAGRAPH}",
        # a <time> after the body began: a comment's or a related story's
        f"<h1>{_HEADLINE}</h1>{_LONG_PARAGRAPH}{_TIME}",
        # a teaser card's date under the headline
        f'<h1>{_HEADLINE}</h1><div class="card"><a href="/s">Another story with a long'
        f" headline</a>{_TIME}</div>{_LONG_PARAGRAPH}",
    ],
)
def test_a_time_that_is_not_the_headlines_dates_nothing(body: str) -> None:
    md = meta(f"<html><head><title>{_HEADLINE}</title></head><body>{body}</body></html>")
    assert md.published_at is None


def test_a_written_by_byline_with_a_linked_name_dates_the_article() -> None:
    # the byline's own link (the author's page) does not make it a teaser card
    byline = (
        '<div><div><img src="/r.png"></div><div class="x1">Written by <a href="/team">'
        "Rachael Link, MS, RD</a> on November 14, 2019</div></div>"
    )
    article = "<article><p>Binge eating disorder is the most common.</p></article>"
    md = meta(
        f"<html><body><h1>Binge eating</h1><section>{byline}</section>{article}</body></html>"
    )
    assert (md.published_at, md.published_source) == ("2019-11-14", "byline")
    assert md.authors == ["Rachael Link"]


def test_a_placeholder_date_gives_way_to_the_next_source() -> None:
    page = """<html><head><script type="application/ld+json">{"@type": "NewsArticle",
      "datePublished": "0001-01-01T00:00:00Z", "dateModified": "0001-01-01T00:00:00Z"}</script>
    <meta property="article:published_time" content="2019-11-19T08:00:00Z"></head></html>"""
    md = meta(page)
    assert (md.published_at, md.published_source) == ("2019-11-19T08:00:00+00:00", "meta")
    assert md.modified_at is None


def test_a_lower_source_with_an_offset_adds_precision() -> None:
    page = """<html><head>
    <script type="application/ld+json">{"@type": "Article",
      "datePublished": "2025-04-28T14:05:00"}</script>
    <meta property="article:published_time" content="2025-04-28T14:05:00+03:00"></head></html>"""
    assert meta(page).published_at == "2025-04-28T14:05:00+03:00"


def test_broken_jsonld_and_graph_are_read() -> None:
    page = """<html><head>
    <script type="application/ld+json"><!--{"@type": "Organization", "name": "X",}--></script>
    <script type="application/ld+json">{"@graph": [{"@type": "WebPage"},
      {"@type": "BlogPosting", "headline": "Graph headline",
       "author": [{"@type": "Person", "name": "A B"}, {"@type": "Organization", "name": "Site"}],
       "keywords": "one, two", "articleSection": ["Tips"],}]}</script>
    <script type="application/ld+json">{not json at all</script></head></html>"""
    md = meta(page)
    assert md.jsonld_types == ["Organization", "WebPage", "BlogPosting"]
    assert (md.title, md.authors, md.tags, md.section) == (
        "Graph headline",
        ["A B"],
        ["one", "two"],
        "Tips",
    )


def test_unparsable_jsonld_still_gives_its_types_and_dates() -> None:
    # an unescaped quote in the description: no repair makes this JSON
    page = """<html><head><script type="application/ld+json">{"@type": "Article",
      "description": "the "Jewels" installation", "datePublished": "2018-04-18",
      "dateModified": "2019-04-10", "publisher": {"@type": "Organization"}}</script>
    <meta name="date" content="2018-04-01"></head></html>"""
    md = meta(page)
    assert md.jsonld_types == ["Article", "Organization"]
    assert (md.published_at, md.published_source, md.modified_at) == (
        "2018-04-18",
        "jsonld",
        "2019-04-10",
    )
    unreadable = page.replace('"@type": ', '"kind": ')
    assert meta(unreadable).jsonld_types == []
    assert meta(unreadable).published_at == "2018-04-01"


def test_itemprop_is_a_list_of_names() -> None:
    page = """<html><head><meta property="article:published"
      itemprop="datePublished dateCreated" content="2019-11-19T11:00:09.000Z">
    </head><body><span itemprop="dateModified dateUpdated"
      content="2019-11-20T08:00:00Z">Nov. 20</span></body></html>"""
    md = meta(page)
    assert (md.published_at, md.modified_at) == (
        "2019-11-19T11:00:09+00:00",
        "2019-11-20T08:00:00+00:00",
    )


def test_meta_kin_tags() -> None:
    page = """<html><head><meta name="parsely-pub-date" content="2025-01-02T03:04:05Z">
    <meta name="sailthru.author" content="By Jane Roe and John Doe">
    <meta name="parsely-section" content="Politics"><meta name="news_keywords" content="a, b">
    <meta name="dc.source" content="Reuters"></head></html>"""
    md = meta(page)
    assert md.published_at == "2025-01-02T03:04:05+00:00"
    assert md.authors == ["Jane Roe", "John Doe"]
    assert (md.section, md.tags, md.source) == ("Politics", ["a", "b"], "Reuters")


@pytest.mark.parametrize(
    "block",
    [
        '<div class="s">Source:  <a href="https://kcna.kp">KCNA</a></div>',
        '<p><span>Source</span><a href="#">KCNA</a></p>',
        "<dl><dt>Source</dt><dd>KCNA</dd></dl>",
    ],
)
def test_source_label_blocks_by_structure(block: str) -> None:
    md = meta(f"<html><body><h1>T</h1>{block}<p>{'Text. ' * 50}</p></body></html>")
    assert md.source == "KCNA"


def test_ukrainian_and_russian_labels() -> None:
    md = meta(
        "<html><body><div><span>Джерело:</span> <a>Укрінформ</a></div>"
        "<div>Рубрика: <a>Політика</a></div><div>Автор: Олена Петренко</div></body></html>"
    )
    assert (md.source, md.section, md.authors) == ("Укрінформ", "Політика", ["Олена Петренко"])
    assert meta("<html><body><p>Источник: ТАСС</p></body></html>").source == "ТАСС"


def test_a_sentence_starting_with_a_label_word_is_not_a_label() -> None:
    page = (
        "<html><body><p>Source code of the app was published on GitHub last week.</p></body></html>"
    )
    assert meta(page).source is None


def test_date_line_nodes_for_the_body_extractor() -> None:
    tree = lxml.html.fromstring(
        '<html><body><div id="d">date 2025-04-28</div><p id="p">A sentence on 28 April 2025 '
        'that is prose.</p><span id="t">28 квітня 2025, 14:05</span></body></html>'
    )
    assert [n.get("id") for n in find_date_line_nodes(tree)] == ["d", "t"]
    assert {b.kind for b in find_label_blocks(tree)} == {"published", "date"}


def test_teaser_dates_are_not_the_page_date() -> None:
    cards = "".join(
        f'<div class="card"><a>Story {i}</a><time>{i} April 2025</time></div>' for i in range(1, 6)
    )
    assert meta(f"<html><body><h1>Tag</h1>{cards}</body></html>").published_at is None


def test_alternates_from_hreflang_and_switch_links() -> None:
    page = """<html lang="en"><head>
    <link rel="alternate" hreflang="uk-UA" href="/uk/world/story-1.html">
    <link rel="alternate" hreflang="en" href="/en/world/story-1.html">
    <link rel="alternate" hreflang="x-default" href="/en/world/story-1.html"></head>
    <body><a href="/ru/world/story-1.html">RU</a><a href="/de/">DE</a>
    <a href="https://other.example/pl/world/story-1.html">PL</a>
    <a href="/ukr/news/a.html">Читати українською</a>
    <a href="/en/sport/english-premier-league.html">English Premier League</a></body></html>"""
    assert meta(page).alternates == {
        "uk": "https://news.example/uk/world/story-1.html",
        "ru": "https://news.example/ru/world/story-1.html",
    }


def test_same_path_under_another_language_prefix() -> None:
    page = '<html><body><a href="/uk/world/story-1.html"><img alt=""></a></body></html>'
    assert meta(page).alternates == {"uk": "https://news.example/uk/world/story-1.html"}


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (
            '<meta property="og:title" content="Big news | Kyiv Herald">'
            '<meta property="og:site_name" content="Kyiv Herald">',
            "Big news",
        ),
        ("<title>News.example - Big news: what we know</title>", "Big news: what we know"),
        (
            "<title>Big news — a long subtitle that is part of the headline itself</title>",
            "Big news — a long subtitle that is part of the headline itself",
        ),
    ],
)
def test_title_site_name_is_stripped(head: str, expected: str) -> None:
    assert meta(f"<html><head>{head}</head><body></body></html>").title == expected


def test_canonical_is_absolute() -> None:
    md = meta('<html><head><link rel="canonical" href="/en/world/story-1.html?x=1"></head></html>')
    assert md.canonical_url == "https://news.example/en/world/story-1.html?x=1"
    assert (
        meta(
            '<html><head><link rel="canonical" href="javascript:void(0)"></head></html>'
        ).canonical_url
        is None
    )


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By Jane Roe and John Doe", ["Jane Roe", "John Doe"]),
        ("Tess Bonn - 11/19/19 06:56 AM EST", ["Tess Bonn"]),
        ("Jason Cipriani | November 18, 2019", ["Jason Cipriani"]),
        ("Louis Jacobson on Monday, November 18th, 2019", ["Louis Jacobson"]),
        ("Rachael Link, MS, RD on Nov. 14, 2019", ["Rachael Link"]),
        ("Jane Roe, Ph.D., and John Doe, AP", ["Jane Roe", "John Doe"]),
        ("Автор: Олена Петренко і Тарас Бондар", ["Олена Петренко", "Тарас Бондар"]),
        ("jdadmin", []),
    ],
)
def test_byline_tails_are_not_names(byline: str, names: list[str]) -> None:
    page = f'<html><head><meta name="author" content="{byline}"></head></html>'
    assert meta(page).authors == names


def test_language_hints_from_the_page() -> None:
    page = f"""<html lang="uk-UA"><head><meta property="og:locale" content="uk_UA">
    <link rel="alternate" hreflang="uk" href="{URL}"></head></html>"""
    md = meta(page)
    assert md.hreflang == "uk"
    assert md.language_hints("ru").codes() == ["ru", "uk"]


def _label_blocks_by_full_scan(tree: lxml.html.HtmlElement) -> list[tuple[str, str, list[str]]]:
    """The reference: test every element under <body>, innermost first (no candidates)."""
    from crawler.extraction import labels

    body = tree.find(".//body")
    root = body if body is not None else tree
    found, claimed = [], set()
    for el in reversed([e for e in root.iter() if isinstance(e.tag, str)]):
        too_big = len(el.text_content()) > 3 * labels.MAX_BLOCK_CHARS
        if el in claimed or el.tag in labels._SKIP_TAGS or too_big:
            continue
        block = labels._block_of(el)
        if block is not None:
            found.append(block)
            for node in block.nodes:
                claimed.add(node)
                claimed.update(node.iterancestors())
    paths = tree.getroottree().getpath
    return [(b.kind, b.value, [paths(n) for n in b.nodes]) for b in reversed(found)]


def test_label_candidates_find_what_a_full_scan_finds() -> None:
    """`find_label_blocks` walks up from trigger text only; it must lose nothing."""
    from pathlib import Path

    from crawler.extraction.parse import decode, parse_document

    pages = sorted((Path(__file__).parent / "golden").glob("*.html"))
    extra = (
        "<html><body><div><span>Source</span><b>KCNA</b></div><p>Posted on<i> 28.04.2025</i>"
        "</p><div>Monday, 28 April 2025<div>Category: World</div></div><ul><li>"
        "<span>20</span>25</li><li>By Jane Doe and John Roe</li></ul><nav><a><span>Section 3"
        "</span></a><p>Sources\n :  Reuters</p><p>by the way</p><p>Section</p><p>World</p>"
        "</nav></body></html>"
    )
    htmls = [decode(p.read_bytes(), None) for p in pages] + [extra]
    for html in htmls:
        tree = parse_document(html)
        assert tree is not None
        paths = tree.getroottree().getpath
        got = [(b.kind, b.value, [paths(n) for n in b.nodes]) for b in find_label_blocks(tree)]
        assert got == _label_blocks_by_full_scan(tree)


def test_a_menu_of_label_words_without_values_is_not_searched() -> None:
    """A "Section 3" item starts with a label word but can be no label block: a menu
    of 150 such items made 300 candidates a page, a third of the extraction time."""
    from crawler.extraction import labels

    menu = "".join(f"<li><a><span>Section {i}</span></a></li>" for i in range(150))
    tree = lxml.html.fromstring(f"<html><body><nav><ul>{menu}</ul></nav></body></html>")
    assert labels._candidates(tree.find(".//body")) == []
    assert find_label_blocks(tree) == []
