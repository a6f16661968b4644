"""Text clean-up shared by every extractor: NFKC, hyphen mending and whitespace that keeps paragraphs."""

from __future__ import annotations

import re
import unicodedata

# PDFium marks a hyphen it found at a line end with \x02 (bounded text) or \ufffe (text range).
SOFT_HYPHEN_MARKS = "\x02\ufffe"
_MENDED_HYPHEN = re.compile(r"([\x02\ufffe\u00ad])[ \t]*\n?[ \t]*(?=(\S?))")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u200e\u200f\u2028\u2029\ufeff\ufffe\uffff]")
_HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")


def nfkc(text: str) -> str:
    """Unicode NFKC: ligatures, full-width forms and odd spaces to their plain equivalents."""
    return unicodedata.normalize("NFKC", text)


def mend_hyphens(text: str) -> str:
    """Join words split by a line-break hyphen; keep the hyphen before a capital or digit ('non-EU', '2019-2020')."""

    def join(match: re.Match[str]) -> str:
        mark, following = match.group(1), match.group(2)
        keep = mark != "\u00ad" and following and (following.isupper() or following.isdigit())
        return "-" if keep else ""

    return _MENDED_HYPHEN.sub(join, text)


def tidy_whitespace(text: str) -> str:
    """One space between words, no trailing spaces, at most one blank line between paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text.replace("\t", " ").replace("\u2028", "\n").replace("\u2029", "\n\n"))
    text = _HORIZONTAL_SPACE.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _MANY_BLANK_LINES.sub("\n\n", text).strip()


def clean_text(text: str) -> str:
    """The full clean-up: mend hyphens, NFKC, tidy whitespace."""
    return tidy_whitespace(nfkc(mend_hyphens(text)))
