"""URL identity: one spelling per page, and one URL per article.

Pure functions, no I/O. `canonicalize_url` removes what differs between two spellings of
the same resource (case of scheme and host, default ports, fragments, tracking parameters,
query order, percent-encoding); `article_url` also maps a page's AMP and print variants to
the article itself. `CanonicalRequestFingerprinter` makes Scrapy's dupefilter use the
article URL, so the crawl never fetches a variant of a page it already has.
"""

from __future__ import annotations

import functools
import hashlib
import re
from typing import TYPE_CHECKING, Self
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url as w3lib_canonicalize

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler

# Query parameters that say how a visitor arrived, never which page they get. Dropping
# them makes a link shared on social media and the same link from the site's own menu
# one URL. Exact names; `utm_*` and `_hs*` are matched by prefix below.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",  # Facebook click id
        "gclid",  # Google Ads click id
        "gclsrc",  # Google Ads click source
        "dclid",  # Google Display click id
        "gbraid",  # Google Ads (iOS) click id
        "wbraid",  # Google Ads (web-to-app) click id
        "msclkid",  # Microsoft Ads click id
        "yclid",  # Yandex Direct click id
        "ysclid",  # Yandex search click id
        "mc_cid",  # Mailchimp campaign id
        "mc_eid",  # Mailchimp recipient id
        "_ga",  # Google Analytics cross-domain linker
        "_gl",  # Google Analytics linker (gtag)
        "igshid",  # Instagram share id
        "igsh",  # Instagram share id (newer)
        "ref_src",  # Twitter/X referral source
        "ref_url",  # Twitter/X referral URL
        "twclid",  # Twitter/X click id
        "ttclid",  # TikTok click id
        "li_fat_id",  # LinkedIn click id
        "mkt_tok",  # Marketo email token
        "oly_anon_id",  # Omeda/Olytics visitor ids
        "oly_enc_id",
        "vero_id",  # Vero email id
        "s_cid",  # Adobe campaign id
        "cmpid",  # common publisher campaign id
        "ncid",  # Yahoo/Verizon campaign id
        "smid",  # New York Times share id
        "at_medium",  # AT Internet campaign fields
        "at_campaign",
        "wt_mc",  # Webtrekk campaign id
    }
)
TRACKING_PREFIXES = ("utm_", "_hs", "pk_", "mtm_")  # Google/HubSpot/Piwik/Matomo campaigns

DEFAULT_PORTS = {"http": 80, "https": 443}

# AMP and print variants of an article page. Query switches are dropped; path markers
# are removed: "/amp/" or "/print/" as a segment, "/amp" or "/print" at the end, and
# ".amp" before the end or before ".html" ("/story.amp", "/story.amp.html").
# "?amp", "?amp=1", "?print=true" switch a variant on; "?outputType=amp" and "?view=print"
# name it. Other values ("?view=gallery") select different content and are kept.
VARIANT_SWITCHES = frozenset({"amp", "print"})
VARIANT_SWITCH_VALUES = frozenset({"", "1", "true", "yes"})
VARIANT_SELECTORS = frozenset({"outputtype", "view", "output"})
VARIANT_SELECTOR_VALUES = frozenset({"amp", "print"})
_VARIANT_SEGMENT = re.compile(r"/(?:amp|print)(?=/|$)", re.IGNORECASE)
_AMP_SUFFIX = re.compile(r"\.amp(?=\.html?$|$)", re.IGNORECASE)
_AMP_HOST_PREFIX = "amp."


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def _netloc(scheme: str, host: str, port: int | None, userinfo: str) -> str:
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"  # IPv6 literal
    netloc = f"{userinfo}@{host}" if userinfo else host
    if port is not None and DEFAULT_PORTS.get(scheme) != port:
        netloc = f"{netloc}:{port}"
    return netloc


def _split_userinfo(netloc: str) -> str:
    return netloc.rpartition("@")[0] if "@" in netloc else ""


# A page's URLs are canonicalized when its item is made and again when the store keys it,
# a batch later (NEWSCRAWL_BATCH_SIZE pages of a few URLs each): a small cache serves the
# second time. 32 us a call on the store benchmark; 4,096 entries are about 1.5 MB.
@functools.lru_cache(maxsize=4096)
def canonicalize_url(url: str) -> str:
    """One spelling per resource; idempotent: canonicalize_url(canonicalize_url(u)) == it.

    Lowercases scheme and host, drops default ports, the fragment and tracking parameters
    (`TRACKING_PARAMS`), sorts the query and normalizes percent-encoding (w3lib). The path
    keeps its case: servers may treat /Story and /story as different pages. A string that
    is not an absolute http(s) URL is returned stripped but otherwise as given.
    """
    url = url.strip()
    try:
        parts = urlsplit(_forward_slashes(url))
    except ValueError:  # "http://host[": an unbalanced IPv6 bracket is no URL to rewrite
        return url
    host = _host(parts)
    if parts.scheme.lower() not in DEFAULT_PORTS or not host:
        return url
    try:
        port = parts.port
    except ValueError:
        port = None  # a malformed port: keep the host, drop the junk
    scheme = parts.scheme.lower()
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)
    ]
    rebuilt = urlunsplit(
        (
            scheme,
            _netloc(scheme, host, port, _split_userinfo(parts.netloc)),
            parts.path or "/",
            urlencode(query),
            "",
        )
    )
    try:
        return w3lib_canonicalize(rebuilt, keep_blank_values=True, keep_fragments=False)
    except ValueError:  # w3lib rejects some hosts urlsplit accepts ("http://[::1]@0")
        return rebuilt


def _host(parts: SplitResult) -> str:
    """The host to keep, "" when there is none: lowercase (urlsplit does that), without a
    trailing dot, which names the same host ("a.org.")."""
    return (parts.hostname or "").rstrip(".")


def _forward_slashes(url: str) -> str:
    """Backslashes before the query as slashes, as browsers read an http(s) URL.

    `http://a.org\\news` is `http://a.org/news` to a browser (WHATWG URL standard), and
    w3lib rewrites it so too; doing it before the host is read keeps canonicalization
    idempotent (a host "a.\\" must lose its dot on the first pass, not the second).
    """
    if "\\" not in url:
        return url
    end = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
    return url[:end].replace("\\", "/") + url[end:]


def _strip_variant_path(path: str) -> str:
    stripped = _AMP_SUFFIX.sub("", _VARIANT_SEGMENT.sub("", path))
    return stripped or "/"


def _is_variant_switch(name: str, value: str) -> bool:
    name, value = name.lower(), value.lower()
    if name in VARIANT_SWITCHES:
        return value in VARIANT_SWITCH_VALUES
    return name in VARIANT_SELECTORS and value in VARIANT_SELECTOR_VALUES


def article_url(url: str) -> str:
    """The canonical URL of the article a page shows, with AMP and print variants mapped.

    `https://amp.example.com/news/a.amp?amp=1`, `https://example.com/news/amp/a`,
    `https://example.com/news/a/print` and `https://example.com/news/a?print=1` all become
    `https://example.com/news/a`. Idempotent, like `canonicalize_url`.
    """
    canonical = canonicalize_url(url)
    try:
        parts = urlsplit(canonical)
    except ValueError:  # not a URL canonicalize_url could read; it came back as given
        return canonical
    if parts.scheme not in DEFAULT_PORTS or not _host(parts):
        return canonical  # canonicalize_url left it as given: so does this
    netloc = parts.netloc
    if netloc.startswith(_AMP_HOST_PREFIX) and netloc.count(".") >= 2:
        netloc = netloc[len(_AMP_HOST_PREFIX) :]
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    query = [(k, v) for k, v in pairs if not _is_variant_switch(k, v)]
    path = _strip_variant_path(parts.path)
    if netloc == parts.netloc and path == parts.path and len(query) == len(pairs):
        return canonical  # not a variant: already canonical, skip a second pass
    return canonicalize_url(urlunsplit((parts.scheme, netloc, path, urlencode(query), "")))


def site_of(url: str) -> str:
    """The site a URL belongs to: its lowercase host without a leading "www."."""
    try:
        host = (urlsplit(url.strip()).hostname or "").rstrip(".")
    except ValueError:  # "http://host[": no readable host
        return ""
    return host.removeprefix("www.")


def same_site(a: str, b: str) -> bool:
    """Whether two URLs are on the same site (hosts equal up to "www." and "amp.")."""
    first, second = site_of(a), site_of(b)
    return bool(first) and first.removeprefix(_AMP_HOST_PREFIX) == second.removeprefix(
        _AMP_HOST_PREFIX
    )


class CanonicalRequestFingerprinter:
    """Scrapy request fingerprinter (REQUEST_FINGERPRINTER_CLASS) keyed on the article URL.

    Two requests for variants of one article (tracking parameters, AMP, print, fragment)
    get one fingerprint, so the dupefilter fetches the article once. Method and body are
    part of the fingerprint, as in Scrapy's default; headers are not.
    """

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls()

    def fingerprint(self, request: Request) -> bytes:
        digest = hashlib.sha1(usedforsecurity=False)
        digest.update(request.method.upper().encode("ascii"))
        digest.update(b"\0")
        digest.update(article_url(request.url).encode("utf-8"))
        digest.update(b"\0")
        digest.update(request.body or b"")
        return digest.digest()
