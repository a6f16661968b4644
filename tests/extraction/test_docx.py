"""DOCX extraction: paragraphs and tables in order, title, zip bombs and broken packages."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.oxml import OxmlElement

from app.extraction import ExtractionLimits, extract
from tests.extraction.conftest import STATEMENT_PARAGRAPHS, make_docx, make_zip_bomb_docx


def test_paragraphs_and_tables_in_document_order() -> None:
    result = extract(make_docx(), source_name="statement.pdf")
    assert (result.status, result.kind) == ("ok", "docx")
    assert result.title == "Modern Slavery Statement 2024"
    assert result.text.split("\n\n") == [
        "Modern Slavery Statement 2024",
        STATEMENT_PARAGRAPHS[0],
        "Risk | Action\nForced labour | Audit",
        STATEMENT_PARAGRAPHS[2],
    ]


def test_zip_bomb_is_refused_from_the_directory_before_inflating() -> None:
    result = extract(make_zip_bomb_docx(210))
    assert result.status == "error"
    assert result.error == "DOCX unpacks to 210 MB, over the 200 MB cap (zip bomb?)"


def test_unzipped_cap_is_configurable() -> None:
    result = extract(make_docx(), limits=ExtractionLimits(max_unzipped_bytes=10_000))
    assert result.status == "error"
    assert result.error is not None and "over the 10 KB cap (zip bomb?)" in result.error


def test_truncated_docx_is_an_error() -> None:
    data = make_docx()
    result = extract(data[: len(data) - 300])
    assert result.status == "error"
    assert result.error is not None and "malformed" in result.error


def test_zip_that_is_not_a_word_document_is_unsupported() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data.csv", "a,b\n1,2\n")
    result = extract(buffer.getvalue())
    assert (result.status, result.kind) == ("error", "unknown")
    assert result.error == "unsupported document type (not PDF, HTML, DOCX or text)"


def test_legacy_or_encrypted_office_file_is_named() -> None:
    result = extract(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    assert result.status == "error"
    assert result.error is not None and "legacy Office" in result.error


def _docx_with_page_breaks(*, rendered: bool) -> bytes:
    """Three pages: explicit breaks (as python-docx writes them) or Word's rendered-break markers."""
    document = docx.Document()
    document.add_paragraph("Page one introduction.")
    for text in ("Page two supply chains.", "Page three signature."):
        if rendered:
            paragraph = document.add_paragraph()
            run = paragraph.add_run()
            run._r.append(OxmlElement("w:lastRenderedPageBreak"))
            run.add_text(text)
        else:
            document.add_page_break()
            document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_page_breaks_give_page_spans() -> None:
    for rendered in (False, True):
        result = extract(_docx_with_page_breaks(rendered=rendered))
        assert result.status == "ok"
        assert [span.number for span in result.pages] == [1, 2, 3]
        assert result.page_at(result.text.index("introduction")) == 1
        assert result.page_at(result.text.index("supply chains")) == 2
        assert result.page_at(result.text.index("signature")) == 3


def test_document_without_layout_is_unpaged() -> None:
    result = extract(make_docx())
    assert result.pages == [] and result.page_at(10) is None


def test_content_controls_and_text_boxes_are_read_once() -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    document.add_paragraph("Opening paragraph.")
    control = parse_xml(
        f"<w:sdt {nsdecls('w')}><w:sdtContent><w:p><w:r><w:t>Signed by Jane Smith, Director.</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
    )
    document.element.body.insert(1, control)
    anchor = document.add_paragraph("Anchor text.")
    box = "<w:p><w:r><w:t>Board approval: 12 June 2024</w:t></w:r></w:p>"
    anchor._p.append(
        parse_xml(
            f'<w:r {nsdecls("w")} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
            "<mc:AlternateContent><mc:Choice Requires='wps'><w:drawing><w:txbxContent>"
            f"{box}</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>{box}"
            "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
        )
    )
    buffer = io.BytesIO()
    document.save(buffer)
    result = extract(buffer.getvalue())
    assert result.text.split("\n\n") == [
        "Opening paragraph.",
        "Signed by Jane Smith, Director.",
        "Anchor text.",
        "Board approval: 12 June 2024",
    ]
