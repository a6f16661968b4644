"""Bytes to clean text (PDF, HTML, DOCX, plain text), with page and offset maps."""

from app.extraction.types import DocumentKind, ExtractedDocument, ExtractionStatus, PageSpan

__all__ = ["DocumentKind", "ExtractedDocument", "ExtractionStatus", "PageSpan"]
