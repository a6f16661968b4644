"""Is this document a slavery statement? Told by content: extraction (kind by magic bytes) and the detector."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from app.extraction import extract_safely
from app.extraction.sniff import sniff_kind
from app.scoring.detector import detect_statement


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


def detector_verifier(data: bytes, content_type: str | None) -> Verdict:
    """Extract the text in a limited worker process, then ask the statement detector."""
    document = extract_safely(data, content_type=content_type)
    if document.status != "ok" or not document.text.strip():
        reason = f"extraction: {document.status}" + (f" ({document.error})" if document.error else "")
        return Verdict(False, 0.0, document.kind, document.title, [reason])
    detection = detect_statement(document.text, title=document.title)
    return Verdict(detection.is_statement, detection.confidence, document.kind, document.title, detection.reasons)
