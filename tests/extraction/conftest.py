"""Fixture documents made in the tests: PDFs (fpdf2), DOCX (python-docx), HTML and text in odd encodings."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator

import docx
import pytest
from fpdf import FPDF
from PIL import Image, ImageDraw

from app.extraction import ExtractionPool

STATEMENT_PARAGRAPHS = [
    "This statement is made pursuant to section 54(1) of the Modern Slavery Act 2015 and sets out the steps "
    "that Example Widgets Limited has taken during the financial year ending 31 March 2024 to ensure that "
    "slavery and human trafficking are not taking place in any of its supply chains or its own business.",
    "Our supply chains include manufacturers of electronic components in Malaysia, logistics partners in "
    "the United Kingdom and packaging suppliers in Poland. We assess the risk of forced labour in each tier.",
    "This statement was approved by the board of directors on 12 June 2024 and signed by Jane Smith, Director.",
]


def make_pdf(pages: list[str], *, title: str | None = None, line_height: float = 6) -> bytes:
    """A PDF with one multi_cell text block per page (explicit '\\n' line breaks are kept)."""
    pdf = FPDF()
    if title:
        pdf.set_title(title)
    pdf.set_font("helvetica", size=11)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, line_height, text)
    return bytes(pdf.output())


def make_statement_pdf(page_count: int, *, seed: int = 0) -> bytes:
    """A realistic statement: a heading and wrapped paragraphs on every page."""
    pdf = FPDF()
    pdf.set_title("Modern Slavery Statement")
    for number in range(1, page_count + 1):
        pdf.add_page()
        pdf.set_font("helvetica", "B", 14)
        pdf.multi_cell(0, 8, f"Section {number}: due diligence and risk assessment ({seed})")
        pdf.ln(3)
        pdf.set_font("helvetica", size=11)
        for paragraph in STATEMENT_PARAGRAPHS * 2:
            pdf.multi_cell(0, 5.5, paragraph)
            pdf.ln(4)
    return bytes(pdf.output())


def make_image_pdf(pages: int = 1, *, text_on_first_page: str | None = None) -> bytes:
    """A 'scanned' PDF: each page only a picture of some lines (no text layer), optionally a text first page."""
    picture = Image.new("RGB", (600, 300), "white")
    draw = ImageDraw.Draw(picture)
    for row in range(10):
        draw.rectangle((40, 20 + row * 26, 560, 32 + row * 26), fill="black")
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    if text_on_first_page:
        pdf.add_page()
        pdf.multi_cell(0, 6, text_on_first_page)
    for _ in range(pages):
        pdf.add_page()
        pdf.image(io.BytesIO(buffer.getvalue()), x=10, y=10, w=190)
    return bytes(pdf.output())


def make_bomb_pdf(inflated_mb: int) -> bytes:
    """A one-page PDF whose content stream deflates from a few hundred KB to `inflated_mb` MB."""
    content = b"BT /F1 12 Tf 72 720 Td (" + b"A" * 1000 + b") Tj ET\n"
    stream = zlib.compress(content * (inflated_mb * 1024), 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def make_docx(*, title: str = "Modern Slavery Statement 2024") -> bytes:
    """A Word document: a title, paragraphs, a table between them, and a closing paragraph."""
    document = docx.Document()
    document.add_heading(title, 0)
    document.add_paragraph(STATEMENT_PARAGRAPHS[0])
    table = document.add_table(rows=2, cols=2)
    for (row, column), value in {(0, 0): "Risk", (0, 1): "Action", (1, 0): "Forced labour", (1, 1): "Audit"}.items():
        table.cell(row, column).text = value
    document.add_paragraph(STATEMENT_PARAGRAPHS[2])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_zip_bomb_docx(inflated_mb: int) -> bytes:
    """A DOCX-looking zip with a tiny document and one entry of zeros that inflates to `inflated_mb` MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/media/padding.bin", "w", force_zip64=True) as padding:
            chunk = bytes(1024 * 1024)
            for _ in range(inflated_mb):
                padding.write(chunk)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def pool() -> Iterator[ExtractionPool]:
    """A two-worker pool shared by a module's tests."""
    with ExtractionPool(workers=2) as shared:
        yield shared
