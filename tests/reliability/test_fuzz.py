"""Hypothesis drives generated HTML, URLs, bodies and XML through the pure functions.

No exception may escape `extract`, `canonicalize_url`/`article_url`, the fingerprints or
`read_xml_links`. The number of examples each target ran goes to the session figures.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from crawler.extraction import extract
from crawler.fingerprints import content_hash, near_print, normalize_text
from crawler.urls import article_url, canonicalize_url, site_of
from reliability.figures import FIGURES
from spiders.discovery import read_xml_links

T = TypeVar("T")
FAST = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow], "database": None}


def counted(target: str, call: Callable[[], T]) -> T:
    """Run one example, counting it and any exception (which still fails the test)."""
    FIGURES.fuzz_examples[target] = FIGURES.fuzz_examples.get(target, 0) + 1
    try:
        return call()
    except Exception:
        FIGURES.fuzz_exceptions += 1
        raise


# -- HTML ------------------------------------------------------------------------------

TAGS = ["div", "p", "span", "a", "article", "main", "section", "header", "footer", "nav",
        "aside", "h1", "h2", "ul", "li", "table", "tr", "td", "script", "style", "noscript",
        "iframe", "figure", "figcaption", "time", "meta", "link", "br", "img", "template",
        "svg", "math", "select", "title", "body", "head", "html", "form"]  # fmt: skip
ATTRS = ["class", "id", "href", "src", "lang", "content", "property", "name", "rel", "datetime",
         "itemprop", "type", "charset", "hidden", "style", "role"]  # fmt: skip
ODD = ["<", ">", "&", "&amp;", "&#0;", "&#xD800;", "&nbsp;", "<!--", "-->", "<![CDATA[", "]]>",
       "<?xml ?>", "<!DOCTYPE html>", "\x00", "\ufeff", "\u202e", "</p>", "<p", "'", '"',
       "Just a moment...", "Ray ID", "Cookie", "Share", "Related", "Advertisement"]  # fmt: skip

words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
attribute = st.tuples(st.sampled_from(ATTRS), words).map(lambda kv: f' {kv[0]}="{kv[1]}"')
leaf = st.one_of(words, st.sampled_from(ODD))


def element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda tag, attrs, inner, close: (
            f"<{tag}{''.join(attrs)}>{''.join(inner)}" + (f"</{tag}>" if close else "")
        ),
        st.sampled_from(TAGS),
        st.lists(attribute, max_size=3),
        st.lists(children, max_size=4),
        st.booleans(),
    )


documents = st.recursive(leaf, element, max_leaves=40)
JSON_LD = '<script type="application/ld+json">{"@type":"NewsArticle","headline":%s}</script>'


@settings(max_examples=1500, **FAST)
@given(documents, st.sampled_from(["", JSON_LD % '"x"', JSON_LD % "[1,{", "<html><body>"]))
def test_extract_generated_documents(html: str, head: str) -> None:
    result = counted("extract(html)", lambda: extract(head + html, "https://example.org/a/b"))
    assert isinstance(result.is_article, bool)


@settings(max_examples=800, **FAST)
@given(
    st.binary(max_size=3000),
    st.sampled_from([None, "utf-8", "cp1251", "latin-1", "utf-16", "bogus-charset", "ascii"]),
)
def test_extract_arbitrary_bytes(data: bytes, charset: str | None) -> None:
    result = counted(
        "extract(bytes)", lambda: extract(data, "https://example.org/b", encoding=charset)
    )
    assert isinstance(result.body, str)


# -- URLs ------------------------------------------------------------------------------

hosts = st.one_of(
    st.sampled_from(
        [
            "example.org",
            "EXAMPLE.org.",
            "xn--80ak6aa92e.com",
            "пример.укр",
            "127.0.0.1",
            "[::1]",
            "[fe80::1%25eth0]",
            "999.1.1.1",
            "a..b",
            "",
            "user:pass@example.org",
            "example.org:99999",
            "example.org:-1",
            "example.org:80",
            "[::ffff:1.2.3.4]:443",
        ]
    ),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20),
)
ODD_PARTS = ["/amp/", "/print", "?utm_source=x&a=1", "#frag", "%zz", "%00", "/../..", "//",
             "?output=amp", ";jsessionid=1", "/index.html", "?a=1&a=2&&"]  # fmt: skip
url_parts = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30
) | st.sampled_from(ODD_PARTS)
urls = st.builds(
    lambda scheme, host, parts: f"{scheme}{host}{''.join(parts)}",
    st.sampled_from(["http://", "https://", "HTTPS://", "ftp://", "", "//", "javascript:"]),
    hosts,
    st.lists(url_parts, max_size=4),
)


@settings(max_examples=4000, **FAST)
@given(st.one_of(urls, st.text(max_size=80)))
@example("http://.\\")  # found by a random draw: the host "." was emptied on a second pass
@example("http://a.\\")
@example("http:///amp//amp/")  # no host: article_url rewrote what canonicalize_url left
def test_urls_never_raise(url: str) -> None:
    def both() -> None:
        canonical = canonicalize_url(url)
        article = article_url(url)
        site_of(url)
        assert canonicalize_url(canonical) == canonical  # idempotent, as documented
        assert article_url(article) == article

    counted("canonicalize_url/article_url/site_of", both)


# -- fingerprints ----------------------------------------------------------------------


@settings(max_examples=3000, **FAST)
@given(st.text(max_size=2000))
def test_fingerprints_never_raise(text: str) -> None:
    def all_three() -> None:
        normalize_text(text)
        assert len(content_hash(text)) == 64
        assert all(-(2**63) <= v < 2**63 for v in near_print(text).sketch)

    counted("content_hash/near_print", all_three)


# -- feeds and sitemaps ----------------------------------------------------------------

ROOTS = ["urlset", "sitemapindex", "rss", "feed", "rdf:RDF", "html", "x"]
ENTRIES = ["url", "sitemap", "item", "entry", "loc", "link", "lastmod", "guid", "news:news"]
xml_text = st.one_of(
    words, st.sampled_from(["&lol;", "&amp;", "&#x0;", "]]>", "<", "http://a/b", "http://a[/b"])
)


def xml_node(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda tag, href, inner: f'<{tag} href="{href}">{"".join(inner)}</{tag}>',
        st.sampled_from(ENTRIES),
        words,
        st.lists(children, max_size=4),
    )


xml_documents = st.builds(
    lambda decl, doctype, root, body, cut: (
        f"{decl}{doctype}<{root}>{body}</{root}>"[: cut or None]
    ).encode("utf-8", "surrogatepass"),
    st.sampled_from(["", '<?xml version="1.0"?>', '<?xml version="1.0" encoding="cp1251"?>']),
    st.sampled_from(
        [
            "",
            '<!DOCTYPE x [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>',
            '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
        ]
    ),
    st.sampled_from(ROOTS),
    st.recursive(xml_text, xml_node, max_leaves=30),
    st.integers(min_value=0, max_value=400),
)


@settings(max_examples=3000, **FAST)
@given(st.one_of(xml_documents, st.binary(max_size=500)))
def test_read_xml_links_never_raises(body: bytes) -> None:
    found = counted("read_xml_links", lambda: read_xml_links(body, "https://example.org/"))
    assert all("root:" not in link.url for link in found.links)  # no file entity expanded
