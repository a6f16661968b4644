"""Bytes to clean text (PDF, HTML, DOCX, plain text), with page and offset maps.

`extract` (and with it trafilatura, the PDF and DOCX readers) is imported on first use, so a process that only
hands documents to extraction workers (the crawler, the web server) does not load the extractors itself.
"""

from typing import TYPE_CHECKING, Any

from app.extraction.limits import ExtractionLimits
from app.extraction.pool import ExtractionPool, extract_batch, extract_safely
from app.extraction.types import DocumentKind, ExtractedDocument, ExtractionStatus, PageSpan
from app.extraction.worker import DocumentInput

if TYPE_CHECKING:
    from app.extraction.core import extract


def __getattr__(name: str) -> Any:
    """`extract`, imported when first asked for."""
    if name == "extract":
        from app.extraction.core import extract

        return extract
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
