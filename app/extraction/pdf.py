"""PDF to text with pypdfium2: page spans, mended hyphens, paragraphs, and a clear verdict on bad files."""

from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from app.extraction.furniture import strip_page_furniture
from app.extraction.limits import ExtractionFailed, ExtractionLimits
from app.extraction.normalise import clean_text
from app.extraction.ocr import ocr_available, ocr_pdf
from app.extraction.pages import join_pages
from app.extraction.pdf_layout import page_text
from app.extraction.types import ExtractedDocument

OCR_SHARE_OF_TIME_LIMIT = 0.8  # leave time to read the OCR output before the worker's own deadline
EOF_WINDOW = 8192  # the final %%EOF must be this near the end (some servers append a little junk)
MIN_CHARS_PER_PAGE = 16  # a drawn page with less text than this is a picture of text (a scan) plus a stamp


def extract_pdf(data: bytes, limits: ExtractionLimits, *, allow_ocr: bool = True) -> ExtractedDocument:
    """Clean text of a PDF with one span per page; needs_ocr when it has no text layer."""
    if b"%%EOF" not in data[-EOF_WINDOW:]:
        raise ExtractionFailed("truncated or malformed PDF: no end-of-file marker (incomplete download?)")
    document = _open(data)
    try:
        count = len(document)
        if count == 0:
            raise ExtractionFailed("malformed PDF: it has no pages")
        if count > limits.max_pages:
            raise ExtractionFailed(f"PDF has {count:,} pages, over the {limits.max_pages:,} page cap")
        pages = [_read_page(document, index, limits) for index in range(count)]
        title = (document.get_metadata_value("Title") or "").strip() or None
    finally:
        document.close()
    texts = [text for text, _ in pages]
    if not any(text or drawn for text, drawn in pages):
        raise ExtractionFailed("PDF pages are blank: no text, images or drawings (damaged content?)")
    result = join_pages(strip_page_furniture(texts), kind="pdf", title=title)
    pictures = [str(number) for number, (text, drawn) in enumerate(pages, 1) if drawn and not text]
    if pictures:
        result.warnings.append(f"no text layer on page(s) {', '.join(pictures)}: scanned or image-only")
    if not _mostly_scanned(pages):
        return result
    return _without_text_layer(data, limits, allow_ocr, result)


def _mostly_scanned(pages: list[tuple[str, bool]]) -> bool:
    """Most non-blank pages are drawn (images, shapes) with little or no text: a scan, or text as outlines."""
    sparse = sum(1 for text, drawn in pages if drawn and _visible_length(text) < MIN_CHARS_PER_PAGE)
    non_blank = sum(1 for text, drawn in pages if text or drawn)
    return sparse * 2 > non_blank


def _visible_length(text: str) -> int:
    """Characters other than spaces and line breaks."""
    return len(text) - text.count(" ") - text.count("\n")


def _open(data: bytes) -> pdfium.PdfDocument:
    """Open the PDF, turning PDFium's load errors into clear reasons."""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if error.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise ExtractionFailed("encrypted PDF: it needs a password to open") from None
        raise ExtractionFailed(f"truncated or malformed PDF: {error}") from None


def _read_page(document: pdfium.PdfDocument, index: int, limits: ExtractionLimits) -> tuple[str, bool]:
    """The clean text of one page, and whether it has any objects at all (images, drawings, text)."""
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
        drawn = pdfium_c.FPDFPage_CountObjects(page.raw) > 0
    finally:
        page.close()
    if len(raw) > limits.max_text_chars:
        raise ExtractionFailed(
            f"page {index + 1} holds over {limits.max_text_chars:,} characters (decompression bomb?)"
        )
    return clean_text(raw), drawn


def _without_text_layer(
    data: bytes, limits: ExtractionLimits, allow_ocr: bool, partial: ExtractedDocument
) -> ExtractedDocument:
    """OCR a scanned PDF when OCR is installed; otherwise (or if OCR fails) say it needs OCR, keeping any text."""
    reason = "no text layer on most pages (scanned or image-only PDF)"
    if allow_ocr and ocr_available():
        try:
            recognised = ocr_pdf(data, timeout_s=limits.time_limit_s * OCR_SHARE_OF_TIME_LIMIT)
            result = extract_pdf(recognised, limits, allow_ocr=False)
        except ExtractionFailed as failure:
            reason += f"; {failure}"
        else:
            result.warnings.append("text recognised by OCR (ocrmypdf/tesseract)")
            return result
    elif allow_ocr:
        reason += "; OCR is not available (install ocrmypdf and tesseract)"
    partial.status, partial.error = "needs_ocr", reason
    return partial
