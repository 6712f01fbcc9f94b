"""Checking the URLs a user hands to `ingest`, `crawl` or a sites file, before any fetch.

One-off ingestion takes URLs from people and scripts, so it refuses what a crawler
should not fetch on someone's behalf: other schemes (file:, ftp:, javascript:) and
private, loopback or link-local targets, which could reach services behind the user's
firewall. `--allow-private` lifts the second rule for local testing (crawls of start
URLs and configured sites apply only the others). A URL with credentials in it is
refused everywhere.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit


def _is_private(host: str) -> bool:
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError):
        return False  # unresolvable: the fetch itself will fail with a DNS error
    for address in addresses:
        ip = ipaddress.ip_address(str(address).split("%")[0])
        if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved:
            return True
    return False


# Characters no host name holds (RFC 3986 leaves them out of reg-name; IDNs are letters).
_NOT_IN_HOSTS = frozenset('<>"{}|\\^`%')


def url_problem(url: str, *, allow_private: bool = False) -> str | None:
    """Why a URL cannot be ingested, or None when it can."""
    if not url.isprintable() or not _encodable(url):
        return "not a URL: control characters or bytes that are not UTF-8 (the file's encoding?)"
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
        _ = parts.port  # raises for a port out of 0-65535 ("Port out of range")
    except ValueError as error:
        return f"malformed URL: {error}: {url!r}"
    if parts.scheme.lower() not in ("http", "https"):
        return f"not an http(s) URL: {url!r}"
    if not host:
        return f"malformed URL (no host): {url!r}"
    if any(c.isspace() or c in _NOT_IN_HOSTS for c in host):
        # Scrapy fails on these with a traceback per request, and never fetches them
        return f"malformed URL (not a host name: {host!r}): {url!r}"
    if parts.username is not None or parts.password is not None:
        # Scrapy cannot fetch such a URL ("invalid hostname"), and the password would
        # reach the logs and the store: say so without repeating it.
        shown = parts._replace(netloc="***@" + parts.netloc.rpartition("@")[2]).geturl()
        return f"credentials in a URL are not supported: {shown!r}"
    if not allow_private and _is_private(host):
        return f"refused private or loopback target {host!r} (use --allow-private)"
    return None


def _encodable(text: str) -> bool:
    """False for text holding lone surrogates: undecodable bytes read with surrogateescape."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def printable(text: str) -> str:
    """`text` safe to print: undecodable bytes shown as escapes ("caf\\xe9") instead of
    crashing print."""
    try:
        raw = text.encode("utf-8", "surrogateescape")  # the bytes as they were read
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")
