"""Regenerate the labelled dedup pairs: tests/dedup/pairs.jsonl (fixed seed, deterministic).

Bodies come from the article-extraction benchmark's ground truth (181 real articles, MIT);
variants are made from them here, and hand-written texts come from scripts/dedup_texts.py.

Labels (decided by what a reader would call the pair, before any detector ran):
- duplicate: the same article text republished: another URL spelling (tracking, AMP,
  print), another site's copy, re-typeset, headline changed, a sentence edited, a
  paragraph added or removed, or 5/10/20% of words replaced by a copy editor;
- version: the same URL, fetched again after the article was updated;
- translation: the same news item in English and Ukrainian;
- not_duplicate: different articles, including hard cases: the same site template around
  different bodies, the same event written up by two outlets, templated market briefs.

Usage: python scripts/make_dedup_pairs.py [--source PATH] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dedup_texts import SAME_EVENT, TRANSLATIONS

SEED = 20261124
SOURCE = (
    Path(__file__).resolve().parent.parent.parent
    / "shared"
    / "benchmarks"
    / "article-extraction"
    / "ground-truth.json"
)
OUT = Path(__file__).resolve().parent.parent / "tests" / "dedup" / "pairs.jsonl"
PER_CATEGORY = 12
MIN_WORDS = 150  # bodies shorter than this are too small to edit by percentages

TEMPLATE_TOP = (
    "Subscribe to our newsletter to get the day's top stories in your inbox.\n\n"
    "Follow us on Facebook, Telegram and X for breaking news and analysis."
)
TEMPLATE_BOTTOM = (
    "Have a story to share? Write to our newsroom; all tips are confidential.\n\n"
    "© 2024 The Daily Courier. All rights reserved. Republication without permission is "
    "prohibited."
)
EDITOR_NOTE = (
    "This story was first published by our partner agency and is republished under a "
    "content-sharing agreement. It has been edited for length."
)
COMPANIES = ["Acme Corp", "Borealis Energy", "Cobalt Systems", "Delta Foods", "Evergreen Bank",
             "Fjord Shipping", "Granite Telecom", "Helios Solar", "Ion Pharma", "Juniper Retail",
             "Kestrel Motors", "Lumen Media", "Meridian Steel", "Nimbus Cloud"]  # fmt: skip


def load_bodies(source: Path) -> list[tuple[str, str, str]]:
    from langdetect import DetectorFactory, detect

    DetectorFactory.seed = 0
    data = json.loads(source.read_text())
    rows = []
    for key in sorted(data):
        body = data[key]["articleBody"].strip()
        if len(body.split()) >= MIN_WORDS:
            rows.append((data[key]["url"], body, detect(body[:2000])))
    return rows


def doc(url: str, title: str, body: str, language: str) -> dict[str, str]:
    return {"url": url, "title": title, "body": body, "language": language}


def title_of(body: str) -> str:
    return " ".join(body.split()[:8])


def replace_words(body: str, share: float, rng: random.Random, pool: list[str]) -> str:
    """A copy editor's pass: `share` of the words (spread through the text) replaced."""
    words = body.split(" ")
    for i in rng.sample(range(len(words)), int(len(words) * share)):
        words[i] = rng.choice(pool)
    return " ".join(words)


def edit_sentence(body: str, rng: random.Random) -> str:
    sentences = body.split(". ")
    i = rng.randrange(len(sentences))
    sentences[i] = "A spokesperson declined to comment further when reached on Tuesday"
    return ". ".join(sentences)


def drop_paragraph(body: str, rng: random.Random) -> str:
    paragraphs = body.split("\n\n")
    if len(paragraphs) < 3:
        return edit_sentence(body, rng)
    del paragraphs[rng.randrange(1, len(paragraphs))]
    return "\n\n".join(paragraphs)


def retypeset(body: str) -> str:
    typeset = body.replace("'", "\u2019").replace(" - ", " \u2014 ").replace('"', "\u201d")
    return typeset.replace("\n\n", "\n \n").replace(". ", ".  ")


def url_variant(url: str, kind: str) -> str:
    base = url.split("?")[0].split("#")[0].rstrip("/")
    if kind == "tracking":
        return f"{base}?utm_source=twitter&utm_medium=social&fbclid=IwAR0abc#comments"
    if kind == "amp":
        scheme, _, rest = base.partition("://")
        host, _, path = rest.partition("/")
        return f"{scheme}://{host}/amp/{path}"
    return f"{base}/print"


def other_site(url: str, n: int) -> str:
    path = url.split("://", 1)[1].split("/", 1)[-1]
    return f"https://partner{n}.example.net/{path}"


Variant = Callable[[str, str, str, random.Random], tuple[dict[str, str], str]]


def make_duplicates(rows: list, rng: random.Random, pool: list[str]) -> list[dict]:
    def same(kind: str) -> Variant:
        def make(url: str, body: str, lang: str, r: random.Random) -> tuple[dict, str]:
            return doc(url_variant(url, kind), title_of(body), body, lang), f"{kind} URL variant"

        return make

    def copy(edit: Callable[[str, random.Random], str], reason: str, title: str = "") -> Variant:
        def make(url: str, body: str, lang: str, r: random.Random) -> tuple[dict, str]:
            new_title = title or title_of(body)
            return doc(other_site(url, r.randrange(9)), new_title, edit(body, r), lang), reason

        return make

    variants: dict[str, Variant] = {
        "url_tracking": same("tracking"),
        "url_amp": same("amp"),
        "url_print": same("print"),
        "syndicated_exact": copy(lambda b, r: b, "verbatim copy on a partner site"),
        "retypeset": copy(lambda b, r: retypeset(b), "quotes, dashes and spacing re-typeset"),
        "headline_changed": copy(lambda b, r: b, "same body, new headline", "Partner: Top story"),
        "sentence_edited": copy(edit_sentence, "one sentence rewritten"),
        "paragraph_added": copy(lambda b, r: b + "\n\n" + EDITOR_NOTE, "editor's note added"),
        "paragraph_removed": copy(drop_paragraph, "one paragraph cut"),
        "words_5pct": copy(lambda b, r: replace_words(b, 0.05, r, pool), "5% of words changed"),
        "words_10pct": copy(lambda b, r: replace_words(b, 0.10, r, pool), "10% of words changed"),
        "words_20pct": copy(lambda b, r: replace_words(b, 0.20, r, pool), "20% of words changed"),
    }
    pairs = []
    for category, variant in variants.items():
        for url, body, lang in rng.sample(rows, PER_CATEGORY):
            b, reason = variant(url, body, lang, rng)
            a = doc(url, title_of(body), body, lang)
            pairs.append({"category": category, "label": "duplicate", "reason": reason,
                          "a": a, "b": b})  # fmt: skip
    return pairs


def make_versions(rows: list, rng: random.Random, pool: list[str]) -> list[dict]:
    pairs = []
    for url, body, lang in rng.sample(rows, PER_CATEGORY):
        updated = body + "\n\nUpdate: this article was updated with new information."
        pairs.append({"category": "version", "label": "version",
                      "reason": "same URL refetched after an update",
                      "a": doc(url, title_of(body), body, lang),
                      "b": doc(url, title_of(body), updated, lang)})  # fmt: skip
    return pairs


def make_negatives(rows: list, rng: random.Random) -> list[dict]:
    pairs = []
    for i in range(PER_CATEGORY * 2):
        (url_a, body_a, lang_a), (_, body_b, _) = rng.sample(rows, 2)
        host = url_a.split("/")[2]
        wrap = f"{TEMPLATE_TOP}\n\n{{}}\n\n{TEMPLATE_BOTTOM}"
        pairs.append({"category": "same_template", "label": "not_duplicate",
                      "reason": "different articles inside the same site template",
                      "a": doc(url_a, title_of(body_a), wrap.format(body_a), lang_a),
                      "b": doc(f"https://{host}/story/{i}", title_of(body_b),
                               wrap.format(body_b), lang_a)})  # fmt: skip
    for _ in range(PER_CATEGORY * 2):
        (url_a, body_a, lang_a), (url_b, body_b, _) = rng.sample(rows, 2)
        pairs.append({"category": "different", "label": "not_duplicate",
                      "reason": "unrelated articles",
                      "a": doc(url_a, title_of(body_a), body_a, lang_a),
                      "b": doc(url_b, title_of(body_b), body_b, lang_a)})  # fmt: skip
    return pairs


def brief(company: str, rng: random.Random) -> str:
    up = rng.choice(["rose", "fell"])
    return (
        f"Shares of {company} {up} {rng.randint(2, 19)}.{rng.randint(0, 9)}% on "
        f"{rng.choice(['Monday', 'Tuesday', 'Wednesday', 'Thursday'])} after the company "
        f"reported quarterly revenue of ${rng.randint(120, 990)} million, against analyst "
        f"expectations of ${rng.randint(120, 990)} million. Net income was "
        f"${rng.randint(5, 90)} million. The company will hold a call with investors later "
        f"this week. {company} employs about {rng.randint(2, 40)},000 people."
    )


def make_hard_negatives(rng: random.Random) -> list[dict]:
    pairs = []
    for i, (title_a, body_a, title_b, body_b) in enumerate(SAME_EVENT):
        pairs.append({"category": "same_event", "label": "not_duplicate",
                      "reason": "same event, different outlets and wording",
                      "a": doc(f"https://one.example.org/a/{i}", title_a, body_a, "en"),
                      "b": doc(f"https://two.example.com/{i}", title_b, body_b, "en")})  # fmt: skip
    for i in range(PER_CATEGORY):
        first, second = rng.sample(COMPANIES, 2)
        pairs.append({"category": "templated_brief", "label": "not_duplicate",
                      "reason": "automated earnings briefs: same template, other company",
                      "a": doc(f"https://markets.example.com/brief/{i}a", first,
                               brief(first, rng), "en"),
                      "b": doc(f"https://markets.example.com/brief/{i}b", second,
                               brief(second, rng), "en")})  # fmt: skip
    return pairs


def make_translations() -> list[dict]:
    pairs = []
    for i, (title_en, body_en, title_uk, body_uk) in enumerate(TRANSLATIONS):
        en_url, uk_url = (
            f"https://news.example.ua/en/story/{i}",
            f"https://news.example.ua/story/{i}",
        )
        a = doc(en_url, title_en, body_en, "en") | {"alternates": {"uk": uk_url}}
        b = doc(uk_url, title_uk, body_uk, "uk") | {"alternates": {"en": en_url}}
        pairs.append({"category": "translation", "label": "translation",
                      "reason": "hreflang-linked en and uk", "a": a, "b": b})  # fmt: skip
        # the same pair when only the later page declares the link
        a2 = doc(en_url.replace("news.", "www2."), title_en, body_en, "en")
        b2 = doc(uk_url.replace("news.", "www2."), title_uk, body_uk, "uk") | {
            "alternates": {"en": a2["url"]}
        }
        pairs.append({"category": "translation_one_way", "label": "translation",
                      "reason": "only the Ukrainian page links", "a": a2, "b": b2})  # fmt: skip
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    rng = random.Random(SEED)
    rows = load_bodies(args.source)
    pool = sorted({w for _, body, lang in rows if lang == "en" for w in body.split()[:200]})
    pairs = make_duplicates(rows, rng, pool) + make_versions(rows, rng, pool)
    pairs += make_negatives(rows, rng) + make_hard_negatives(rng) + make_translations()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for n, pair in enumerate(pairs):
            out.write(json.dumps({"id": n, **pair}, ensure_ascii=False) + "\n")
    print(f"{len(pairs)} pairs -> {args.out}")


if __name__ == "__main__":
    main()
