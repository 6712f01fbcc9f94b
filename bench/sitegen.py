"""A synthetic news site of N article pages, served from a separate process on loopback.

Pages are generated on request from their number (nothing on disk), deterministic, and
shaped like real news pages: head with scripts, styles and JSON-LD, a nav bar, a "most
read" sidebar, related teasers, share widgets, a cookie notice and a footer around 6-12
paragraphs of English prose, about 40 KB each. Every body differs, so deduplication has
real work to do and stores every page.

    python -m bench.sitegen --pages 5000 --port 8765
"""

from __future__ import annotations

import argparse
import random
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

WORDS = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "it",
    "as",
    "was",
    "with",
    "be",
    "by",
    "on",
    "not",
    "he",
    "this",
    "are",
    "or",
    "his",
    "from",
    "at",
    "which",
    "but",
    "have",
    "an",
    "had",
    "they",
    "you",
    "were",
    "their",
    "one",
    "all",
    "we",
    "can",
    "her",
    "has",
    "there",
    "been",
    "if",
    "more",
    "when",
    "will",
    "would",
    "who",
    "so",
    "no",
    "government",
    "minister",
    "said",
    "officials",
    "city",
    "region",
    "report",
    "police",
    "court",
    "week",
    "year",
    "people",
    "country",
    "state",
    "market",
    "company",
    "price",
    "energy",
    "war",
    "army",
    "ministry",
    "council",
    "parliament",
    "election",
    "vote",
    "party",
    "leader",
    "president",
    "budget",
    "plan",
    "law",
    "health",
    "school",
    "water",
    "power",
    "station",
    "bridge",
    "road",
    "village",
    "river",
    "winter",
    "summer",
    "spring",
    "autumn",
    "morning",
    "evening",
    "statement",
    "agency",
    "according",
    "local",
    "national",
    "international",
    "talks",
    "meeting",
    "agreement",
    "support",
    "aid",
    "crisis",
    "security",
    "border",
    "attack",
    "defence",
    "forces",
    "troops",
    "residents",
    "families",
    "workers",
    "farmers",
    "students",
    "teachers",
    "doctors",
    "hospital",
    "museum",
    "festival",
    "match",
    "team",
    "season",
    "record",
    "growth",
    "inflation",
    "bank",
    "rate",
    "tax",
    "export",
    "import",
    "grain",
    "steel",
    "rail",
    "airport",
    "port",
    "ship",
    "cargo",
]

SCRIPT = "<script>" + "var a=1;" * 400 + "</script>"
STYLE = "<style>" + ".c{margin:0;padding:0}" * 300 + "</style>"


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(9, 22))]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))


def teaser(number: int, pages: int) -> str:
    other = (number * 7919) % pages
    return f'<li><a href="/news/{other}.html">Story number {other} headline</a></li>'


def article(number: int, pages: int) -> bytes:
    rng = random.Random(number)
    title = f"Story {number}: " + sentence(rng)[:60]
    paras = "".join(f"<p>{paragraph(rng)}</p>" for _ in range(rng.randint(6, 12)))
    nav = "".join(
        f'<li class="menu-item"><a href="/section/{i}.html"><span>Section {i}</span></a></li>'
        for i in range(150)
    )
    most_read = "".join(teaser(number + i, pages) for i in range(10))
    related = "".join(teaser(number + 100 + i, pages) for i in range(5))
    footer = "".join(f'<a href="/about/{i}.html">Footer link {i}</a> ' for i in range(20))
    day = 1 + number % 28
    html = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:type" content="article"><meta property="og:title" content="{title}">
<meta property="article:published_time" content="2025-03-{day:02d}T08:00:00+00:00">
<link rel="canonical" href="/news/{number}.html">{STYLE}{SCRIPT}{SCRIPT}
<script type="application/ld+json">{{"@type":"NewsArticle","headline":"{title}",
"datePublished":"2025-03-{day:02d}T08:00:00+00:00"}}</script></head><body>
<header><nav><ul>{nav}</ul></nav></header>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept</button></div>
<main><article><h1>{title}</h1><div class="byline">By Staff Reporter</div>
<div class="article-body">{paras}</div>
<div class="share"><a href="#">Share</a> <a href="#">Tweet</a></div></article>
<aside class="related"><h3>Related</h3><ul>{related}</ul></aside></main>
<aside class="sidebar most-read"><h3>Most read</h3><ul>{most_read}</ul></aside>
<footer>{footer}</footer>{SCRIPT}</body></html>"""
    return html.encode()


def sitemap(pages: int, host: str) -> bytes:
    urls = "".join(f"<url><loc>http://{host}/news/{n}.html</loc></url>" for n in range(pages))
    return f'<?xml version="1.0"?><urlset>{urls}</urlset>'.encode()


class Handler(BaseHTTPRequestHandler):
    pages = 5000

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        body, kind = self.route(path)
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Type", kind)
        payload = body if body is not None else b"not found"
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def route(self, path: str) -> tuple[bytes | None, str]:
        html = "text/html; charset=utf-8"
        host = self.headers.get("Host", "127.0.0.1")
        if path == "/robots.txt":
            return f"User-agent: *\nSitemap: http://{host}/sitemap.xml\n".encode(), "text/plain"
        if path == "/sitemap.xml":
            return sitemap(self.pages, host), "application/xml"
        if path == "/":
            return b"<html><body><a href='/news/0.html'>first</a></body></html>", html
        if path.startswith("/news/") and path.endswith(".html"):
            stem = path[len("/news/") : -len(".html")]
            if stem.isdigit() and int(stem) < self.pages:
                return article(int(stem), self.pages), html
        return None, html


def serve(pages: int, port: int) -> None:
    Handler.pages = pages
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    print(f"serving {pages} pages on http://127.0.0.1:{server.server_port}/", flush=True)
    server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    serve(args.pages, args.port)


if __name__ == "__main__":
    main()
