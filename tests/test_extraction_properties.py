"""Property: extract() returns an Extraction for any HTML-ish text or bytes, never raises.

`extract` catches everything internally and reports failures in `reason`, so the test
also asserts that no example ends in "extraction failed": a swallowed exception is a
bug just like a raised one.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.extraction import extract
from crawler.extraction.result import Extraction

TAGS = ["html", "head", "body", "div", "p", "span", "a", "article", "h1", "h2", "ul", "li",
        "script", "style", "time", "meta", "link", "table", "td", "br", "blockquote"]  # fmt: skip
ATTRS = ['class="x"', 'id="main"', 'href="/uk/a"', 'lang="uk"', 'hreflang="en"', 'rel="canonical"',
         'property="og:title" content="T"', 'type="application/ld+json"', 'datetime="2025-04-28"',
         'charset="koi8-u"', 'content="text/html; charset=windows-1251"']  # fmt: skip
WORDS = st.text(
    alphabet=st.sampled_from("abcxyz АБВабвіїєґыэ 0123456789 .,:;!?-—«»&<>/\"'=\n\t\x00\u200b{}[]"),
    max_size=40,
)


@st.composite
def html_ish(draw: st.DrawFn) -> str:
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 25))):
        kind = draw(st.integers(0, 5))
        tag = draw(st.sampled_from(TAGS))
        if kind == 0:
            attrs = " ".join(draw(st.lists(st.sampled_from(ATTRS), max_size=3)))
            parts.append(f"<{tag} {attrs}>")
        elif kind == 1:
            parts.append(f"</{tag}>")
        elif kind == 2:
            parts.append('{"@type": "NewsArticle", "datePublished": "' + draw(WORDS) + '"')
        else:
            parts.append(draw(WORDS))
    return "".join(parts)


# 460 examples in total run in about 3 s here, well under the 30 s budget;
# deadline off because the first call loads langdetect's profiles (about 0.8 s).
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(result: Extraction) -> None:
    assert isinstance(result, Extraction)
    assert not (result.reason or "").startswith("extraction failed"), result.reason
    assert isinstance(result.body, str)
    assert result.language is None or len(result.language) == 2


@SETTINGS
@given(html_ish())
def test_extract_never_raises_on_html_ish_text(html: str) -> None:
    check(extract(html, "https://news.example/en/a/1.html"))


@settings(max_examples=100, deadline=None)
@given(
    st.binary(max_size=2000), st.sampled_from([None, "utf-8", "windows-1251", "koi8-u", "bogus"])
)
def test_extract_never_raises_on_bytes(data: bytes, charset: str | None) -> None:
    check(extract(data, "https://news.example/a", encoding=charset))


@settings(max_examples=60, deadline=None)
@given(html_ish(), st.sampled_from(["utf-8", "cp1251", "koi8_u"]))
def test_extract_never_raises_on_encoded_html(html: str, codec: str) -> None:
    check(extract(html.encode(codec, errors="replace"), "https://news.example/a"))
