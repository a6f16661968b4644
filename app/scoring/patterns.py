"""Fast case-insensitive matching: patterns are lower-cased once and run on lower-cased text without IGNORECASE.

Python's IGNORECASE matching is two to three times slower than plain matching; for text whose lower-casing
keeps every offset (almost all text) the results are the same, so offsets still point into the original.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import islice
from re import _constants as constants  # type: ignore[attr-defined]
from re import _parser as parser  # type: ignore[attr-defined]
from typing import Any

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


def _expand(items: list[tuple[Any, Any]], prefixes: set[str]) -> set[str] | None:
    """Literal prefixes (up to MAX_PREFIX characters) that every match of this sequence must start with."""
    for index, (op, arg) in enumerate(items):
        if all(len(p) >= MAX_PREFIX for p in prefixes):
            return prefixes
        rest = items[index + 1 :]
        if op is constants.AT:
            continue
        if op is constants.LITERAL:
            prefixes = {p + chr(arg) if len(p) < MAX_PREFIX else p for p in prefixes}
            continue
        if op is constants.SUBPATTERN:
            return _expand(list(arg[3]) + rest, prefixes)
        if op is constants.BRANCH:
            found: set[str] = set()
            for branch in arg[1]:
                expanded = _expand(list(branch) + rest, prefixes)
                if expanded is None:
                    return None
                found |= expanded
            return found if len(found) <= MAX_PREFIXES else None
        if op is constants.IN and all(o is constants.LITERAL for o, _ in arg) and len(arg) <= 4:
            found = set()
            for _, value in arg:
                expanded = _expand([(constants.LITERAL, value), *rest], prefixes)
                if expanded is None:
                    return None
                found |= expanded
            return found if len(found) <= MAX_PREFIXES else None
        break
    return prefixes if all(len(p) >= 2 for p in prefixes) else None


@lru_cache(maxsize=8192)
def literal_prefixes(pattern: str) -> tuple[str, ...] | None:
    """The literal starts of every possible match of the lower-cased pattern, or None when it has none to use."""
    try:
        parsed = parser.parse(lower_pattern(pattern), re.MULTILINE)
    except re.error:
        return None
    found = _expand(list(parsed), {""})
    return tuple(sorted(found)) if found else None


WORD_START = re.compile(r"\b\w")


@lru_cache(maxsize=8192)
def word_start_prefixes(pattern: str) -> tuple[str, ...] | None:
    """The literal starts of a pattern whose matches always begin a word (a leading \\b, then a word character)."""
    prefixes = literal_prefixes(pattern)
    if prefixes is None:
        return None
    parsed = list(parser.parse(lower_pattern(pattern), re.MULTILINE))
    leading = parsed[:1] == [(constants.AT, constants.AT_BOUNDARY)]
    if not leading or not all(WORD_START.match(p) for p in prefixes):
        return None
    # a prefix that extends another adds no start: dropping it keeps the word starts of different prefixes apart
    return tuple(p for p in prefixes if not any(p != q and p.startswith(q) for q in prefixes))


class WordIndex:
    """Where each word of a lower-cased text starts, by its first three characters (fewer at the very end)."""

    def __init__(self, low: str) -> None:
        """Scan the text once for word starts."""
        self.low = low
        self.by_start: dict[str, list[int]] = {}
        self.by_short: dict[str, list[int]] = {}
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
        if not self.by_short:
            for key, starts in self.by_start.items():
                self.by_short.setdefault(key[:2], []).extend(starts)
            for starts in self.by_short.values():
                starts.sort()
        return self.by_short.get(prefix, [])

    def starts(self, prefixes: tuple[str, ...]) -> list[int]:
        """Sorted word starts at which one of the prefixes occurs (no prefix may extend another)."""
        if len(prefixes) == 1:
            return self._at(prefixes[0])
        return sorted([start for prefix in prefixes for start in self._at(prefix)])


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


def _candidate_starts(pattern: str, low: str) -> list[int] | None:
    """Positions where a match may begin, or None when the pattern has no literal start to use."""
    word_prefixes = word_start_prefixes(pattern)
    if word_prefixes is not None:
        return word_index(low).starts(word_prefixes)
    prefixes = literal_prefixes(pattern)
    if prefixes is None:
        return None
    starts: set[int] = set()
    for prefix in prefixes:
        position = low.find(prefix)
        while position != -1:
            starts.add(position)
            position = low.find(prefix, position + 1)
    return sorted(starts)


def fast_finditer(pattern: str, text: str, low: str | None, limit: int | None = None) -> list[re.Match[str]]:
    """Like finditer (the first `limit` matches), but a pattern is only tried where one of its literal starts occurs."""
    starts = _candidate_starts(pattern, low) if low is not None else None
    if low is None or starts is None:
        return list(islice(finditer(pattern, text, low), limit))
    match_at = compile_lowered(pattern).match
    matches: list[re.Match[str]] = []
    end = -1
    for start in starts:
        if start < end:
            continue
        match = match_at(low, start)
        if match:
            matches.append(match)
            if len(matches) == limit:
                break
            end = max(match.end(), start + 1)
    return matches
