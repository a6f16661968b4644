"""A quick text pass over an HTML page: its title and the visible text outside navigation, menus and footers."""

from __future__ import annotations

import re

from lxml import etree

from app.discovery.links import guess_encoding
from app.extraction.normalise import clean_text

# Never text a reader sees as the page's own content (trafilatura drops the same before it looks for the main text).
DROPPED_TAGS = (
    "script", "style", "noscript", "template", "head", "nav", "aside", "footer", "menu", "form", "button", "select",
    "textarea", "svg", "iframe", "object", "embed", "canvas", "map", "audio", "video", "dialog",
)  # fmt: skip
BOILERPLATE_ROLES = frozenset({"navigation", "contentinfo", "complementary", "search", "menu", "menubar", "dialog"})
# Class or id tokens of site furniture ("main-nav", "footer-links", "cookie-banner", "sidebar", "breadcrumbs").
_BOILERPLATE_NAME = re.compile(
    r"(?:^|[-_ ])(?:nav|navbar|navigation|menu|submenu|footer|sidebar|breadcrumbs?|cookies?|consent|share|social|"
    r"related)(?:$|[-_ ])",
    re.IGNORECASE,
)
_CONTENT_TAGS = frozenset({"html", "body", "main", "article"})  # never dropped for a class name
_BLOCK_TAGS = (
    "p", "div", "section", "article", "main", "header", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "dt",
    "dd", "table", "blockquote", "pre", "figure", "figcaption", "address", "hr", "title",
)  # fmt: skip
_LINK_BLOCKS = ("li", "td", "th", "dt", "dd", "p")
_BEFORE = dict.fromkeys(_BLOCK_TAGS, "\n\n") | {"li": "\n- ", "tr": "\n", "br": "\n"}
_AFTER = dict.fromkeys(_BLOCK_TAGS, "\n\n") | {"td": " ", "th": " "}


def page_text(body: bytes, content_type_header: str | None = None) -> tuple[str | None, str]:
    """The page's <title> and its visible text without site furniture, paragraphs as blank lines."""
    encoding = guess_encoding(body, content_type_header)
    parser = etree.HTMLParser(encoding=encoding, remove_comments=True, remove_pis=True, no_network=True)
    try:
        root = etree.fromstring(body, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError, LookupError):
        return None, ""
    if root is None:
        return None, ""
    title_element = root.find(".//title")
    title = clean_text("".join(title_element.itertext())) if title_element is not None else ""
    etree.strip_elements(root, *DROPPED_TAGS, with_tail=False)
    return title or None, clean_text(_text(root, _furniture(root)))


def _text(root: etree._Element, skipped: set[etree._Element]) -> str:
    """The text under `root` but outside `skipped`: blocks apart by blank lines, list items and rows by lines."""
    parts: list[str] = []
    stack: list[tuple[etree._Element, bool]] = [(root, False)]
    while stack:  # depth first without recursion (pages can nest deeply)
        element, leaving = stack.pop()
        tag = element.tag if isinstance(element.tag, str) else ""
        if leaving:
            parts.append(_AFTER.get(tag, ""))
            if element.tail:
                parts.append(element.tail)
            continue
        if element in skipped:
            if element.tail:
                parts.append(element.tail)
            continue
        parts.append(_BEFORE.get(tag, ""))
        if element.text and tag:
            parts.append(element.text)
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(element))
    return "".join(parts)


def _furniture(root: etree._Element) -> set[etree._Element]:
    """Elements that are hidden, named or roled as navigation, footers, sidebars or cookie notices, or only links.

    An element named like furniture that holds the page's heading or main content ("content-sidebar-wrap") stays.
    """
    found: set[etree._Element] = set()
    for element in root.iter():
        attributes = element.attrib
        if not attributes or element.tag in _CONTENT_TAGS:
            continue
        hidden = "hidden" in attributes or attributes.get("aria-hidden") == "true"
        named = attributes.get("role") in BOILERPLATE_ROLES or _BOILERPLATE_NAME.search(
            f"{attributes.get('class', '')} {attributes.get('id', '')}"
        )
        if hidden or (named and next(element.iter("h1", "main", "article"), None) is None):
            found.add(element)
    for element in root.iter(*_LINK_BLOCKS):
        if _only_links(element):
            found.add(element)
    return found


def _only_links(element: etree._Element) -> bool:
    """Whether every word of a list item, cell or paragraph is link text (a menu or a list of links, not prose)."""
    if element.text and not element.text.isspace():
        return False
    linked = False
    stack = list(element)
    while stack:
        child = stack.pop()
        if child.tail and not child.tail.isspace():
            return False
        if child.tag == "a":
            linked = True
            continue
        if child.text and not child.text.isspace() and isinstance(child.tag, str):
            return False
        stack.extend(child)
    return linked
