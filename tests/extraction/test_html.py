"""HTML extraction: main text with headings, lists and tables; whole-page fallback; charsets; title."""

from __future__ import annotations

from app.extraction import extract
from app.extraction.html import decode_html

ARTICLE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Modern Slavery Statement 2024 | Example Ltd</title>
<script>var tracking = "do not extract me";</script><style>.x { color: red }</style></head>
<body><nav><a href="/">Home</a> <a href="/about">About us</a> <a href="/careers">Careers</a></nav>
<main><article>
<h1>Modern slavery statement</h1>
<p>This statement is made pursuant to section 54 of the Modern Slavery Act 2015. It sets out the steps
Example Ltd has taken in the financial year ending 31 March 2024 to prevent slavery in its supply chains.</p>
<h2>Our supply chains</h2>
<ul><li>Electronic component makers in Malaysia</li><li>Logistics partners in the United Kingdom</li></ul>
<table><tr><th>Risk</th><th>Action taken</th></tr><tr><td>Forced labour</td><td>Independent audits</td></tr></table>
<p>Approved by the board on 12 June 2024.<br>Jane Smith, Director</p>
</article></main>
<footer><p>Copyright 2024 Example Ltd. Cookie settings. Privacy policy.</p></footer></body></html>"""


def test_main_text_keeps_headings_lists_and_tables_and_drops_boilerplate() -> None:
    result = extract(ARTICLE.encode("utf-8"))
    assert result.status == "ok" and result.kind == "html"
    assert result.title == "Modern Slavery Statement 2024 | Example Ltd"
    paragraphs = result.text.split("\n\n")
    assert paragraphs[0] == "Modern slavery statement"
    assert "Our supply chains" in paragraphs
    assert "- Electronic component makers in Malaysia\n- Logistics partners in the United Kingdom" in paragraphs
    assert "Risk | Action taken\nForced labour | Independent audits" in paragraphs
    assert "Approved by the board on 12 June 2024.\nJane Smith, Director" in paragraphs
    assert "steps Example Ltd has taken" in result.text
    for boilerplate in ("do not extract me", "color: red", "Careers", "Cookie settings"):
        assert boilerplate not in result.text
    assert result.pages == [] and result.page_at(5) is None


def test_whole_page_fallback_when_main_text_misses_most_of_the_page() -> None:
    widgets = "".join(
        f'<div class="sidebar-widget"><span>Section {number}. We audit supplier factories in region {number} '
        "for forced labour and debt bondage every year.</span></div>"
        for number in range(20)
    )
    page = (
        "<html><head><title>Statement</title></head><body><nav><a href='/'>Home</a></nav>"
        "<article><h1>Our statement</h1><p>Read our modern slavery statement for 2024 below.</p></article>"
        f"<aside class='sidebar'>{widgets}</aside><script>alert('x')</script></body></html>"
    )
    result = extract(page.encode())
    assert "Section 19. We audit supplier factories in region 19" in result.text
    assert "Read our modern slavery statement for 2024 below." in result.text
    assert "Home" not in result.text and "alert" not in result.text
    assert "\n\nSection 3. We audit" in result.text


def test_cp1252_page_with_meta_charset() -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
        "<title>D\xe9claration</title></head><body><p>\x93Na\xefve\x94 caf\xe9 suppliers \x96 "
        "audited in 2024 for forced labour risks across the supply chain.</p></body></html>"
    ).encode("latin-1")
    result = extract(page)
    assert result.title == "Déclaration"
    assert "“Naïve” café suppliers – audited" in result.text


def test_declared_charset_in_content_type_wins_over_guessing() -> None:
    page = "<html><body><p>Zürich office: Straße, Größe, and naïve café workers were interviewed.</p></body></html>"
    data = page.encode("iso-8859-1")
    assert "Zürich office: Straße" in extract(data, content_type="text/html; charset=ISO-8859-1").text
    assert "Zürich office: Straße" in decode_html(data, "text/html; charset=latin1")


def test_undeclared_encoding_is_detected() -> None:
    page = "<html><body><p>" + "Déclaration sur l’esclavage moderne et la traite des êtres humains. " * 20
    assert "Déclaration sur l’esclavage" in decode_html((page + "</p></body></html>").encode("cp1252"))
    assert "Déclaration sur l’esclavage" in decode_html((page + "</p></body></html>").encode("utf-8"))


def test_utf8_bom_beats_a_wrong_meta_charset() -> None:
    page = "\ufeff<html><head><meta charset='iso-8859-1'></head><body><p>Straße und Größe</p></body></html>"
    assert "Straße und Größe" in decode_html(page.encode("utf-8"))


def test_html_fragment_is_sniffed_with_the_content_type_hint() -> None:
    fragment = b"<p>Our <b>modern slavery</b> statement for 2024.</p>"
    result = extract(fragment, content_type="text/html")
    assert result.kind == "html"
    assert result.text == "Our modern slavery statement for 2024."


def test_page_without_text_is_an_error_not_an_empty_ok() -> None:
    result = extract(b"<html><head><title>Empty</title></head><body><img src='a.png'></body></html>")
    assert result.status == "error"
    assert result.error == "no text found in the document"
    assert result.title == "Empty"
