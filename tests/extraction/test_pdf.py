"""PDF extraction: pages and offsets, hyphens, paragraphs, scanned pages, and the bad files a scraper meets."""

from __future__ import annotations

from app.extraction import ExtractionLimits, extract
from tests.extraction.conftest import make_bomb_pdf, make_image_pdf, make_pdf, make_statement_pdf


def test_offsets_map_back_to_the_page_they_came_from() -> None:
    pages = ["Alpha opening words of the statement.", "Bravo describes the supply chains.", "Charlie signs it."]
    result = extract(make_pdf(pages, title="Annual Statement"))
    assert result.status == "ok" and result.kind == "pdf"
    assert result.title == "Annual Statement"
    assert [span.number for span in result.pages] == [1, 2, 3]
    for number, word in enumerate(["Alpha", "Bravo", "Charlie"], 1):
        offset = result.text.index(word)
        assert result.page_at(offset) == number
        span = result.pages[number - 1]
        assert result.text[span.start : span.end] == pages[number - 1]
    assert result.page_at(result.text.index("signs")) == 3


def test_line_break_hyphens_are_mended_and_compounds_before_capitals_kept() -> None:
    text = "Our modern slavery state-\nment covers sub-\nsidiaries and non-\nEU suppliers from 2019-\n2020 onwards."
    result = extract(make_pdf([text]))
    assert "statement covers subsidiaries" in result.text
    assert "non-EU suppliers" in result.text
    assert "2019-2020" in result.text
    assert "\x02" not in result.text and "\ufffe" not in result.text


def test_wrapped_lines_join_and_paragraph_gaps_become_blank_lines() -> None:
    result = extract(make_statement_pdf(2))
    paragraphs = result.text.split("\n\n")
    assert paragraphs[0] == "Section 1: due diligence and risk assessment (0)"
    assert paragraphs[1].startswith("This statement is made pursuant to section 54(1)")
    assert paragraphs[1].endswith("supply chains or its own business.")
    assert "\n" not in paragraphs[1]
    assert result.page_at(result.text.index("Section 2")) == 2


def test_list_items_and_short_lines_keep_their_line_breaks() -> None:
    text = "Our policies:\n- Supplier code of conduct\n- Whistleblowing policy\nJane Smith\nDirector"
    result = extract(make_pdf([text]))
    assert "Our policies:\n- Supplier code of conduct\n- Whistleblowing policy\nJane Smith\nDirector" in result.text


def test_ligatures_and_wide_forms_are_nfkc_normalised() -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("dejavu", fname="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.set_font("dejavu", size=12)
    pdf.cell(0, 10, "ﬁnancial ﬂows")
    result = extract(bytes(pdf.output()))
    assert result.text == "financial flows"


def test_scanned_pdf_needs_ocr_and_says_ocr_is_missing() -> None:
    result = extract(make_image_pdf(pages=2))
    assert result.status == "needs_ocr"
    assert result.text == ""
    assert result.error is not None and "OCR is not available" in result.error


def test_mostly_scanned_pdf_needs_ocr_but_keeps_the_text_it_has() -> None:
    result = extract(make_image_pdf(pages=3, text_on_first_page="Cover page: Modern Slavery Statement 2024"))
    assert result.status == "needs_ocr"
    assert result.text == "Cover page: Modern Slavery Statement 2024"
    assert result.warnings == ["no text layer on page(s) 2, 3, 4: scanned or image-only"]


def test_one_image_page_among_text_pages_is_ok_with_a_warning() -> None:
    result = extract(make_image_pdf(pages=1, text_on_first_page="Modern Slavery Statement 2024 for Example Ltd"))
    assert result.status == "ok"
    assert result.page_at(len(result.text) - 1) == 1
    assert result.warnings == ["no text layer on page(s) 2: scanned or image-only"]


def test_encrypted_pdf_is_an_error() -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "Locked text")
    result = extract(bytes(pdf.output()))
    assert (result.status, result.kind, result.error) == ("error", "pdf", "encrypted PDF: it needs a password to open")


def test_owner_password_only_pdf_opens() -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "Printable but not editable")
    assert extract(bytes(pdf.output())).text == "Printable but not editable"


def test_truncated_pdf_is_an_error() -> None:
    data = make_statement_pdf(3)
    for cut in (len(data) // 2, len(data) - 100):
        result = extract(data[:cut])
        assert result.status == "error"
        assert result.error is not None and result.error.startswith("truncated or malformed PDF")


def test_malformed_pdf_is_an_error() -> None:
    result = extract(b"%PDF-1.7\nthis is not a real pdf body\n%%EOF\n")
    assert result.status == "error"
    assert result.error is not None and result.error.startswith("truncated or malformed PDF")


def test_page_count_over_the_cap_is_refused() -> None:
    result = extract(make_pdf(["page"] * 6), limits=ExtractionLimits(max_pages=5))
    assert result.status == "error"
    assert result.error == "PDF has 6 pages, over the 5 page cap"


def test_giant_text_stream_over_the_text_cap_is_refused() -> None:
    result = extract(make_bomb_pdf(2), limits=ExtractionLimits(max_text_chars=500))
    assert result.status == "error"
    assert result.error is not None and "decompression bomb" in result.error
