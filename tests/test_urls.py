from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scrapy import Request

from crawler.urls import (
    CanonicalRequestFingerprinter,
    article_url,
    canonicalize_url,
    same_site,
    site_of,
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "HTTPS://WWW.Example.COM:443/News/A?b=2&a=1#top",
            "https://www.example.com/News/A?a=1&b=2",
        ),
        ("http://example.com:80/a", "http://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com/a?utm_source=x&utm_medium=y&id=3", "https://example.com/a?id=3"),
        ("https://example.com/a?fbclid=1&gclid=2&mc_cid=3&_ga=4&igshid=5", "https://example.com/a"),
        ("https://example.com/a%7eb", "https://example.com/a~b"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/путь", "https://example.com/%D0%BF%D1%83%D1%82%D1%8C"),
        ("mailto:someone@example.com", "mailto:someone@example.com"),
        # a browser reads backslashes before the query as slashes; the query keeps its own
        ("https://Example.com.\\news\\a?q=a\\b", "https://example.com/news/a?q=a%5Cb"),
        ("http://.\\", "http://.\\"),  # no host left once its dot goes: not rewritten
    ],
)
def test_canonicalize_url(url: str, expected: str) -> None:
    assert canonicalize_url(url) == expected


@pytest.mark.parametrize(
    "variant",
    [
        "https://example.com/news/story",
        "https://example.com/news/story#comments",
        "https://example.com/news/story?utm_campaign=x",
        "https://amp.example.com/news/story",
        "https://example.com/amp/news/story",
        "https://example.com/news/story/amp",
        "https://example.com/news/story.amp",
        "https://example.com/news/story?amp=1",
        "https://example.com/news/story?amp",
        "https://example.com/news/story?outputType=amp",
        "https://example.com/news/story/print",
        "https://example.com/print/news/story",
        "https://example.com/news/story?print=1",
        "https://example.com/news/story?print=true&utm_source=t",
    ],
)
def test_article_url_maps_amp_and_print_variants(variant: str) -> None:
    assert article_url(variant) == "https://example.com/news/story"


def test_article_url_keeps_other_content_selectors() -> None:
    assert article_url("https://example.com/story?view=gallery") == (
        "https://example.com/story?view=gallery"
    )
    assert article_url("https://example.com/amplifier/x") == "https://example.com/amplifier/x"
    assert article_url("https://example.com/news/story.amp.html") == (
        "https://example.com/news/story.html"
    )


def test_site_of_and_same_site() -> None:
    assert site_of("https://www.BBC.co.uk/news") == "bbc.co.uk"
    assert same_site("https://www.example.com/a", "http://example.com/b")
    assert same_site("https://amp.example.com/a", "https://example.com/b")
    assert not same_site("https://example.com/a", "https://example.org/a")
    assert not same_site("not a url", "also not")


def test_fingerprinter_ignores_variants_but_not_method_or_body() -> None:
    fingerprinter = CanonicalRequestFingerprinter()
    base = fingerprinter.fingerprint(Request("https://example.com/news/story"))
    assert fingerprinter.fingerprint(Request("https://amp.example.com/news/story?utm_x=1")) == base
    assert fingerprinter.fingerprint(Request("https://example.com/news/story/print")) == base
    post = Request("https://example.com/news/story", method="POST", body=b"a=1")
    assert fingerprinter.fingerprint(post) != base
    assert fingerprinter.fingerprint(Request("https://example.com/news/other")) != base
    assert isinstance(base, bytes)


urls = st.builds(
    lambda scheme, host, port, path, query, fragment: (
        f"{scheme}://{host}{port}/{path}{'?' + query if query else ''}"
        f"{'#' + fragment if fragment else ''}"
    ),
    st.sampled_from(["http", "https", "HTTP", "HTTPS"]),
    st.from_regex(r"(www\.|amp\.)?[a-zA-Z0-9-]{1,12}\.(com|ua|co\.uk)", fullmatch=True),
    st.sampled_from(["", ":80", ":443", ":8080"]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_characters="?#\\"), max_size=30),
    st.text(alphabet=st.characters(codec="utf-8", exclude_characters="#\\"), max_size=30),
    st.text(max_size=10),
)


@given(urls)
def test_canonicalize_is_idempotent(url: str) -> None:
    once = canonicalize_url(url)
    assert canonicalize_url(once) == once


@given(urls)
def test_article_url_is_idempotent(url: str) -> None:
    once = article_url(url)
    assert article_url(once) == once
