"""Links of an HTML page with everything that can name their target, and where on the page they sit."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from lxml import etree

LinkLocation = Literal["nav", "dropdown", "header", "footer", "body", "sitemap"]
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)""", re.IGNORECASE)
_DROPDOWN_HINT = re.compile(r"drop-?down|sub-?menu|sub-?nav|mega|flyout|children|popover", re.IGNORECASE)
_NAV_HINT = re.compile(r"\b(nav|navbar|navigation|menu|main-menu)\b", re.IGNORECASE)
_FOOTER_HINT = re.compile(r"\bfooter\b", re.IGNORECASE)


@dataclass(frozen=True)
class Link:
    """One link: absolute target, the words that name it, its place on the page and its document order.

    `label`, `path` and `host` are worked out once, when the link is made, for the ranking that reads them often.
    """

    href: str
    text: str
    title: str
    aria_label: str
    alt: str
    location: LinkLocation
    order: int
    label: str = field(init=False, repr=False, compare=False)  # every naming text joined
    path: str = field(init=False, repr=False, compare=False)  # the target's path, percent-decoded
    host: str = field(init=False, repr=False, compare=False)  # the target's host name, lower-cased, or ""

    def __post_init__(self) -> None:
        parts = urlsplit(self.href)
        label = " ".join(part for part in (self.text, self.title, self.aria_label, self.alt) if part)
        object.__setattr__(self, "label", label)
        object.__setattr__(self, "path", unquote(parts.path))
        object.__setattr__(self, "host", (parts.hostname or "").lower())


@dataclass(frozen=True)
class ParsedPage:
    """An HTML page reduced to its title and links."""

    title: str
    links: list[Link]


def guess_encoding(body: bytes, content_type_header: str | None) -> str:
    """Charset from the Content-Type header, then <meta>, then UTF-8 if it decodes, else Windows-1252."""
    if content_type_header and "charset=" in content_type_header.lower():
        charset = content_type_header.lower().split("charset=", 1)[1].split(";")[0].strip(" \"'")
        if _known_codec(charset):
            return charset
    match = _META_CHARSET.search(body[:4096])
    if match and _known_codec(match.group(1).decode("ascii")):
        return match.group(1).decode("ascii").lower()
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _known_codec(name: str) -> bool:
    """Whether Python knows the codec."""
    try:
        "".encode(name)
    except LookupError:
        return False
    return True


def parse_links(
    body: bytes, base_url: str, content_type_header: str | None = None, keep: Callable[[str], bool] | None = None
) -> ParsedPage:
    """Parse HTML into a title and absolute http(s) links (fragment-less, de-duplicated by target).

    `keep`, given the words and raw target of a link, skips uninteresting links cheaply (huge menus, catalogues).
    """
    encoding = guess_encoding(body, content_type_header)
    parser = etree.HTMLParser(encoding=encoding, remove_comments=True, remove_pis=True, no_network=True)
    try:
        root = etree.fromstring(body, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return ParsedPage("", [])
    if root is None:
        return ParsedPage("", [])
    base = root.find(".//base[@href]")
    if base is not None:
        base_url = urljoin(base_url, base.get("href", ""))
    title_element = root.find(".//title")
    title = _clean("".join(title_element.itertext())) if title_element is not None else ""
    links: list[Link] = []
    seen: set[str] = set()
    origin = _origin(base_url)
    for order, anchor in enumerate(root.iter("a", "area")):
        link = _link(anchor, base_url, origin, order, keep)
        if link is not None and link.href not in seen:
            seen.add(link.href)
            links.append(link)
    return ParsedPage(title, links)


def _link(
    anchor: etree._Element, base_url: str, origin: str | None, order: int, keep: Callable[[str], bool] | None
) -> Link | None:
    """A Link for an <a>/<area>, or None for in-page, script and mail links and those `keep` refuses."""
    raw = (anchor.get("href") or "").strip()
    if not raw or raw.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
        return None
    is_anchor = anchor.tag == "a"
    if len(anchor):  # has child elements: nested text, images
        text = "".join(anchor.itertext()) if is_anchor else ""
        alt = " ".join(img.get("alt", "") for img in anchor.iter("img"))
    else:  # the common case, a plain text link
        text, alt = (anchor.text or "") if is_anchor else "", ""
    if not alt and not is_anchor:
        alt = anchor.get("alt", "")
    title, aria = anchor.get("title", ""), anchor.get("aria-label", "")
    if keep is not None and not keep(f"{text} {title} {aria} {alt} {raw}"):
        return None
    try:
        href = absolute_url(base_url, raw, origin)
    except ValueError:  # a malformed target ("http://[bad/") is no link at all
        return None
    if not href.startswith(("http://", "https://")):
        return None
    return Link(href, _clean(text), _clean(title), _clean(aria), _clean(alt), locate(anchor), order)


def absolute_url(base_url: str, raw: str, origin: str | None = None) -> str:
    """urljoin(base_url, raw) without its fragment; remembered for the many links whose result ignores the base's path.

    An absolute http(s) target depends only on the base's scheme, a root-relative one ("/about") only on the base's
    scheme and host, so the same menus on every page of a site are resolved once. `origin` is `_origin(base_url)`.
    """
    if raw.startswith(("http://", "https://")) and raw[raw.index("//") + 2 : raw.index("//") + 3].isalnum():
        return _resolve(base_url.partition(":")[0] + ":", raw)
    if origin is not None and raw.startswith("/") and not raw.startswith("//"):
        return _resolve(origin, raw)
    return urldefrag(urljoin(base_url, raw))[0]


def join_url(base: str, raw: str) -> str | None:
    """urljoin(base, raw), or None when the result is malformed (a broken IPv6 host, a port out of range)."""
    try:
        joined = urljoin(base, raw)
        urlsplit(joined).port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        return None
    return joined


@lru_cache(maxsize=32768)
def _resolve(base: str, raw: str) -> str:
    """urljoin without the fragment, for a base that stands for every base it can stand for."""
    return urldefrag(urljoin(base, raw))[0]


def _origin(base_url: str) -> str | None:
    """scheme://netloc/ of an http(s) base URL, or None for anything else."""
    scheme, separator, rest = base_url.partition("://")
    if not separator or scheme.lower() not in ("http", "https"):
        return None
    return f"{scheme}://{rest.split('/', 1)[0].split('?', 1)[0].split('#', 1)[0]}/"


def locate(element: etree._Element) -> LinkLocation:
    """Where the element sits: footer, drop-down menu, navigation, header or body."""
    lists_above = 0
    in_nav = dropdown = False
    for ancestor in element.iterancestors():
        tag = ancestor.tag if isinstance(ancestor.tag, str) else ""
        hints = f"{ancestor.get('class', '')} {ancestor.get('id', '')}"
        role = ancestor.get("role", "")
        if tag == "footer" or role == "contentinfo" or _FOOTER_HINT.search(hints):
            return "footer"
        if tag in ("ul", "ol"):
            lists_above += 1
        if tag == "details" or (tag != "li" and _DROPDOWN_HINT.search(hints)):
            dropdown = True
        if tag == "nav" or role in ("navigation", "menubar", "menu") or _NAV_HINT.search(hints):
            in_nav = True
        if tag == "header" or role == "banner":
            return "dropdown" if in_nav and (dropdown or lists_above > 1) else ("nav" if in_nav else "header")
    if in_nav:
        return "dropdown" if dropdown or lists_above > 1 else "nav"
    return "body"


def _clean(value: str) -> str:
    """Collapse whitespace."""
    return " ".join(value.split()) if value else ""
