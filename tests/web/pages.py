"""Read pages as a person would: headings, text, tables and form errors, parsed from the HTML."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag
from httpx import Response


def page(response: Response) -> BeautifulSoup:
    """The parsed page."""
    return BeautifulSoup(response.text, "html.parser")


def text(soup: BeautifulSoup | Tag) -> str:
    """Visible text with whitespace collapsed."""
    return " ".join(soup.get_text(" ").split())


def heading(soup: BeautifulSoup) -> str:
    """The page's h1."""
    h1 = soup.find("h1")
    assert h1 is not None, "page has no h1"
    return text(h1)


def table_rows(soup: BeautifulSoup | Tag, caption_contains: str = "") -> list[list[str]]:
    """Body rows of the first table whose caption contains the words (header cells included)."""
    for table in soup.find_all("table"):
        caption = table.find("caption")
        if caption_contains and (caption is None or caption_contains not in text(caption)):
            continue
        body = table.find("tbody")
        assert isinstance(body, Tag)
        return [[text(cell) for cell in row.find_all(["th", "td"])] for row in body.find_all("tr")]
    raise AssertionError(f"no table captioned {caption_contains!r}")


def error_summary(soup: BeautifulSoup) -> list[str]:
    """The messages in the GOV.UK error summary."""
    summary = soup.find(class_="govuk-error-summary")
    return [text(item) for item in summary.find_all("li")] if isinstance(summary, Tag) else []
