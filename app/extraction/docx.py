"""DOCX to text with python-docx: paragraphs and tables in document order, zip bombs refused first.

Pages come from the page breaks Word recorded when it last laid the document out (w:lastRenderedPageBreak),
or from explicit page breaks when the file was never laid out; without either, the text is unpaged.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

import docx
from docx.oxml.ns import nsmap, qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from app.extraction.limits import ExtractionFailed, ExtractionLimits, megabytes
from app.extraction.normalise import clean_text
from app.extraction.pages import join_pages
from app.extraction.types import ExtractedDocument

MAX_ZIP_ENTRIES = 10_000
_RENDERED_BREAKS = ".//w:t | .//w:lastRenderedPageBreak"
_EXPLICIT_BREAKS = ".//w:t | .//w:br[@w:type='page']"
# Word writes each text box twice (DrawingML and a VML fallback); the VML copy sits under mc:Fallback.
_TEXT_BOXES = ".//w:txbxContent[not(ancestor::*[local-name()='Fallback'])][not(ancestor::w:txbxContent)]"


def extract_docx(data: bytes, limits: ExtractionLimits) -> ExtractedDocument:
    """Clean text of a Word document; its title from the core properties or the first Title paragraph."""
    check_zip(data, limits)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds on broken packages
        raise ExtractionFailed(f"malformed DOCX: {error}") from None
    title = (document.core_properties.title or "").strip() or None
    blocks = list(_iter_blocks(document.element.body, document))
    body = document.element.body
    breaks = _RENDERED_BREAKS if body.xpath(".//w:lastRenderedPageBreak") else _EXPLICIT_BREAKS
    pages: list[list[str]] = [[]]
    for block in blocks:
        before, after = _breaks_around_text(block, breaks)
        pages.extend([] for _ in range(before))
        pages[-1].append(_paragraph_text(block) if isinstance(block, Paragraph) else _table_text(block))
        pages.extend([] for _ in range(after))
        if title is None and isinstance(block, Paragraph) and block.style is not None and block.style.name == "Title":
            title = block.text.strip() or None
    texts = [clean_text("\n\n".join(part for part in page if part.strip())) for page in pages]
    result = join_pages(texts, kind="docx", title=title)
    if len(pages) == 1:
        result.pages = []  # no layout information: do not claim a page
    return result


def _iter_blocks(container: Any, parent: Any) -> Iterator[Paragraph | Table]:
    """Paragraphs and tables in document order, including those inside content controls (w:sdt)."""
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, parent)
        elif child.tag == qn("w:tbl"):
            yield Table(child, parent)
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _iter_blocks(content, parent)


def _paragraph_text(paragraph: Paragraph) -> str:
    """A paragraph's text, followed by the text of any text boxes anchored in it (each box once)."""
    boxes = paragraph._p.xpath(_TEXT_BOXES)
    if not boxes:
        return paragraph.text
    box_texts = ["\n".join(_texts(line, ".//w:t/text()") for line in _find(box, ".//w:p")) for box in boxes]
    return "\n\n".join(part for part in [paragraph.text, *box_texts] if part.strip())


def _find(element: Any, path: str) -> list[Any]:
    """XPath with Word's namespaces on any element (text-box content is not a python-docx element)."""
    found: list[Any] = etree.ElementBase.xpath(element, path, namespaces=nsmap)
    return found


def _texts(element: Any, path: str) -> str:
    """The joined text nodes an XPath finds."""
    return "".join(_find(element, path))


def _breaks_around_text(block: Paragraph | Table, breaks: str) -> tuple[int, int]:
    """Page breaks before the block's first text and after it (a block belongs to the page it starts on)."""
    element: Any = block._element
    before = after = 0
    seen_text = False
    for node in element.xpath(breaks):
        if node.tag.endswith("}t"):
            seen_text = seen_text or bool((node.text or "").strip())
        elif seen_text:
            after += 1
        else:
            before += 1
    return before, after


def check_zip(data: bytes, limits: ExtractionLimits) -> None:
    """Refuse a package whose directory promises more than the unzipped-size cap, before inflating anything."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as error:
        raise ExtractionFailed(f"truncated or malformed DOCX: {error}") from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise ExtractionFailed(f"DOCX holds {len(entries):,} files, over the {MAX_ZIP_ENTRIES:,} cap (zip bomb?)")
    total = sum(entry.file_size for entry in entries)
    if total > limits.max_unzipped_bytes:
        raise ExtractionFailed(
            f"DOCX unpacks to {megabytes(total)}, over the {megabytes(limits.max_unzipped_bytes)} cap (zip bomb?)"
        )


def _table_text(table: Table) -> str:
    """A table as one line per row, cells joined by ' | ', merged cells once, nested tables flattened."""
    lines = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            parts = [paragraph.text for paragraph in cell.paragraphs] + [_table_text(inner) for inner in cell.tables]
            cells.append(" ".join(part.strip() for part in parts if part.strip()))
        lines.append(" | ".join(cells))
    return "\n".join(line for line in lines if line.strip(" |"))
