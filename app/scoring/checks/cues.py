"""Weighted cue patterns over sentences: each cue runs once over the whole text, hits map to sentences."""

from __future__ import annotations

import re
from bisect import bisect_right

from pydantic import field_validator

from app.scoring.checks.registry import CheckParams
from app.scoring.context import ScoringContext
from app.scoring.patterns import compile_pattern, fast_finditer


class Cue(CheckParams):
    """A named regular expression and the weight a sentence gains when it matches."""

    id: str
    pattern: str
    weight: float = 1.0

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        """Refuse a pattern that is not a valid regular expression."""
        try:
            compile_pattern(value)
        except re.error as exc:
            raise ValueError(f"invalid regular expression: {exc}") from exc
        return value


def sentence_starts(ctx: ScoringContext) -> list[int]:
    """Start offsets of the context's sentences, cached for bisecting."""
    starts: list[int] | None = ctx.cache.get("sentence_starts")
    if starts is None:
        starts = [sentence.start for sentence in ctx.sentences]
        ctx.cache["sentence_starts"] = starts
    return starts


def hits(ctx: ScoringContext, pattern: str) -> frozenset[int]:
    """Indices of the sentences in which `pattern` matches (cached per pattern)."""
    key = "hits:" + pattern
    found: frozenset[int] | None = ctx.cache.get(key)
    if found is None:
        starts = sentence_starts(ctx)
        found = frozenset(
            index
            for match in fast_finditer(pattern, ctx.text, ctx.lowered)
            if (index := bisect_right(starts, match.start()) - 1) >= 0 and match.start() < ctx.sentences[index].end
        )
        ctx.cache[key] = found
    return found


def headings(ctx: ScoringContext) -> list[str]:
    """The distinct section headings of the context's sentences, in order of first appearance (cached)."""
    found: list[str] | None = ctx.cache.get("headings")
    if found is None:
        found = list(dict.fromkeys(s.heading for s in ctx.sentences if s.heading))
        ctx.cache["headings"] = found
    return found


def heading_hits(ctx: ScoringContext, cues: list[Cue]) -> dict[str, list[Cue]]:
    """For each distinct heading, the heading cues it matches."""
    compiled = [(cue, compile_pattern(cue.pattern)) for cue in cues]
    result: dict[str, list[Cue]] = {}
    for heading in headings(ctx):
        matched = [cue for cue, pattern in compiled if pattern.search(heading)]
        if matched:
            result[heading] = matched
    return result


def score_sentences(
    ctx: ScoringContext, cues: list[Cue], heading_cues: list[Cue], bias: float = 0.0
) -> dict[int, tuple[float, list[str]]]:
    """Score and matched cue ids of every sentence that any cue touches (others score `bias`)."""
    scored: dict[int, tuple[float, list[str]]] = {}
    for cue in cues:
        for index in hits(ctx, cue.pattern):
            score, reasons = scored.get(index, (bias, []))
            scored[index] = (score + cue.weight, [*reasons, cue.id])
    if heading_cues:
        by_heading = heading_hits(ctx, heading_cues)
        for index, sentence in enumerate(ctx.sentences):
            if sentence.heading in by_heading and not sentence.is_heading:
                score, reasons = scored.get(index, (bias, []))
                extra = by_heading[sentence.heading]
                scored[index] = (score + sum(c.weight for c in extra), [*reasons, *("heading:" + c.id for c in extra)])
    return scored
