"""Where a regular expression's matches can begin, read from its parse tree: literal starts, word starts, lines.

A pattern is then tried only at those places instead of at every character. The starts are a superset: every
match begins at one of them, so trying them in order gives exactly the matches finditer gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from re import _constants as constants  # type: ignore[attr-defined]
from re import _parser as parser  # type: ignore[attr-defined]
from typing import Any, Literal

MAX_PREFIX = 3  # the word index keys words by their first three characters
MAX_LITERAL = 12  # a literal looked up with str.find is more selective the longer it is
MAX_STARTS = 48
WORD_CHAR = re.compile(r"\w")
DIGIT = constants.CATEGORY_DIGIT
NON_WORD_CATEGORIES = (constants.CATEGORY_SPACE, constants.CATEGORY_NOT_WORD)
Items = list[tuple[Any, Any]]


def lower_pattern(pattern: str) -> str:
    """Lower-case a pattern's literal letters, leaving escapes (\\S, \\W, \\B ...) and named groups' (?P untouched."""
    out: list[str] = []
    escaped = False
    group_at = -1  # where the last unescaped "(" is
    for index, char in enumerate(pattern):
        named_group = char == "P" and group_at == index - 2 and pattern[index - 1] == "?"
        out.append(char if escaped or named_group else char.lower())
        if char == "(" and not escaped:
            group_at = index
        escaped = not escaped and char == "\\"
    return "".join(out)


@dataclass(frozen=True, order=True)
class Start:
    """Where a match may begin.

    anchor "any": wherever `prefix` occurs; "word": at a word starting with `prefix` (with `whole`, at the word
    that is exactly `prefix`); "gap": at a word boundary followed by white space and `prefix`, i.e. where `prefix`
    occurs or where the white space before it begins; "digit": at a word starting with a decimal digit; "line":
    at a line start.
    """

    anchor: Literal["any", "word", "gap", "digit", "line"]
    prefix: str = ""
    whole: bool = False


def _non_word(op: Any, arg: Any) -> bool:
    """True when this item can only match characters that end a word (space, punctuation)."""
    if op is constants.LITERAL:
        return not WORD_CHAR.match(chr(arg))
    if op is constants.IN:
        return all(
            (kind is constants.LITERAL and not WORD_CHAR.match(chr(value)))
            or (kind is constants.CATEGORY and value in NON_WORD_CATEGORIES)
            for kind, value in arg
        )
    return False


def _space_run(op: Any, arg: Any) -> bool:
    """True for white space: \\s, \\s*, \\s+ or \\s{m,n}."""
    space = (constants.IN, [(constants.CATEGORY, constants.CATEGORY_SPACE)])
    if op in (constants.MAX_REPEAT, constants.MIN_REPEAT):
        return list(arg[2]) == [space]
    return (op, arg) == space


def _expand_repeat(arg: Any, rest: Items, start: Start) -> set[Start] | None:
    """Starts through a repeat: one pass of its body (prefix growth stops there); also `rest` when it may be skipped."""
    low_bound, _, body = arg
    found = _expand(list(body), start)
    if low_bound == 0 and found is not None:
        skipped = _expand(rest, start)
        found = None if skipped is None else found | skipped
    return found


def _expand_each(branches: list[Items], start: Start) -> set[Start] | None:
    """The union of the starts of several alternatives, or None when one has none or there are too many."""
    found: set[Start] = set()
    for branch in branches:
        expanded = _expand(branch, start)
        if expanded is None:
            return None
        found |= expanded
    return found if len(found) <= MAX_STARTS else None


def _expand(items: Items, start: Start) -> set[Start] | None:
    """Every Start that a match of this sequence of parsed items can begin with (a superset)."""
    anchor, prefix = start.anchor, start.prefix
    for index, (op, arg) in enumerate(items):
        if len(prefix) >= (MAX_PREFIX if anchor == "word" else MAX_LITERAL) or anchor == "digit":
            break
        rest = items[index + 1 :]
        if anchor == "word" and prefix and ((op, arg) == (constants.AT, constants.AT_BOUNDARY) or _non_word(op, arg)):
            return {Start(anchor, prefix, whole=True)}
        if anchor in ("word", "gap") and not prefix and _space_run(op, arg):
            anchor = "gap"
            continue
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
        if op is constants.IN and all(kind is constants.LITERAL for kind, _ in arg) and len(arg) <= 4:
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
    if start.anchor == "word" and WORD_CHAR.match(start.prefix):
        return Start("word", start.prefix, start.whole and len(start.prefix) < MAX_PREFIX)
    prefix = start.prefix
    narrow = len(prefix) >= 2 or (len(prefix) == 1 and not prefix.isalnum() and not prefix.isspace())
    if not narrow:
        return None
    return start if start.anchor == "gap" else Start("any", prefix)


def _covered(start: Start, starts: set[Start]) -> bool:
    """True when another start already finds every place this one does ('su' covers 'sub' and 'su ', 'code' 'codes')."""
    if start.anchor not in ("word", "any", "gap"):
        return False
    return any(
        other.anchor == start.anchor and not other.whole and other != start and start.prefix.startswith(other.prefix)
        for other in starts
    )


@lru_cache(maxsize=8192)
def match_starts(pattern: str) -> tuple[Start, ...] | None:
    """Where every match of the lower-cased pattern must begin, or None when there is nothing useful to look up."""
    try:
        parsed = parser.parse(lower_pattern(pattern), re.MULTILINE)
    except re.error:
        return None
    if parsed.getwidth()[0] == 0 or parsed.state.flags & re.ASCII:
        return None  # a pattern that can match empty text, or whose \b and \w are ASCII-only, is left to the engine
    found = _expand(list(parsed), Start("any"))
    if not found:
        return None
    usable = {_usable(start) for start in found}
    if None in usable:
        return None
    starts = {start for start in usable if start is not None}
    return tuple(sorted(start for start in starts if not _covered(start, starts)))
