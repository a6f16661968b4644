"""PDF to text with pypdfium2: page spans, mended hyphens, paragraphs, and a clear verdict on bad files."""

from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from app.extraction.limits import ExtractionFailed, ExtractionLimits
from app.extraction.normalise import clean_text
from app.extraction.ocr import ocr_available, ocr_pdf
from app.extraction.pages import join_pages
from app.extraction.pdf_layout import page_text
from app.extraction.types import ExtractedDocument

MIN_CHARS_PER_PAGE = 16  # below this on average the text layer is a stray stamp or page number, not text


def extract_pdf(data: bytes, limits: ExtractionLimits, *, allow_ocr: bool = True) -> ExtractedDocument:
    """Clean text of a PDF with one span per page; needs_ocr when it has no text layer."""
    if b"%%EOF" not in data[-2048:]:
        raise ExtractionFailed("truncated or malformed PDF: no end-of-file marker (incomplete download?)")
    document = _open(data)
    try:
        count = len(document)
        if count == 0:
            raise ExtractionFailed("malformed PDF: it has no pages")
        if count > limits.max_pages:
            raise ExtractionFailed(f"PDF has {count:,} pages, over the {limits.max_pages:,} page cap")
        texts = [_read_page(document, index, limits) for index in range(count)]
        title = (document.get_metadata_value("Title") or "").strip() or None
    finally:
        document.close()
    result = join_pages(texts, kind="pdf", title=title)
    empty = [str(number) for number, text in enumerate(texts, 1) if not text]
    if empty:
        result.warnings.append(f"no text layer on page(s) {', '.join(empty)}: scanned or image-only")
    if not _mostly_scanned(texts):
        return result
    return _without_text_layer(data, limits, allow_ocr, result)


def _mostly_scanned(texts: list[str]) -> bool:
    """Too little text overall, or at least half the pages (two or more) without any text."""
    characters = sum(len(text.replace(" ", "").replace("\n", "")) for text in texts)
    empty = sum(1 for text in texts if not text)
    return characters < MIN_CHARS_PER_PAGE * len(texts) or (empty >= 2 and empty * 2 >= len(texts))


def _open(data: bytes) -> pdfium.PdfDocument:
    """Open the PDF, turning PDFium's load errors into clear reasons."""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if error.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise ExtractionFailed("encrypted PDF: it needs a password to open") from None
        raise ExtractionFailed(f"truncated or malformed PDF: {error}") from None


def _read_page(document: pdfium.PdfDocument, index: int, limits: ExtractionLimits) -> str:
    """The clean text of one page."""
    try:
        page = document[index]
    except pdfium.PdfiumError:
        raise ExtractionFailed(f"malformed PDF: page {index + 1} cannot be read") from None
    try:
        textpage = page.get_textpage()
        try:
            raw = page_text(textpage, page.get_width())
        finally:
            textpage.close()
    finally:
        page.close()
    if len(raw) > limits.max_text_chars:
        raise ExtractionFailed(
            f"page {index + 1} holds over {limits.max_text_chars:,} characters (decompression bomb?)"
        )
    return clean_text(raw)


def _without_text_layer(
    data: bytes, limits: ExtractionLimits, allow_ocr: bool, partial: ExtractedDocument
) -> ExtractedDocument:
    """OCR a scanned PDF when OCR is installed; otherwise say it needs OCR (keeping any text found)."""
    if allow_ocr and ocr_available():
        result = extract_pdf(ocr_pdf(data, timeout_s=limits.time_limit_s), limits, allow_ocr=False)
        result.warnings.append("text recognised by OCR (ocrmypdf/tesseract)")
        return result
    reason = "no text layer on most pages (scanned or image-only PDF)"
    if allow_ocr:
        reason += "; OCR is not available (install ocrmypdf and tesseract)"
    partial.status, partial.error = "needs_ocr", reason
    return partial
