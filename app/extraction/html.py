"""HTML to text: trafilatura's main text, or the whole page when the main text misses most of it."""

from __future__ import annotations

import re

import lxml.html
import trafilatura
from bs4 import BeautifulSoup
from lxml import etree

from app.extraction.html_render import DROPPED_TAGS, render_main, whole_page_text
from app.extraction.normalise import clean_text
from app.extraction.text import charset_from_content_type, decode_bytes, known_codec
from app.extraction.types import ExtractedDocument

MIN_MAIN_SHARE = 0.1  # main text under this share of the page's visible text: trafilatura missed the content
WHOLE_PAGE_WARNING = "main text too short; used the whole page"
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def extract_html(data: bytes, content_type: str | None = None) -> ExtractedDocument:
    """Clean main text and title of an HTML page."""
    markup = _XML_DECLARATION.sub("", decode_html(data, content_type))
    title, visible = _title_and_visible_length(markup)
    main = main_text(markup)
    if len(main) >= MIN_MAIN_SHARE * visible:  # a cheap lxml estimate spares BeautifulSoup on most pages
        return ExtractedDocument(status="ok", kind="html", text=main, title=title)
    page = clean_text(whole_page_text(BeautifulSoup(markup, "lxml")))
    if len(main) >= MIN_MAIN_SHARE * len(page):
        return ExtractedDocument(status="ok", kind="html", text=main, title=title)
    return ExtractedDocument(status="ok", kind="html", text=page, title=title, warnings=[WHOLE_PAGE_WARNING])


def main_text(markup: str) -> str:
    """trafilatura's main text, favouring recall and keeping headings, lists and tables."""
    document = trafilatura.bare_extraction(
        markup, favor_recall=True, include_tables=True, include_comments=False, deduplicate=False
    )
    body = getattr(document, "body", None)
    return "" if body is None else clean_text(render_main(body))


def _title_and_visible_length(markup: str) -> tuple[str | None, int]:
    """The page's <title> and the length of its visible text (whitespace collapsed), from a quick lxml parse."""
    try:
        tree = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return None, 0
    title = clean_text(tree.findtext(".//title") or "") or None
    etree.strip_elements(tree, etree.Comment, *DROPPED_TAGS, with_tail=False)
    return title, sum(len(" ".join(text.split())) for text in tree.itertext())


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Decode HTML with the declared charset, else the meta charset, else UTF-8 or detection."""
    declared = charset_from_content_type(content_type)
    if not known_codec(declared):
        found = _META_CHARSET.search(data[:4096])
        declared = found.group(1).decode("ascii") if found else None
        if declared and declared.lower().startswith("utf-16"):
            declared = "utf-8"  # a meta tag that could be read as ASCII is not UTF-16 (WHATWG)
    return decode_bytes(data, declared)
