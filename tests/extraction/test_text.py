"""Plain text, sniffing and normalisation."""

from __future__ import annotations

import codecs

import pytest

from app.extraction import extract
from app.extraction.normalise import clean_text, mend_hyphens, tidy_whitespace
from app.extraction.sniff import sniff_kind
from tests.extraction.conftest import make_docx, make_pdf


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (codecs.BOM_UTF8 + "Straße".encode(), "Straße"),
        (codecs.BOM_UTF16_LE + "Größe über".encode("utf-16-le"), "Größe über"),
        (codecs.BOM_UTF16_BE + "Größe über".encode("utf-16-be"), "Größe über"),
        ("Plain UTF-8: naïve café".encode(), "Plain UTF-8: naïve café"),
        (("Déclaration sur l’esclavage moderne et la traite des êtres humains. " * 10).encode("cp1252"), None),
    ],
)
def test_text_encodings(data: bytes, expected: str | None) -> None:
    result = extract(data)
    assert (result.status, result.kind) == ("ok", "text")
    if expected is None:
        assert result.text.startswith("Déclaration sur l’esclavage moderne")
    else:
        assert result.text == expected


def test_declared_charset_is_used_for_text() -> None:
    assert extract("Größe".encode("cp1252"), content_type="text/plain; charset=windows-1252").text == "Größe"


def test_text_is_nfkc_normalised_and_tidied() -> None:
    raw = "ﬁnance\u00a0team   in  ＵＫ \r\n\r\n\r\n\r\nNext\tparagraph\u200b here  \n"
    assert extract(raw.encode()).text == "finance team in UK\n\nNext paragraph here"


def test_empty_and_blank_documents_are_errors() -> None:
    for data in (b"", b"   \n\n  "):
        result = extract(data)
        assert (result.status, result.error) == ("error", "document is empty")


def test_binary_junk_is_unsupported() -> None:
    result = extract(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    assert (result.status, result.kind) == ("error", "unknown")


def test_kind_comes_from_content_not_name_or_content_type() -> None:
    pdf = make_pdf(["A statement"])
    assert sniff_kind(pdf, "text/html") == "pdf"
    assert extract(pdf, content_type="text/html", source_name="page.html").kind == "pdf"
    assert sniff_kind(make_docx(), "application/pdf") == "docx"
    assert sniff_kind(b"<!DOCTYPE html><html><body>x</body></html>", "application/pdf") == "html"
    assert sniff_kind(b"  <!-- banner -->\n<html lang='en'>", None) == "html"
    assert sniff_kind(b"Modern slavery statement 2024", "text/html") == "text"
    assert sniff_kind("<html><body>".encode("utf-16"), None) == "html"


def test_mend_hyphens() -> None:
    assert mend_hyphens("state\x02\nment") == "statement"
    assert mend_hyphens("state\ufffement") == "statement"
    assert mend_hyphens("non\x02 EU") == "non-EU"
    assert mend_hyphens("co\u00adoperate") == "cooperate"


def test_tidy_whitespace_keeps_paragraphs_and_line_breaks() -> None:
    assert tidy_whitespace("  a  b \n c\n\n\n\nd\r\ne  ") == "a b\nc\n\nd\ne"
    assert clean_text("\x00x\x07y\ufeff") == "xy"
