"""Sentence splitting that keeps character offsets and carries each section heading to its sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass

BULLET = re.compile(r"^\s*(?:[•●▪◦■□➢➤►▶✓✔○·\-–—*\uf0b7\uf0a7\uf0d8\uf076]|\(?[a-zA-Z0-9]{1,3}[.)](?=\s))\s*")
SENTENCE_END = re.compile(r"[.!?;](?:[\"'”’)\]]*)(?=\s+[\"'“‘(\[]?[A-Z0-9•])")
ABBREVIATIONS = re.compile(
    r"(?:\b(?:ltd|plc|inc|co|no|nos|mr|mrs|ms|dr|st|e\.g|i\.e|etc|vs|approx|corp|pty|llc|jr|sr|fig|ref|art|reg|"
    r"sec|para|cth|u\.k|u\.s|p\.a|a\.b\.n|a\.c\.n|n\.v|s\.a|b\.v|ag|gmbh|[a-z])|\d)\.$",
    re.IGNORECASE,
)
ABBREVIATIONS_LOWER = re.compile(ABBREVIATIONS.pattern)  # the same matches on lower-cased ASCII, without IGNORECASE
NUMBERED_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[A-Z]\.|section\s+\d+)\s+\S", re.IGNORECASE)
LEADING_CAPS = re.compile(r"^((?:[A-Z][A-Z&’'/,-]*\s+){2,12})(?=[A-Z][a-z])")
MAX_HEADING_WORDS = 12
HYPHENATED = re.compile(r"(\w)-\n(\w)")
TITLE_SMALL_WORDS = frozenset({"and", "of", "the", "in", "our", "to", "&"})


@dataclass(frozen=True)
class Sentence:
    """Characters [start, end) of the source text, its whitespace-normalised text and its section heading."""

    start: int
    end: int
    text: str
    heading: str | None = None
    is_heading: bool = False


def _clean(text: str) -> str:
    """Collapse whitespace (PDF line breaks, hyphenation at line ends) for display and matching."""
    if "-\n" in text:
        text = HYPHENATED.sub(r"\1\2", text)
    return " ".join(text.split())


def looks_like_heading(line: str) -> bool:
    """A short line without closing punctuation: all capitals, Title Case, numbered, or ending in a colon."""
    words = line.split(None, MAX_HEADING_WORDS)  # more than MAX_HEADING_WORDS words are never split further
    if not words or len(words) > MAX_HEADING_WORDS or line.rstrip().endswith((".", ";", ",")):
        return False
    if line.rstrip().endswith(":") or NUMBERED_HEADING.match(line):
        return len(words) <= 8
    letters = list(filter(str.isalpha, line))
    if letters and sum(map(str.isupper, letters)) / len(letters) > 0.8:
        return True
    capitalised = sum(1 for w in words if w[:1].isupper() or w.lower() in TITLE_SMALL_WORDS)
    return capitalised == len(words) and len(words) <= 8


def _lines(text: str) -> list[tuple[int, str]]:
    """Each line of the text with its start offset."""
    lines: list[tuple[int, str]] = []
    offset = 0
    for line in text.split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1
    return lines


def _is_short_heading(line: str, previous: str, previous_is_heading: bool, following: str) -> bool:
    """A sentence-case heading line: short, capitalised, unpunctuated, between a full stop and a capital."""
    words = line.split(None, 7)
    return (
        0 < len(words) <= 7
        and line[:1].isupper()
        and line[-1:].isalnum()
        and (len(words) <= 4 or not previous or previous.endswith((".", "!", "?", ":")) or previous_is_heading)
        and following[:1].isupper()
    )


def _blocks(text: str) -> list[tuple[int, int, bool]]:
    """Spans of paragraphs and headings: broken at blank lines, bullets, headings and full stops at line end."""
    lines = _lines(text)
    spans: list[tuple[int, int, bool]] = []
    start: int | None = None
    previous = ""
    previous_is_heading = False  # looks_like_heading(previous), computed once per line
    stripped_lines = [line.strip() for _, line in lines] + [""]
    for index, (offset, line) in enumerate(lines):
        stripped, following = stripped_lines[index], stripped_lines[index + 1]
        is_heading = bool(stripped) and looks_like_heading(stripped)
        heading = is_heading or (
            bool(stripped) and _is_short_heading(stripped, previous, previous_is_heading, following)
        )
        starts_new = (
            not stripped
            or heading
            or bool(BULLET.match(line))
            or (previous.endswith((".", "!", "?", ":", ";")) and stripped[:1].isupper())
        )
        if start is not None and (starts_new or spans_heading(spans, start)):
            spans[-1] = (spans[-1][0], offset, spans[-1][2])
            start = None
        if stripped and start is None:
            start = offset
            spans.append((offset, offset + len(line), heading))
        elif stripped:
            spans[-1] = (spans[-1][0], offset + len(line), False)
        previous, previous_is_heading = stripped, is_heading
    return spans


def spans_heading(spans: list[tuple[int, int, bool]], start: int) -> bool:
    """True when the open block is a heading line (a heading never runs on into the next line)."""
    return bool(spans) and spans[-1][0] == start and spans[-1][2]


def _ends_in_abbreviation(window: str) -> bool:
    """True when the window ends in an abbreviation or an initial ('Ltd.', 'e.g.', 'J.'): no sentence ends there."""
    if not window.endswith("."):  # the pattern ends in a full stop at the end of the window
        return False
    if window.isascii():
        return ABBREVIATIONS_LOWER.search(window.lower()) is not None
    return ABBREVIATIONS.search(window) is not None


def _split_block(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside one paragraph, not breaking after abbreviations or initials."""
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in SENTENCE_END.finditer(text, start, end):
        if _ends_in_abbreviation(text[max(cursor, match.start() - 12) : match.start() + 1]):
            continue
        spans.append((cursor, match.end()))
        cursor = match.end()
        while cursor < end and text[cursor].isspace():
            cursor += 1
    if cursor < end:
        spans.append((cursor, end))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span to exclude surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str) -> list[Sentence]:
    """Every sentence and heading of `text` with offsets; each sentence carries the nearest heading above it."""
    sentences: list[Sentence] = []
    heading: str | None = None
    for block_start, block_end, is_heading in _blocks(text):
        block_start, block_end = _trim(text, block_start, block_end)
        raw = text[block_start:block_end]
        if is_heading:
            heading = _clean(raw).rstrip(":")
            sentences.append(Sentence(block_start, block_end, _clean(raw), heading, True))
            continue
        for start, end in _split_block(text, block_start, block_end):
            start, end = _trim(text, start, end)
            if start >= end:
                continue
            cleaned = _clean(text[start:end])
            caps = LEADING_CAPS.match(cleaned)
            if caps and len(caps.group(1).split()) >= 2:
                heading = caps.group(1).strip().rstrip(":,")
            sentences.append(Sentence(start, end, cleaned, heading))
    return sentences
