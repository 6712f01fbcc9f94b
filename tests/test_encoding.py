"""Decoding: BOM, header, meta, and recovery from missing or wrong Cyrillic charsets."""

from __future__ import annotations

import codecs

import pytest

from crawler.extraction.encoding import decode_html

TEXT = (
    "Україна отримала нову партію допомоги від партнерів. Це важливо для всіх, "
    "хто чекав на рішення уряду щодо підтримки громад."
)


def page(charset: str | None) -> str:
    meta = (
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        if charset
        else ""
    )
    return f"<html><head>{meta}<title>Новини</title></head><body><p>{TEXT}</p></body></html>"


@pytest.mark.parametrize("codec", ["cp1251", "koi8_u", "utf-8"])
@pytest.mark.parametrize(
    ("header", "meta"),
    [
        (None, None),  # nothing declared
        ("{codec}", None),  # header only
        (None, "{codec}"),  # meta only
        ("iso-8859-1", None),  # wrong header (a server default)
        ("utf-8", None),  # wrong header
        (None, "{other}"),  # wrong meta
        ("text/html; charset={other}", "{codec}"),  # wrong full Content-Type header
    ],
)
def test_cyrillic_pages_decode_whatever_is_declared(
    codec: str, header: str | None, meta: str | None
) -> None:
    other = {"cp1251": "koi8-u", "koi8_u": "windows-1251", "utf-8": "windows-1251"}[codec]
    fill = {"codec": codec, "other": other}
    data = page(meta.format(**fill) if meta else None).encode(codec)
    text, used = decode_html(data, header.format(**fill) if header else None)
    assert TEXT in text
    assert codecs.lookup(used).name == codecs.lookup(codec).name


def test_bom_wins_over_declarations() -> None:
    data = codecs.BOM_UTF8 + page("windows-1251").encode("utf-8")
    text, used = decode_html(data, "koi8-u")
    assert (TEXT in text, used, text[0]) == (True, "utf-8", "<")
    text, used = decode_html(codecs.BOM_UTF16_LE + page(None).encode("utf-16-le"), None)
    assert TEXT in text and used.startswith("utf-16")


def test_western_pages_keep_their_declared_charset() -> None:
    french = "<p>Le café est très bon à Paris, où l'été est chaud. Müller grüßt.</p>"
    text, used = decode_html(french.encode("cp1252"), "iso-8859-1")
    assert (text, used) == (french, "cp1252")


def test_unknown_charset_and_garbage_never_raise() -> None:
    text, used = decode_html(page("x-no-such-charset").encode("utf-8"), "bogus; charset=??")
    assert TEXT in text and used == "utf-8"
    assert decode_html(bytes(range(256)) * 4, None)[1] in {"cp1251", "koi8-u", "cp1252"}
    assert decode_html(b"", None) == ("", "utf-8")


def test_a_few_capitalised_cyrillic_labels_do_not_overrule_the_declaration() -> None:
    english = (
        "<p>" + "An English page with a Ukrainian menu. " * 20 + "</p><b>НОВИНИ</b> <b>СПОРТ</b>"
    )
    text, used = decode_html(english.encode("cp1251"), "windows-1251")
    assert ("НОВИНИ" in text, used) == (True, "cp1251")


def test_utf8_with_a_stray_byte_stays_utf8() -> None:
    data = page(None).encode("utf-8") + b"\xff tail \xe2\x80"
    text, used = decode_html(data, None)
    assert (TEXT in text, used) == (True, "utf-8")
    english = ("It’s a “quoted” word — again. " * 20).encode("utf-8") + b"\x92"
    assert decode_html(english, None)[1] == "utf-8"
