"""Text clean-up shared by every extractor: NFKC, hyphen mending and whitespace that keeps paragraphs."""

from __future__ import annotations

import re
import unicodedata

# PDFium marks a hyphen it found at a line end with \x02 (bounded text) or \ufffe (text range).
SOFT_HYPHEN_MARKS = "\x02\ufffe"
_MENDED_HYPHEN = re.compile(r"([\x02\ufffe\u00ad])[ \t]*\n?[ \t]*(?=(\S?))")
_ODD_CHARACTER = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\xa0\u1680\u2000-\u200f\u2028-\u202f\u205f\u3000\ufeff\ufffe\uffff]"
)
_REPLACEMENTS = {"\t": " ", "\x0b": "\n", "\x0c": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n\n"}
_REPLACEMENTS |= {space: " " for space in "\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"}
_REPLACEMENTS |= {space: " " for space in "\u2009\u200a\u202f\u205f\u3000"}
_SPACES = re.compile(" {2,}")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")


def nfkc(text: str) -> str:
    """Unicode NFKC: ligatures, full-width forms and odd spaces to their plain equivalents."""
    return unicodedata.normalize("NFKC", text)


def mend_hyphens(text: str) -> str:
    """Join words split by a line-break hyphen; keep the hyphen before a capital or digit ('non-EU', '2019-2020')."""
    if not any(mark in text for mark in "\x02\ufffe\u00ad"):
        return text

    def join(match: re.Match[str]) -> str:
        mark, following = match.group(1), match.group(2)
        keep = mark != "\u00ad" and bool(following) and (following.isupper() or following.isdigit())
        return "-" if keep else ""

    return _MENDED_HYPHEN.sub(join, text)


def tidy_whitespace(text: str) -> str:
    """One space between words, no spaces at line ends, at most one blank line between paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ODD_CHARACTER.sub(lambda match: _REPLACEMENTS.get(match.group(), ""), text)
    if "  " in text:
        text = _SPACES.sub(" ", text)
    text = text.replace(" \n", "\n").replace("\n ", "\n")
    if "\n\n\n" in text:
        text = _MANY_BLANK_LINES.sub("\n\n", text)
    return text.strip()


def clean_text(text: str) -> str:
    """The full clean-up: mend hyphens, NFKC, tidy whitespace."""
    return tidy_whitespace(nfkc(mend_hyphens(text)))
