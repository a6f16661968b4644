"""Split text into sentences (and list items) with character offsets, without breaking at 'Co.', 'Ltd.' or 'No.'."""

from __future__ import annotations

import re
from dataclasses import dataclass

_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*\s+|\n\s*\n|\n[ \t]*(?=[•·▪●◦‣*-]\s)")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\.?$")
ABBREVIATIONS = frozenset(
    [
        "co",
        "ltd",
        "no",
        "inc",
        "corp",
        "bhd",
        "sdn",
        "pty",
        "pte",
        "plc",
        "llc",
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "vs",
        "etc",
        "eg",
        "ie",
        "jr",
        "sr",
        "dept",
        "intl",
        "mfg",
        "approx",
        "fig",
    ]
)


@dataclass(frozen=True)
class Sentence:
    """Characters [start, end) of the text."""

    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of the text, stripped, with offsets into the original."""
    sentences: list[Sentence] = []
    start = 0
    for boundary in _BOUNDARY.finditer(text):
        before = _WORD_BEFORE.search(text[max(0, boundary.start() - 12) : boundary.start() + 1])
        if (
            "\n" not in boundary.group()
            and before
            and (before.group(1).lower() in ABBREVIATIONS or len(before.group(1)) == 1)
        ):
            continue
        _append(sentences, text, start, boundary.start() + len(boundary.group().rstrip()))
        start = boundary.end()
    _append(sentences, text, start, len(text))
    return sentences


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    """Add text[start:end] without surrounding whitespace, if anything is left."""
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        offset = start + (len(chunk) - len(chunk.lstrip()))
        sentences.append(Sentence(offset, offset + len(stripped), stripped))
