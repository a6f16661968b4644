"""Rebuild lines and paragraphs of one PDF page from PDFium's text and character boxes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

import pypdfium2 as pdfium

from app.extraction.normalise import SOFT_HYPHEN_MARKS

_LIST_MARKER = re.compile(r"^\s*([•●▪◦‣∙·○■□➢►\-–—*]|\(?[0-9ivxIVX]{1,4}[.)]|\(?[a-zA-Z][.)])\s")
_PARAGRAPH_GAP = 1.5  # a gap this many times the page's usual line spacing starts a paragraph
_SHORT_LINE = 0.15  # a line ending this share of the text width before the right margin was broken by its author
_MIN_FULL_WIDTH = 0.6  # of the page width: the right margin is assumed at least this far in


@dataclass(frozen=True)
class _Line:
    """One line of the page: its text, its left and right edges, and its first and last characters' bottoms."""

    text: str
    left: float
    right: float
    first_bottom: float
    last_bottom: float


def page_text(textpage: pdfium.PdfTextPage, page_width: float) -> str:
    """The page's text with paragraphs as blank lines, hard breaks as newlines, wrapped lines joined."""
    raw: str = textpage.get_text_range()
    lines = raw.split("\r\n")
    if len(lines) < 2:
        return raw
    if len(raw) != textpage.count_chars():
        return "\n".join(lines)
    return _join_lines(_measure(textpage, lines), page_width)


def _measure(textpage: pdfium.PdfTextPage, lines: list[str]) -> list[_Line | None]:
    """Position each line by its first and last visible characters' font boxes (None for blank lines)."""
    measured: list[_Line | None] = []
    index = 0
    for line in lines:
        if line.strip():
            left, first_bottom, _, _ = textpage.get_charbox(index + len(line) - len(line.lstrip()), loose=True)
            _, last_bottom, right, _ = textpage.get_charbox(index + len(line.rstrip()) - 1, loose=True)
            measured.append(_Line(line, left, right, first_bottom, last_bottom))
        else:
            measured.append(None)
        index += len(line) + 2
    return measured


def _join_lines(lines: list[_Line | None], page_width: float) -> str:
    """Join lines with a space, a newline or a blank line, judged by spacing, width and list markers."""
    present = [line for line in lines if line is not None]
    gaps = [_gap(above, below) for above, below in pairwise(lines)]
    spacing = _usual_spacing([gap for gap in gaps if gap is not None and gap > 2])
    margin = max([line.right for line in present] + [page_width * _MIN_FULL_WIDTH])
    short_of = _SHORT_LINE * (margin - min(line.left for line in present))
    parts = [lines[0].text if lines[0] else ""]
    for above, below, gap in zip(lines, lines[1:], gaps, strict=False):
        if below is None:
            continue
        parts.append("\n\n" if above is None else _separator(above, below, gap, spacing, margin - short_of))
        parts.append(below.text)
    return "".join(parts)


def _usual_spacing(gaps: list[float]) -> float:
    """The page's ordinary line spacing: a low percentile, since short paragraphs make paragraph gaps common."""
    return sorted(gaps)[len(gaps) // 5] if gaps else 0.0


def _gap(above: _Line | None, below: _Line | None) -> float | None:
    """Vertical distance from the end of one line to the start of the next (positive when it is lower)."""
    return None if above is None or below is None else above.last_bottom - below.first_bottom


def _separator(above: _Line, below: _Line, gap: float | None, spacing: float, full_from: float) -> str:
    """What goes between two lines: '\\n\\n' for a new paragraph, '\\n' for a hard break, ' ' or '' for a wrap."""
    if gap is None or gap < -1 or (spacing > 0 and gap > spacing * _PARAGRAPH_GAP):
        return "\n\n"  # a jump up the page (next column or box) or a wide gap
    if gap < 1 or spacing <= 0:
        return "\n"  # same row (table cells) or nothing to compare with
    ending = above.text.rstrip()
    if ending.endswith(tuple(SOFT_HYPHEN_MARKS)):
        return "\n"  # mended later with the word's other half
    if ending.endswith("-") and ending[-2:-1].isalnum() and below.text.lstrip()[:1].isalnum():
        return ""  # a hard hyphen at the line end: '2019-' + '2020'
    if _LIST_MARKER.match(below.text) or above.right < full_from:
        return "\n"
    return " "
