"""Is this document a slavery statement? Told by content: a quick text pass for HTML, else extraction and the detector.

An HTML page is first read with a quick text pass (lxml, site furniture left out; about 0.2 ms for a typical page)
and given to the detector; only when that answer is unsure does the page go through full extraction (trafilatura, in
a limited worker process, several milliseconds). PDFs and other documents are always extracted in a worker. A found
statement is extracted in full anyway when it is archived (`app.statements.service.analyse_document`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from app.discovery.pagetext import page_text
from app.extraction import extract_safely
from app.extraction.sniff import sniff_kind
from app.scoring.detector import detect_statement

# The quick pass decides alone when the detector is this sure either way (probability >= SURE or < 1 - SURE).
SURE = 0.9
QUICK_MAX_BYTES = 2_000_000  # larger pages go to a worker, whose time and memory limits guard the crawler


@dataclass(frozen=True)
class Verdict:
    """The detector's answer about one document."""

    is_statement: bool
    confidence: float
    kind: str
    title: str | None = None
    reasons: list[str] = field(default_factory=list)


Verifier = Callable[[bytes, str | None], Verdict]


def document_kind(data: bytes, declared: str | None = None) -> str:
    """pdf, docx, html, text or unknown, told by the bytes (the declared type only as a hint for text)."""
    return sniff_kind(data, declared)


def quick_verdict(data: bytes, content_type: str | None) -> Verdict | None:
    """The detector's sure answer on an HTML page's quick text, or None (not HTML, huge, no text, or unsure)."""
    if len(data) > QUICK_MAX_BYTES or document_kind(data, content_type) != "html":
        return None
    title, text = page_text(data, content_type)
    if not text:
        return None
    detection = detect_statement(text, title=title)
    if 1 - SURE <= detection.probability < SURE:
        return None
    return Verdict(detection.is_statement, detection.confidence, "html", title, detection.reasons)


def full_verdict(data: bytes, content_type: str | None) -> Verdict:
    """Extract the text in a limited worker process, then ask the statement detector."""
    document = extract_safely(data, content_type=content_type)
    if document.status != "ok" or not document.text.strip():
        reason = f"extraction: {document.status}" + (f" ({document.error})" if document.error else "")
        return Verdict(False, 0.0, document.kind, document.title, [reason])
    detection = detect_statement(document.text, title=document.title)
    return Verdict(detection.is_statement, detection.confidence, document.kind, document.title, detection.reasons)


def detector_verifier(data: bytes, content_type: str | None) -> Verdict:
    """The quick pass where it is sure, full extraction otherwise."""
    return quick_verdict(data, content_type) or full_verdict(data, content_type)
