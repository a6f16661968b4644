"""Join per-page texts into one text with a span per page."""

from __future__ import annotations

from app.extraction.types import DocumentKind, ExtractedDocument, PageSpan

PAGE_SEPARATOR = "\n\n"


def join_pages(texts: list[str], *, kind: DocumentKind, title: str | None = None) -> ExtractedDocument:
    """One text from the pages' texts; an empty page gets an empty span where the next text starts."""
    parts: list[str] = []
    spans: list[PageSpan] = []
    waiting: list[int] = []  # empty pages placed once we know where the next text starts
    cursor = 0
    for number, text in enumerate(texts, 1):
        if not text:
            waiting.append(number)
            continue
        if parts:
            parts.append(PAGE_SEPARATOR)
            cursor += len(PAGE_SEPARATOR)
        spans.extend(PageSpan(empty, cursor, cursor) for empty in waiting)
        waiting.clear()
        spans.append(PageSpan(number, cursor, cursor + len(text)))
        parts.append(text)
        cursor += len(text)
    spans.extend(PageSpan(empty, cursor, cursor) for empty in waiting)
    return ExtractedDocument(status="ok", kind=kind, text="".join(parts), pages=spans, title=title)
