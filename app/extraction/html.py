"""HTML to text: trafilatura's main text, or the whole page when the main text misses most of it."""

from __future__ import annotations

import re

import trafilatura
from bs4 import BeautifulSoup

from app.extraction.html_render import render_main, whole_page_text
from app.extraction.normalise import clean_text
from app.extraction.text import charset_from_content_type, decode_bytes, known_codec
from app.extraction.types import ExtractedDocument

MIN_MAIN_SHARE = 0.25  # main text shorter than this share of the page's text means trafilatura missed content
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def extract_html(data: bytes, content_type: str | None = None) -> ExtractedDocument:
    """Clean main text and title of an HTML page."""
    markup = _XML_DECLARATION.sub("", decode_html(data, content_type))
    soup = BeautifulSoup(markup, "lxml")
    title = clean_text(soup.title.get_text()) if soup.title else None
    main = main_text(markup)
    page = clean_text(whole_page_text(soup))
    text = main if len(main) >= MIN_MAIN_SHARE * len(page) else page
    return ExtractedDocument(status="ok", kind="html", text=text, title=title or None)


def main_text(markup: str) -> str:
    """trafilatura's main text, favouring recall and keeping headings, lists and tables."""
    document = trafilatura.bare_extraction(
        markup, favor_recall=True, include_tables=True, include_comments=False, deduplicate=False
    )
    body = getattr(document, "body", None)
    return "" if body is None else clean_text(render_main(body))


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Decode HTML with the declared charset, else the meta charset, else UTF-8 or detection."""
    declared = charset_from_content_type(content_type)
    if not known_codec(declared):
        found = _META_CHARSET.search(data[:4096])
        declared = found.group(1).decode("ascii") if found else None
    return decode_bytes(data, declared)
