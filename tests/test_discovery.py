from spiders.discovery import Link, looks_like_xml, read_xml_links, sitemaps_from_robots

BASE = "https://news.example.org/"


def test_sitemap_urlset_with_lastmod_and_news_dates() -> None:
    body = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://news.example.org/a</loc><lastmod>2025-04-28T10:00:00+03:00</lastmod></url>
  <url><loc>https://news.example.org/b</loc>
       <news:news><news:publication_date>2025-04-29</news:publication_date></news:news></url>
</urlset>"""
    found = read_xml_links(body, BASE)
    assert found.kind == "urlset"
    assert found.links == (
        Link("https://news.example.org/a", "2025-04-28T10:00:00+03:00"),
        Link("https://news.example.org/b", "2025-04-29"),
    )


def test_sitemap_index_rss_and_atom() -> None:
    index = b"<sitemapindex><sitemap><loc>/sitemap-en.xml</loc></sitemap></sitemapindex>"
    assert read_xml_links(index, BASE).links == (Link("https://news.example.org/sitemap-en.xml"),)
    rss = (
        b"<rss><channel><item><link>/en/x</link>"
        b"<pubDate>Mon, 28 Apr 2025 10:00:00 +0300</pubDate></item></channel></rss>"
    )
    assert read_xml_links(rss, BASE).links == (
        Link("https://news.example.org/en/x", "Mon, 28 Apr 2025 10:00:00 +0300"),
    )
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="/en/y"/>'
        b"<updated>2025-04-28T10:00:00Z</updated></entry></feed>"
    )
    found = read_xml_links(atom, BASE)
    assert found.kind == "atom"
    assert found.links == (Link("https://news.example.org/en/y", "2025-04-28T10:00:00Z"),)


def test_entity_bomb_does_not_expand() -> None:
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss><channel><item><link>https://news.example.org/&lol3;</link></item></channel></rss>"""
    found = read_xml_links(bomb, BASE)
    assert all(len(link.url) < 100 for link in found.links)


def test_external_entity_is_not_read() -> None:
    xxe = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<urlset><url><loc>https://news.example.org/&x;</loc></url></urlset>"""
    found = read_xml_links(xxe, BASE)
    assert all("root:" not in link.url for link in found.links)


def test_malformed_and_garbage_xml_give_what_can_be_read() -> None:
    truncated = b"<urlset><url><loc>https://news.example.org/ok</loc></url><url><loc>https://news"
    assert Link("https://news.example.org/ok") in read_xml_links(truncated, BASE).links
    assert read_xml_links(b"\x00\xff garbage", BASE).links == ()
    assert read_xml_links(b"", BASE).links == ()


def test_robots_sitemap_lines_and_xml_sniffing() -> None:
    robots = (
        b"User-agent: *\nDisallow: /search\n"
        b"Sitemap: https://news.example.org/sitemap.xml\nsitemap: /news.xml\n"
    )
    assert sitemaps_from_robots(robots, BASE) == [
        "https://news.example.org/sitemap.xml",
        "https://news.example.org/news.xml",
    ]
    assert looks_like_xml(b'  <?xml version="1.0"?><rss>')
    assert not looks_like_xml(b"<!doctype html><html>")


def test_a_feed_linked_from_every_page_is_requested_once_and_does_not_stay_pending() -> None:
    """A second request for an answered feed would be dropped by the dupefilter without a
    callback and stay pending, and the spider's start would wait for it (60 s)."""
    from scrapy import Request
    from scrapy.http import HtmlResponse

    from crawler.sites import ad_hoc
    from spiders.site import SiteSpider

    spider = SiteSpider(config=ad_hoc(["https://news.example.org/"]))
    (feed,) = spider._xml_requests(["https://news.example.org/rss.xml"])
    spider._xml_done(feed)  # answered
    page = HtmlResponse(
        "https://news.example.org/world/",
        body=b'<html><head><link rel="alternate" type="application/rss+xml"'
        b' href="/rss.xml?utm_source=page"></head><body><a href="/a">A</a></body></html>',
        encoding="utf-8",
        request=Request("https://news.example.org/world/"),
    )
    followed = [request.url for request in spider._follow(page)]
    assert followed == ["https://news.example.org/a"]  # the feed is not asked for again
    assert spider.xml_pending == set()
