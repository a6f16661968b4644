"""DOCX to text with python-docx: paragraphs and tables in document order, zip bombs refused first."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from app.extraction.limits import ExtractionFailed, ExtractionLimits, megabytes
from app.extraction.normalise import clean_text
from app.extraction.types import ExtractedDocument

MAX_ZIP_ENTRIES = 10_000


def extract_docx(data: bytes, limits: ExtractionLimits) -> ExtractedDocument:
    """Clean text of a Word document; its title from the core properties or the first Title paragraph."""
    check_zip(data, limits)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds on broken packages
        raise ExtractionFailed(f"malformed DOCX: {error}") from None
    blocks: list[str] = []
    title = (document.core_properties.title or "").strip() or None
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            blocks.append(item.text)
            if title is None and item.style is not None and item.style.name == "Title":
                title = item.text.strip() or None
        else:
            blocks.append(_table_text(item))
    text = clean_text("\n\n".join(block for block in blocks if block.strip()))
    return ExtractedDocument(status="ok", kind="docx", text=text, title=title)


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
