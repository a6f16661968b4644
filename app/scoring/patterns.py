"""Fast case-insensitive matching: patterns are lower-cased once and run on lower-cased text without IGNORECASE.

Python's IGNORECASE matching is two to three times slower than plain matching; for text whose lower-casing
keeps every offset (almost all text) the results are the same, so offsets still point into the original.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from functools import lru_cache
from itertools import islice
from re import _casefix as casefix  # type: ignore[attr-defined]

from app.scoring.starts import MAX_PREFIX, Start, lower_pattern, match_starts

FLAGS = re.IGNORECASE | re.MULTILINE


@lru_cache(maxsize=8192)
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """The pattern compiled case-insensitive and multi-line (for short strings such as headings and roles)."""
    return re.compile(pattern, FLAGS)


@lru_cache(maxsize=8192)
def compile_lowered(pattern: str) -> re.Pattern[str]:
    """The lower-cased pattern compiled without IGNORECASE, for lower-cased text."""
    return re.compile(lower_pattern(pattern), re.MULTILINE)


# Characters that case-insensitive matching pairs with another beyond lower-casing ('ſ' with 's', 'ı' with 'i' ...):
# on lower-cased text they would not match as they do under IGNORECASE, so such a text is matched the slow way.
EXTRA_CASES = re.compile(
    "[" + "".join(re.escape(chr(c)) for k, v in casefix._EXTRA_CASES.items() for c in (k, *v) if c > 127) + "]"
)


@lru_cache(maxsize=8)
def lowered(text: str) -> str | None:
    """The lower-cased text when it matches as the original does under IGNORECASE (same offsets), else None."""
    low = text.lower()
    return low if len(low) == len(text) and not EXTRA_CASES.search(low) else None


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


WORD_KEY = re.compile(r"\b\w{1,3}")
DENSE = 12  # with a candidate every DENSE characters or more often, one regex scan is faster than the candidates


class WordIndex:
    """Where each word of a lower-cased text starts, by its first three characters (the whole word when shorter)."""

    def __init__(self, low: str) -> None:
        """Scan the text once for word starts."""
        self.low = low
        self._digits: list[int] | None = None
        self._lines: list[int] | None = None
        by_start: defaultdict[str, list[int]] = defaultdict(list)
        for match in WORD_KEY.finditer(low):
            by_start[match[0]].append(match.start())
        self.by_start: dict[str, list[int]] = by_start  # read with .get only, so no key is added by a lookup

    def _at(self, prefix: str, whole: bool) -> list[int]:
        """Word starts with this prefix (a word of exactly `prefix` when whole and shorter than a key)."""
        if len(prefix) >= MAX_PREFIX or whole:
            return self.by_start.get(prefix[:MAX_PREFIX], [])
        return [match.start() for match in _word_start_pattern(prefix).finditer(self.low)]

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
                found.extend(self._at(start.prefix, start.whole))
            elif start.anchor == "digit":
                found.extend(self.digits())
            elif start.anchor == "line":
                found.extend(self.lines())
            elif start.anchor == "gap":
                found.extend(_after_space(self.low, start.prefix))
            else:
                found.extend(_occurrences(self.low, start.prefix))
        return found if len(starts) == 1 and starts[0].anchor != "gap" else sorted(found)


NEWLINE = re.compile(r"\n")


@lru_cache(maxsize=256)
def _word_start_pattern(prefix: str) -> re.Pattern[str]:
    """Words starting with a short prefix: its first character, then a look back for a word start, then the rest."""
    return re.compile(re.escape(prefix[0]) + r"(?<!\w.)" + re.escape(prefix[1:]))


def _occurrences(low: str, prefix: str) -> list[int]:
    """Every position at which `prefix` occurs (overlapping occurrences included)."""
    found = []
    position = low.find(prefix)
    while position != -1:
        found.append(position)
        position = low.find(prefix, position + 1)
    return found


def _after_space(low: str, prefix: str) -> list[int]:
    """Where `prefix` occurs, and where the white space right before each occurrence begins."""
    found: list[int] = []
    for position in _occurrences(low, prefix):
        run = position
        while run and low[run - 1].isspace():
            run -= 1
        found.extend((run, position) if run < position else (position,))
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


def matches_at(
    match_at: Callable[[str, int], re.Match[str] | None], subject: str, candidates: list[int], limit: int | None
) -> list[re.Match[str]]:
    """The matches finditer would give, trying only the (sorted) candidate starts."""
    matches: list[re.Match[str]] = []
    end = -1
    for start in candidates:
        if start < end:
            continue
        match = match_at(subject, start)
        if match:
            matches.append(match)
            if len(matches) == limit:
                break
            end = max(match.end(), start + 1)
    return matches


def _candidates(pattern: str, low: str | None) -> list[int] | None:
    """Where a match of the pattern may start in the lower-cased text, or None when a plain scan is as fast."""
    starts = match_starts(pattern) if low is not None else None
    if low is None or starts is None:
        return None
    candidates = word_index(low).starts(starts)
    return None if len(candidates) * DENSE > len(low) else candidates


def fast_finditer(
    pattern: str, text: str, low: str | None, limit: int | None = None, *, indexed: bool = True
) -> list[re.Match[str]]:
    """Like finditer (the first `limit` matches), but a pattern is only tried where one of its starts occurs.

    indexed=False scans instead: for a short text that only a few patterns read, indexing it costs more.
    """
    candidates = _candidates(pattern, low) if indexed else None
    if low is None or candidates is None:
        return list(islice(finditer(pattern, text, low), limit))
    return matches_at(compile_lowered(pattern).match, low, candidates, limit)


def scan(compiled: re.Pattern[str], text: str, low: str | None, limit: int | None = None) -> list[re.Match[str]]:
    """compiled.finditer(text) (the first `limit` matches), tried only where the lower-cased text allows a start.

    For any pattern, case-sensitive or not: a match in `text` starts where its lower-cased form starts in `low`.
    A pattern compiled with VERBOSE or ASCII (its source reads differently without those flags) is scanned.
    """
    plain = compiled.flags & (re.VERBOSE | re.ASCII)
    candidates = None if plain else _candidates(compiled.pattern, low)
    if candidates is None:
        return list(islice(compiled.finditer(text), limit))
    return matches_at(compiled.match, text, candidates, limit)
