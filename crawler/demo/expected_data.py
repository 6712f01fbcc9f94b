"""Build `expected/manifest.json`: what a crawl of the demo site must find.

Regenerate on purpose after changing the data, and review the diff:

    .venv/bin/python -m crawler.demo.expected_data
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

from crawler.demo.content import Article, Content, load_content

SEED_ID = "seed"


def _path_of(content: Content, article_id: str | None) -> str | None:
    return content.by_id(article_id).path if article_id else None


def _states(article: Article) -> list[int]:
    return [s for s in (1, 2) if article.exists_in(s)]


def _entry(content: Content, article: Article) -> dict[str, Any]:
    updated = article.in_state(2) if article.update else None
    return {
        "path": article.path,
        "id": article.id,
        "language": article.lang,
        "section": content.editions[article.lang].sections[article.section],
        "title": article.title,
        "published_at": article.published,
        "modified_at": article.modified,
        "source": article.source,
        # where the publication date is given: JSON-LD + meta, meta only, visible line only
        "metadata": article.meta,
        "duplicate_of": _path_of(content, article.duplicate_of),
        "near_duplicate_of": _path_of(content, article.near_duplicate_of),
        "translation_of": _path_of(content, article.translation),
        "states": _states(article),
        "updated_in_state_2": updated is not None,
        "modified_at_state_2": updated.modified if updated else article.modified,
        "removed_in_state_2": article.removed_in == 2,
    }


def _counts(content: Content) -> dict[str, dict[str, int]]:
    return {
        str(state): {lang: len(content.live(state, lang)) for lang in content.editions}
        for state in (1, 2)
    }


def build_manifest(content: Content) -> dict[str, Any]:
    articles = sorted(content.articles, key=lambda a: a.path)
    return {
        "site": content.name,
        "seed": content.by_id(SEED_ID).path,
        "entry_points": {
            "robots": "/robots.txt",
            "sitemap_index": "/sitemap.xml",
            "sitemaps": [f"/sitemap-{lang}.xml" for lang in content.editions],
            "feeds": [f"/{lang}/rss.xml" for lang in content.editions],
            "editions": [f"/{lang}/" for lang in content.editions],
        },
        "counts": _counts(content),
        "state_2": {
            "added": [a.path for a in articles if a.added_in == 2],
            "updated": [a.path for a in articles if a.update is not None],
            "removed": [a.path for a in articles if a.removed_in == 2],
            "removed_status": 410,
        },
        "articles": [_entry(content, a) for a in articles],
    }


def manifest_text(content: Content) -> str:
    return json.dumps(build_manifest(content), ensure_ascii=False, indent=2) + "\n"


def expected_dir() -> Path:
    return Path(str(files("crawler.demo").joinpath("expected")))


def demo_manifest() -> dict[str, Any]:
    """The shipped manifest (what `python -m crawler.demo.expected_data` wrote)."""
    loaded: dict[str, Any] = json.loads((expected_dir() / "manifest.json").read_text("utf-8"))
    return loaded


def main() -> None:
    target = expected_dir() / "manifest.json"
    target.write_text(manifest_text(load_content()), encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
