"""extract(): sniff the kind, run its extractor, and turn every failure into a clear error result."""

from __future__ import annotations

import logging

from app.extraction.docx import extract_docx
from app.extraction.html import extract_html
from app.extraction.limits import DEFAULT_LIMITS, ExtractionFailed, ExtractionLimits, check_size
from app.extraction.pdf import extract_pdf
from app.extraction.sniff import OLE_MAGIC, sniff_kind
from app.extraction.text import extract_text
from app.extraction.types import DocumentKind, ExtractedDocument

logger = logging.getLogger(__name__)


def extract(
    data: bytes,
    *,
    content_type: str | None = None,
    source_name: str | None = None,
    limits: ExtractionLimits | None = None,
) -> ExtractedDocument:
    """Clean text of a document, its kind told by its bytes; content_type is only a hint (e.g. a charset)."""
    limits = limits or DEFAULT_LIMITS
    kind: DocumentKind = "unknown"
    try:
        check_size(len(data), limits)
        if not data.strip():
            raise ExtractionFailed("document is empty")
        kind = sniff_kind(data, content_type)
        result = _extract_kind(kind, data, content_type, limits)
    except ExtractionFailed as failure:
        return ExtractedDocument(status="error", kind=kind, error=str(failure))
    except MemoryError:
        return ExtractedDocument(status="error", kind=kind, error="ran out of memory while reading the document")
    except Exception as error:  # a parser bug must not take the caller down; say what and where
        logger.exception("extraction of %s failed", source_name or "document")
        return ExtractedDocument(status="error", kind=kind, error=f"could not read the {kind} document: {error!r}")
    if result.status == "ok" and not result.text:
        return ExtractedDocument(status="error", kind=kind, title=result.title, error="no text found in the document")
    if len(result.text) > limits.max_text_chars:
        return ExtractedDocument(
            status="error", kind=kind, error=f"document holds over {limits.max_text_chars:,} characters of text"
        )
    return result


def _extract_kind(
    kind: DocumentKind, data: bytes, content_type: str | None, limits: ExtractionLimits
) -> ExtractedDocument:
    """Run the extractor for one kind."""
    if kind == "pdf":
        return extract_pdf(data, limits)
    if kind == "docx":
        return extract_docx(data, limits)
    if kind == "html":
        return extract_html(data, content_type)
    if kind == "text":
        return extract_text(data, content_type)
    if data.startswith(OLE_MAGIC):
        raise ExtractionFailed("legacy Office (.doc/.xls) or password-protected Office file: not supported")
    raise ExtractionFailed("unsupported document type (not PDF, HTML, DOCX or text)")
