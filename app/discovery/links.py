"""Links of an HTML page with everything that can name their target, and where on the page they sit."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urldefrag, urljoin

import lxml.html
from lxml import etree

LinkLocation = Literal["nav", "dropdown", "header", "footer", "body", "sitemap"]
_SPACE = re.compile(r"\s+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)""", re.IGNORECASE)
_DROPDOWN_HINT = re.compile(r"drop-?down|sub-?menu|sub-?nav|mega|flyout|children|popover", re.IGNORECASE)
_NAV_HINT = re.compile(r"\b(nav|navbar|navigation|menu|main-menu)\b", re.IGNORECASE)
_FOOTER_HINT = re.compile(r"\bfooter\b", re.IGNORECASE)


@dataclass(frozen=True)
class Link:
    """One link: absolute target, the words that name it, its place on the page and its document order."""

    href: str
    text: str
    title: str
    aria_label: str
    alt: str
    location: LinkLocation
    order: int

    @property
    def label(self) -> str:
        """Every naming text joined (text, title, aria-label, image alt)."""
        return " ".join(part for part in (self.text, self.title, self.aria_label, self.alt) if part)


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
    parser = lxml.html.HTMLParser(encoding=encoding, remove_comments=True, no_network=True)
    try:
        root = lxml.html.document_fromstring(body, parser=parser)
    except (etree.ParserError, ValueError):
        return ParsedPage("", [])
    base = root.find(".//base[@href]")
    if base is not None:
        base_url = urljoin(base_url, base.get("href", ""))
    title_element = root.find(".//title")
    title = _clean(title_element.text_content()) if title_element is not None else ""
    links: list[Link] = []
    seen: set[str] = set()
    for order, anchor in enumerate(root.iter("a", "area")):
        link = _link(anchor, base_url, order, keep)
        if link is not None and link.href not in seen:
            seen.add(link.href)
            links.append(link)
    return ParsedPage(title, links)


def _link(anchor: lxml.html.HtmlElement, base_url: str, order: int, keep: Callable[[str], bool] | None) -> Link | None:
    """A Link for an <a>/<area>, or None for in-page, script and mail links and those `keep` refuses."""
    raw = (anchor.get("href") or "").strip()
    if not raw or raw.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
        return None
    text = anchor.text_content() if anchor.tag == "a" else ""
    title, aria = anchor.get("title", ""), anchor.get("aria-label", "")
    alt = " ".join(img.get("alt", "") for img in anchor.iter("img")) or (
        anchor.get("alt", "") if anchor.tag == "area" else ""
    )
    if keep is not None and not keep(f"{text} {title} {aria} {alt} {raw}"):
        return None
    href = urldefrag(urljoin(base_url, raw))[0]
    if not href.startswith(("http://", "https://")):
        return None
    return Link(href, _clean(text), _clean(title), _clean(aria), _clean(alt), locate(anchor), order)


def locate(element: lxml.html.HtmlElement) -> LinkLocation:
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
    return _SPACE.sub(" ", value).strip()
