"""Is this document a slavery statement? Told by content: kind by magic bytes, then extraction and the detector."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

_HTML_MARKERS = re.compile(rb"<(!doctype\s+html|html|head|body|title|div|p|a\s)\b", re.IGNORECASE)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MEDIA_TYPES = {"pdf": "application/pdf", "html": "text/html", "docx": DOCX, "text": "text/plain"}


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
    """pdf, docx, html, text or unknown, from the bytes (the declared type only breaks ties for text)."""
    head = data[:2048]
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if b"word/" in data[:65536] else "unknown"
    if _HTML_MARKERS.search(head.replace(b"\x00", b"")):
        return "html"
    if b"\x00" in head:
        return "unknown"
    return "html" if declared in ("text/html", "application/xhtml+xml") else "text"


def media_type_of(data: bytes, declared: str | None = None) -> str | None:
    """The media type told by content, for extraction."""
    return MEDIA_TYPES.get(document_kind(data, declared))


def detector_verifier(data: bytes, content_type: str | None) -> Verdict:
    """The real verifier: extract the text (app.extraction) and ask the statement detector (app.scoring)."""
    from app.extraction import extract  # type: ignore[attr-defined]  # until branch `extraction` is merged
    from app.scoring.detector import detect_statement

    kind = document_kind(data, content_type)
    if kind == "unknown":
        return Verdict(False, 0.0, kind, reasons=["not a readable document"])
    document = extract(data, content_type=MEDIA_TYPES.get(kind))
    if document.status != "ok" or not document.text.strip():
        return Verdict(
            False, 0.0, kind, document.title, [f"extraction: {document.status} {document.error or ''}".strip()]
        )
    detection = detect_statement(document.text, title=document.title)
    return Verdict(detection.is_statement, detection.confidence, kind, document.title, list(detection.reasons))
