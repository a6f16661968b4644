"""Verification: the quick text pass decides alone only where it agrees with full extraction."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from app.discovery import verify
from app.discovery.pagetext import page_text
from app.discovery.verify import detector_verifier, full_verdict, quick_verdict
from app.simweb.content import code_of_conduct_paragraphs, paragraphs_html, statement_paragraphs
from app.simweb.web import SimulatedWeb

FIXTURES = Path(__file__).parents[1] / "scoring" / "fixtures"
NAV = (
    '<ul class="menu"><li><a href="/about">About us</a><ul class="sub-menu">'
    '<li><a href="/msa">Modern Slavery Statement</a></li></ul></li><li><a href="/news">News</a></li></ul>'
)
FOOTER = (
    '<ul><li><a href="/privacy">Privacy policy</a></li><li><a href="/msa">Modern Slavery Statement</a></li>'
    '<li><a href="/msa-2023">Modern Slavery Statement 2023</a></li></ul><p>&copy; 2024 Acme Group plc</p>'
)


def semantic(title: str, body: str) -> str:
    """A page with HTML5 landmarks."""
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body><header><nav>{NAV}</nav></header>"
        f"<main>{body}</main><footer>{FOOTER}</footer></body></html>"
    )


def divs(title: str, body: str) -> str:
    """A page whose furniture is told only by class and id names, with a sidebar and a cookie notice."""
    return (
        f'<html><head><title>{title}</title></head><body><div id="main-navigation">{NAV}</div>'
        f'<div class="breadcrumbs"><a href="/">Home</a> &gt; About</div><div id="content">{body}</div>'
        '<div class="sidebar"><h3>Related documents</h3><ul><li><a href="/msa-2023">Modern Slavery Statement 2023'
        f'</a></li></ul></div><div id="footer">{FOOTER}</div>'
        '<div class="cookie-notice">We use cookies. See our privacy policy.</div></body></html>'
    )


def bare(title: str, body: str) -> str:
    """A page with no landmark or class name at all: menus are plain lists of links in tables."""
    return (
        f"<html><head><title>{title}</title></head><body><table><tr><td>{NAV}</td></tr></table>{body}"
        f"<hr><table><tr><td>{FOOTER}</td></tr></table></body></html>"
    )


def paragraphs(text: str) -> str:
    """Blocks of a plain text as HTML paragraphs."""
    return "".join(f"<p>{html.escape(block)}</p>" for block in text.split("\n\n") if block.strip())


def test_quick_text_leaves_out_menus_footers_sidebars_and_cookie_notices() -> None:
    body = "<h1>Modern Slavery Statement 2024</h1><p>This statement is made pursuant to section 54.</p>"
    for template in (semantic, divs, bare):
        title, text = page_text(template("Statement | Acme", body).encode())
        assert title == "Statement | Acme"
        assert text.startswith("Modern Slavery Statement 2024\n\nThis statement is made pursuant to section 54.")
        for furniture in ("About us", "News", "Privacy", "Statement 2023", "Home", "Related", "cookies"):
            assert furniture not in text, (template.__name__, furniture)
    hidden = '<html><body><p hidden>Secret</p><div aria-hidden="true">Icon</div><p>Shown</p></body></html>'
    assert page_text(hidden.encode()) == (None, "Shown")


def test_content_inside_a_wrapper_named_like_furniture_is_kept() -> None:
    page = (
        '<html><body><div class="content-sidebar-wrap"><main><h1>Modern Slavery Statement</h1>'
        '<p>Our steps.</p></main><aside class="sidebar">Links</aside></div></body></html>'
    )
    assert page_text(page.encode())[1] == "Modern Slavery Statement\n\nOur steps."


def test_quick_text_reads_the_declared_charset_and_survives_control_characters() -> None:
    page = '<html><head><meta charset="windows-1252"></head><body><p>Caf\u00e9 \u2013 \x01ok</p></body></html>'
    assert page_text(page.encode("cp1252"))[1] == "Caf\u00e9 \u2013 ok"
    assert page_text(b"") == (None, "")


def test_a_clear_statement_page_is_decided_without_an_extraction_worker(monkeypatch) -> None:
    def no_worker(*_: object, **__: object) -> None:
        raise AssertionError("the quick pass should have decided")

    monkeypatch.setattr(verify, "extract_safely", no_worker)
    statement = paragraphs_html(statement_paragraphs("Acme", 2024, "retail"))
    page = semantic("Modern Slavery Statement 2024 | Acme", statement)
    verdict = detector_verifier(page.encode(), "text/html; charset=utf-8")
    assert verdict.is_statement and verdict.kind == "html" and verdict.confidence >= verify.SURE
    assert verdict.title == "Modern Slavery Statement 2024 | Acme"


def test_an_unsure_page_goes_to_full_extraction(monkeypatch) -> None:
    # A code of conduct headed "Modern Slavery Statement": the detector is unsure on the quick text.
    code = "<h1>Modern Slavery Statement</h1>" + paragraphs_html(code_of_conduct_paragraphs("Acme Ltd"))
    data = bare("Modern Slavery Statement | Acme", code).encode()
    assert quick_verdict(data, "text/html") is None
    calls: list[bytes] = []
    real = verify.extract_safely

    def counted(data: bytes, **kwargs: object):  # type: ignore[no-untyped-def]
        calls.append(data)
        return real(data, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(verify, "extract_safely", counted)
    assert detector_verifier(data, "text/html") == full_verdict(data, "text/html")
    assert calls == [data, data]


def test_pdfs_and_huge_pages_are_always_extracted() -> None:
    from app.simweb.pdf import make_pdf

    assert quick_verdict(make_pdf("Modern Slavery Statement", ["This statement"]), "application/pdf") is None
    statement = paragraphs_html(statement_paragraphs("Acme", 2024, "retail"))
    page = semantic("Modern Slavery Statement 2024", statement).encode()
    assert quick_verdict(page, "text/html") is not None
    padded = page.replace(b"</main>", b"<!--" + b"x" * verify.QUICK_MAX_BYTES + b"--></main>")
    assert quick_verdict(padded, "text/html") is None


def _fixture_pages() -> list[tuple[str, bytes]]:
    """The detector's hand-written positives and negatives, as pages in three layouts, with two kinds of title."""
    pages = []
    for path in sorted(FIXTURES.glob("*/*.txt")):
        text = path.read_text(encoding="utf-8")
        heading = html.escape(text.strip().split("\n")[0][:80])
        for template in (semantic, divs, bare):
            for title in (f"{heading} | Acme", "Acme Group plc"):
                pages.append((f"{path.parent.name}/{path.stem}/{template.__name__}", template(title, paragraphs(text))))
    return [(name, page.encode()) for name, page in pages]


def _simweb_pages() -> list[tuple[str, bytes]]:
    """Every HTML page of a simulated web with one site per scenario."""
    from app.simweb.generator import SCENARIOS

    web = SimulatedWeb(len(SCENARIOS), 8080, seed=7, scenarios=list(SCENARIOS))
    return [
        (f"{site.scenario}{path}", resource.body)
        for site in web.sites.values()
        for path, resource in site.resources.items()
        if (resource.content_type or "").startswith("text/html")
    ]


@pytest.mark.parametrize("source", [_fixture_pages, _simweb_pages], ids=["fixtures", "simweb"])
def test_where_the_quick_pass_decides_it_agrees_with_full_extraction(source) -> None:
    """Equality with full extraction, but for pages with almost no text of their own (hubs, lists of links).

    There extraction takes the menus for the main text (or falls back to the whole page), and their "Modern Slavery
    Statement" links can make a hub pass as a statement; the quick pass reads only the page's own words and says no,
    and discovery then looks at the statements the hub links to.
    """
    decided = 0
    for name, data in source():
        quick = quick_verdict(data, "text/html")
        if quick is None:
            continue
        decided += 1
        full = full_verdict(data, "text/html")
        if quick.is_statement != full.is_statement:
            own_words = page_text(data)[1]
            assert not quick.is_statement and len(own_words) < 200, (name, own_words)
        assert quick.title == full.title, name
    assert decided
