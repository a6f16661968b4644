"""Render trafilatura's main-text tree and BeautifulSoup pages as text with paragraphs as blank lines."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bs4 import BeautifulSoup, Tag

_DROPPED_TAGS = ["script", "style", "noscript", "template", "nav", "svg", "iframe", "head", "form", "button", "select"]
_BLOCK_TAGS = [
    "p", "div", "section", "article", "main", "header", "footer", "aside", "h1", "h2", "h3", "h4", "h5", "h6",
    "ul", "ol", "dl", "dt", "dd", "table", "blockquote", "pre", "figure", "figcaption", "address", "hr",
]  # fmt: skip
_LINE_TAGS = ["li", "tr", "br"]


def render_main(body: Any) -> str:
    """Text of trafilatura's extracted tree: headings and paragraphs as blocks, list items and table rows as lines."""
    return "\n\n".join(block for block in _blocks(body) if block.strip())


def _blocks(element: Any) -> Iterator[str]:
    """The text blocks under an element of trafilatura's XML."""
    for child in element:
        if child.tag == "list":
            yield "\n".join(f"- {_inline(item)}" for item in child.iter("item"))
        elif child.tag == "table":
            yield "\n".join(" | ".join(_inline(cell) for cell in row.iter("cell")) for row in child.iter("row"))
        elif child.tag in ("quote", "div", "section") and len(child) and child[0].tag in ("p", "list", "head"):
            yield from _blocks(child)
        else:
            yield _inline(child)


def _inline(element: Any) -> str:
    """An element's running text, with <lb/> as a line break and nested lists or tables left to their own blocks."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == "lb":
            parts.append("\n")
        elif child.tag not in ("list", "table"):
            parts.append(_inline(child))
        parts.append(child.tail or "")
    return "".join(parts).strip()


def whole_page_text(soup: BeautifulSoup) -> str:
    """All visible text of a page (scripts, styles, navigation and forms removed), blocks as paragraphs."""
    for tag in soup.find_all(_DROPPED_TAGS):
        tag.decompose()
    for tag in soup.find_all(["td", "th"]):
        tag.insert_after(" | ")
    for tag in soup.find_all(_LINE_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    root = soup.body if isinstance(soup.body, Tag) else soup
    return root.get_text()
