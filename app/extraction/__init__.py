"""Bytes to clean text (PDF, HTML, DOCX, plain text), with page and offset maps."""

from app.extraction.core import extract
from app.extraction.limits import ExtractionLimits
from app.extraction.pool import ExtractionPool, extract_batch, extract_safely
from app.extraction.types import DocumentKind, ExtractedDocument, ExtractionStatus, PageSpan
from app.extraction.worker import DocumentInput

__all__ = [
    "DocumentInput",
    "DocumentKind",
    "ExtractedDocument",
    "ExtractionLimits",
    "ExtractionPool",
    "ExtractionStatus",
    "PageSpan",
    "extract",
    "extract_batch",
    "extract_safely",
]
