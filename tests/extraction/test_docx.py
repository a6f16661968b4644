"""DOCX extraction: paragraphs and tables in order, title, zip bombs and broken packages."""

from __future__ import annotations

import io
import zipfile

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
