"""Rebuild lines and paragraphs of one PDF page from PDFium's text and character boxes."""

from __future__ import annotations

import re
from statistics import median

import pypdfium2 as pdfium

from app.extraction.normalise import SOFT_HYPHEN_MARKS

_LIST_MARKER = re.compile(r"^\s*([•●▪◦‣∙·○■□➢►\-–—*]|\(?[0-9ivxIVX]{1,4}[.)]|\(?[a-zA-Z][.)])\s")
_PARAGRAPH_GAP = 1.5  # a gap this many times the page's usual line spacing starts a paragraph
_SHORT_LINE = 0.6  # a line shorter than this share of a full line ends where its author broke it


def page_text(textpage: pdfium.PdfTextPage) -> str:
    """The page's text with paragraphs as blank lines, hard breaks as newlines, wrapped lines joined."""
    raw: str = textpage.get_text_range()
    lines = raw.split("\r\n")
    if len(lines) < 2:
        return raw
    if len(raw) != textpage.count_chars():
        return "\n".join(lines)
    bottoms = _line_bottoms(textpage, lines)
    return _join_lines(lines, bottoms)


def _line_bottoms(textpage: pdfium.PdfTextPage, lines: list[str]) -> list[tuple[float, float] | None]:
    """The bottom edges of each line's first and last visible characters (None for blank lines)."""
    bottoms: list[tuple[float, float] | None] = []
    index = 0
    for line in lines:
        if line.strip():
            first = index + len(line) - len(line.lstrip())
            last = index + len(line.rstrip()) - 1
            bottoms.append((textpage.get_charbox(first, loose=True)[1], textpage.get_charbox(last, loose=True)[1]))
        else:
            bottoms.append(None)
        index += len(line) + 2
    return bottoms


def _join_lines(lines: list[str], bottoms: list[tuple[float, float] | None]) -> str:
    """Join lines with a space, a newline or a blank line, judged by spacing, length and list markers."""
    gaps = [_gap(bottoms[i - 1], bottoms[i]) for i in range(1, len(lines))]
    spacing = median([gap for gap in gaps if gap and gap > 0] or [0.0])
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    full_line = lengths[int(len(lengths) * 0.9) - 1 if len(lengths) > 1 else 0]
    parts = [lines[0]]
    for previous, line, gap in zip(lines, lines[1:], gaps, strict=False):
        parts.append(_separator(previous, line, gap, spacing, full_line))
        parts.append(line)
    return "".join(parts)


def _gap(above: tuple[float, float] | None, below: tuple[float, float] | None) -> float | None:
    """Vertical distance from the end of one line to the start of the next (positive when it is lower)."""
    return None if above is None or below is None else above[1] - below[0]


def _separator(previous: str, line: str, gap: float | None, spacing: float, full_line: int) -> str:
    """What goes between two lines: '\\n\\n' for a new paragraph, '\\n' for a hard break, ' ' for a wrap."""
    if gap is None or gap < -1 or (spacing > 0 and gap > spacing * _PARAGRAPH_GAP):
        return "\n\n"  # a blank line, a jump up the page (next column or box) or a wide gap
    if gap < 1 or spacing <= 0:
        return "\n"  # same row (table cells) or nothing to compare with
    if previous.rstrip().endswith(tuple(SOFT_HYPHEN_MARKS)):
        return "\n"
    if _LIST_MARKER.match(line) or len(previous.strip()) < full_line * _SHORT_LINE:
        return "\n"
    return " "
