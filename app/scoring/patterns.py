"""Fast case-insensitive matching: patterns are lower-cased once and run on lower-cased text without IGNORECASE.

Python's IGNORECASE matching is two to three times slower than plain matching; for text whose lower-casing
keeps every offset (almost all text) the results are the same, so offsets still point into the original.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from re import _constants as constants  # type: ignore[attr-defined]
from re import _parser as parser  # type: ignore[attr-defined]
from typing import Any, Literal

FLAGS = re.IGNORECASE | re.MULTILINE


def lower_pattern(pattern: str) -> str:
    """Lower-case a pattern's literal letters, leaving escapes (\\S, \\W, \\B ...) untouched."""
    out: list[str] = []
    escaped = False
    for char in pattern:
        out.append(char if escaped else char.lower())
        escaped = not escaped and char == "\\"
    return "".join(out)


@lru_cache(maxsize=8192)
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """The pattern compiled case-insensitive and multi-line (for short strings such as headings and roles)."""
    return re.compile(pattern, FLAGS)


@lru_cache(maxsize=8192)
def compile_lowered(pattern: str) -> re.Pattern[str]:
    """The lower-cased pattern compiled without IGNORECASE, for lower-cased text."""
    return re.compile(lower_pattern(pattern), re.MULTILINE)


def lowered(text: str) -> str | None:
    """The lower-cased text when it keeps every offset; None when some character changes length."""
    low = text.lower()
    return low if len(low) == len(text) else None


def finditer(pattern: str, text: str, low: str | None) -> Iterator[re.Match[str]]:
    """Case-insensitive matches of `pattern` in `text` (offsets valid for `text`)."""
    if low is not None:
        return compile_lowered(pattern).finditer(low)
    return compile_pattern(pattern).finditer(text)


def count(pattern: str, text: str, low: str | None, cap: int) -> int:
    """How many times the pattern matches, stopping at `cap`."""
    found = 0
    for _ in finditer(pattern, text, low):
        found += 1
        if found >= cap:
            break
    return found


MAX_PREFIX = 3
MAX_PREFIXES = 48
WORD_START = re.compile(r"\b\w")
DIGIT = constants.CATEGORY_DIGIT
DENSE = 12  # with a candidate every DENSE characters or more often, one regex scan is faster than the candidates


@dataclass(frozen=True, order=True)
class Start:
    """Where a match may begin: `prefix` anywhere, `prefix` at a word start, a word starting with a digit, a line."""

    anchor: Literal["any", "word", "digit", "line"]
    prefix: str = ""


def _expand_repeat(arg: Any, rest: list[tuple[Any, Any]], start: Start) -> set[Start] | None:
    """Starts through a repeat: one pass of its body (prefix growth stops there); also `rest` when it may be skipped."""
    low_bound, _, body = arg
    found = _expand(list(body), start)
    if low_bound == 0 and found is not None:
        skipped = _expand(rest, start)
        found = None if skipped is None else found | skipped
    return found


def _expand_each(branches: list[list[tuple[Any, Any]]], start: Start) -> set[Start] | None:
    """The union of the starts of several alternatives, or None when one has none or there are too many."""
    found: set[Start] = set()
    for branch in branches:
        expanded = _expand(branch, start)
        if expanded is None:
            return None
        found |= expanded
    return found if len(found) <= MAX_PREFIXES else None


def _expand(items: list[tuple[Any, Any]], start: Start) -> set[Start] | None:
    """Every Start that a match of this sequence of parsed items can begin with (a superset)."""
    anchor, prefix = start.anchor, start.prefix
    for index, (op, arg) in enumerate(items):
        if len(prefix) >= MAX_PREFIX or anchor == "digit":
            break
        rest = items[index + 1 :]
        if op is constants.AT:
            if anchor == "any" and not prefix and arg is constants.AT_BOUNDARY:
                anchor = "word"
            elif anchor == "any" and not prefix and arg in (constants.AT_BEGINNING, constants.AT_BEGINNING_STRING):
                anchor = "line"
            continue
        if op is constants.LITERAL:
            prefix += chr(arg)
            continue
        here = Start(anchor, prefix)
        if op is constants.SUBPATTERN:
            return _expand(list(arg[3]) + rest, here)
        if op is constants.BRANCH:
            return _expand_each([list(branch) + rest for branch in arg[1]], here)
        if op is constants.IN and all(o is constants.LITERAL for o, _ in arg) and len(arg) <= 4:
            return _expand_each([[(constants.LITERAL, value), *rest] for _, value in arg], here)
        if op is constants.IN and anchor == "word" and not prefix and arg == [(constants.CATEGORY, DIGIT)]:
            return {Start("digit")}
        if op in (constants.MAX_REPEAT, constants.MIN_REPEAT):
            return _expand_repeat(arg, rest, here)
        break
    return {Start(anchor, prefix)}


def _usable(start: Start) -> Start | None:
    """The start as looked up, or None when it would not narrow the search (an empty or one-letter prefix anywhere)."""
    if start.anchor in ("digit", "line"):
        return Start(start.anchor)
    if start.anchor == "word" and WORD_START.match(start.prefix):
        return start
    if len(start.prefix) >= 2 or (start.prefix and not start.prefix.isalnum() and not start.prefix.isspace()):
        return Start("any", start.prefix)
    return None


@lru_cache(maxsize=8192)
def match_starts(pattern: str) -> tuple[Start, ...] | None:
    """Where every match of the lower-cased pattern must begin, or None when there is nothing useful to look up."""
    try:
        parsed = parser.parse(lower_pattern(pattern), re.MULTILINE)
    except re.error:
        return None
    if parsed.getwidth()[0] == 0:  # a pattern that can match empty text is left to the regex engine
        return None
    found = _expand(list(parsed), Start("any"))
    if not found:
        return None
    usable = {_usable(start) for start in found}
    if None in usable:
        return None
    starts = {start for start in usable if start is not None}
    words = {start.prefix for start in starts if start.anchor == "word"}
    # a word prefix that extends another adds no start: dropping it keeps the word starts of different prefixes apart
    return tuple(
        sorted(
            start
            for start in starts
            if start.anchor != "word" or not any(p != start.prefix and start.prefix.startswith(p) for p in words)
        )
    )


class WordIndex:
    """Where each word of a lower-cased text starts, by its first three characters (fewer at the very end)."""

    def __init__(self, low: str) -> None:
        """Scan the text once for word starts."""
        self.low = low
        self.by_start: dict[str, list[int]] = {}
        self.by_short: dict[int, dict[str, list[int]]] = {}
        self._digits: list[int] | None = None
        self._lines: list[int] | None = None
        by_start = self.by_start
        for match in WORD_START.finditer(low):
            start = match.start()
            key = low[start : start + 3]
            found = by_start.get(key)
            if found is None:
                by_start[key] = [start]
            else:
                found.append(start)

    def _at(self, prefix: str) -> list[int]:
        """Word starts at which the prefix occurs (a prefix shorter than three merges the keys it begins)."""
        if len(prefix) >= 3:
            return self.by_start.get(prefix, [])
        grouped = self.by_short.get(len(prefix))
        if grouped is None:
            grouped = {}
            for key, starts in self.by_start.items():
                grouped.setdefault(key[: len(prefix)], []).extend(starts)
            for starts in grouped.values():
                starts.sort()
            self.by_short[len(prefix)] = grouped
        return grouped.get(prefix, [])

    def digits(self) -> list[int]:
        """Sorted starts of the words that begin with a decimal digit."""
        if self._digits is None:
            self._digits = sorted(s for key, starts in self.by_start.items() if key[0].isdecimal() for s in starts)
        return self._digits

    def lines(self) -> list[int]:
        """Line starts: the text's start and every position after a newline."""
        if self._lines is None:
            self._lines = [0, *(match.end() for match in NEWLINE.finditer(self.low))]
        return self._lines

    def starts(self, starts: tuple[Start, ...]) -> list[int]:
        """Sorted positions at which one of the starts occurs (a position may appear twice)."""
        found: list[int] = []
        for start in starts:
            if start.anchor == "word":
                found.extend(self._at(start.prefix))
            elif start.anchor == "digit":
                found.extend(self.digits())
            elif start.anchor == "line":
                found.extend(self.lines())
            else:
                found.extend(_occurrences(self.low, start.prefix))
        return found if len(starts) == 1 else sorted(found)


NEWLINE = re.compile(r"\n")


def _occurrences(low: str, prefix: str) -> list[int]:
    """Every position at which `prefix` occurs (overlapping occurrences included)."""
    found = []
    position = low.find(prefix)
    while position != -1:
        found.append(position)
        position = low.find(prefix, position + 1)
    return found


_recent: list[WordIndex] = []
RECENT_INDEXES = 3  # the detector alternates between a text's head, its body and its whole text


def word_index(low: str) -> WordIndex:
    """The word index of a recently seen text (the rules and the detector share one per statement)."""
    for index in _recent:
        if index.low == low:
            return index
    index = WordIndex(low)
    _recent[:] = [index, *_recent[: RECENT_INDEXES - 1]]
    return index


def fast_finditer(pattern: str, text: str, low: str | None, limit: int | None = None) -> list[re.Match[str]]:
    """Like finditer (the first `limit` matches), but a pattern is only tried where one of its starts occurs."""
    starts = match_starts(pattern) if low is not None else None
    if low is None or starts is None:
        return list(islice(finditer(pattern, text, low), limit))
    candidates = word_index(low).starts(starts)
    if len(candidates) * DENSE > len(low):
        return list(islice(finditer(pattern, text, low), limit))
    match_at = compile_lowered(pattern).match
    matches: list[re.Match[str]] = []
    end = -1
    for start in candidates:
        if start < end:
            continue
        match = match_at(low, start)
        if match:
            matches.append(match)
            if len(matches) == limit:
                break
            end = max(match.end(), start + 1)
    return matches
