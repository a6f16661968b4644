"""URLs listed in XML sitemaps (and one level of sitemap index), gzip or plain."""

from __future__ import annotations

import gzip
import html
import re
import zlib
from collections.abc import Awaitable, Callable
from urllib.parse import unquote, urlsplit

from app.discovery.links import Link, join_url
from app.discovery.ranking import statement_score
from app.discovery.session import Page

_LOC = re.compile(rb"<loc>\s*(.*?)\s*</loc>", re.IGNORECASE | re.DOTALL)
MAX_CHILD_SITEMAPS = 3
MAX_SITEMAP_BYTES = 50_000_000


def sitemap_locations(body: bytes) -> tuple[bool, list[str]]:
    """(is it a sitemap index?, the <loc> URLs it lists)."""
    if body[:2] == b"\x1f\x8b":
        try:
            body = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS).decompress(body, MAX_SITEMAP_BYTES)
        except (zlib.error, gzip.BadGzipFile):
            return False, []
    urls = [html.unescape(m.decode("utf-8", "replace")) for m in _LOC.findall(body)]
    return b"<sitemapindex" in body[:2048].lower(), urls


def _as_link(url: str, order: int) -> Link:
    """A sitemap URL in the shape of a link whose words are its path."""
    words = unquote(urlsplit(url).path).replace("-", " ").replace("_", " ").replace("/", " ")
    return Link(url, "", words.strip(), "", "", "sitemap", order)


async def sitemap_links(sitemaps: list[str], get: Callable[[str], Awaitable[Page]], limit: int) -> list[Link]:
    """Statement-like pages listed in the sitemaps, in listed order (children of an index searched too)."""
    found: list[Link] = []
    queue = list(sitemaps[:MAX_CHILD_SITEMAPS])
    fetched = 0
    while queue and fetched < MAX_CHILD_SITEMAPS + 1 and len(found) < limit:
        url = queue.pop(0)
        fetched += 1
        page = await get(url)
        if not page.ok:
            continue
        is_index, urls = sitemap_locations(page.body)
        if is_index:
            children = sorted(urls, key=lambda u: -statement_score(_as_link(u, 0)))
            joined = (join_url(page.final_url, child) for child in children[:MAX_CHILD_SITEMAPS])
            queue.extend(child for child in joined if child is not None)
            continue
        targets = [target for u in urls[:limit] if (target := join_url(page.final_url, u)) is not None]
        found.extend(_as_link(target, len(found) + i) for i, target in enumerate(targets))
    return found
