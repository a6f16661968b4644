"""Content checks: which sentences address an area, and whether they report steps taken or only promises."""

from __future__ import annotations

from pydantic import Field

from app.scoring.checks.cues import Cue, hits, score_sentences
from app.scoring.checks.registry import CheckParams, check
from app.scoring.context import ScoringContext
from app.scoring.types import CheckResult

DEFAULT_FUTURE = (
    r"\b(?:will|shall|plan(?:s|ning)?\s+to|intend(?:s|ing)?\s+to|aim(?:s|ing)?\s+to|expect(?:s)?\s+to|going\s+to|"
    r"committed\s+to\s+(?:introducing|developing|rolling)|would\s+like\s+to|hope\s+to|propose\s+to|look\s+to)\b"
    r"|\b(?:next|coming|following)\s+(?:year|financial\s+year|reporting\s+period|12\s+months)\b"
    r"|\bgoing\s+forward\b|\bin\s+(?:the\s+)?future\b|\bover\s+the\s+(?:next|coming)\b"
    r"|\bfuture\s+(?:steps|plans|actions|priorities)\b|\bplanned\s+(?:actions|steps|activities)\b"
)


class CueSentenceParams(CheckParams):
    """Weighted cues for an area; how many sentences of steps taken make a pass; whether promises count."""

    cues: list[Cue] = Field(min_length=1)
    heading_cues: list[Cue] = Field(default_factory=list)
    bias: float = 0.0
    threshold: float = 1.0
    pass_min: int = Field(default=2, ge=1)
    future_partial: bool = True
    future_pattern: str = DEFAULT_FUTURE
    max_evidence: int | None = Field(default=None, ge=1)
    include_headings: bool = False


def future_sentences(ctx: ScoringContext, pattern: str) -> frozenset[int]:
    """Sentences that promise future action ('we will', 'we plan to', 'next year')."""
    return hits(ctx, pattern)


def evidence_indices(ctx: ScoringContext, params: CueSentenceParams) -> list[tuple[int, float, list[str]]]:
    """Sentences scoring at or above the threshold, best first."""
    scored = score_sentences(ctx, params.cues, params.heading_cues, params.bias)
    chosen = [
        (index, score, reasons)
        for index, (score, reasons) in scored.items()
        if score >= params.threshold and (params.include_headings or not ctx.sentences[index].is_heading)
    ]
    return sorted(chosen, key=lambda item: (-item[1], item[0]))


@check("cue_sentences", CueSentenceParams)
def cue_sentences(ctx: ScoringContext, params: CueSentenceParams) -> CheckResult:
    """Pass with enough sentences of steps taken; partial with fewer, or only promises; fail with none."""
    found = evidence_indices(ctx, params)
    future = future_sentences(ctx, params.future_pattern) if params.future_partial else frozenset()
    taken = [item for item in found if item[0] not in future]
    promised = [item for item in found if item[0] in future]
    shown = sorted(found[: params.max_evidence or None], key=lambda item: item[0])
    evidence = [ctx.evidence(ctx.sentences[index]) for index, _, _ in shown]
    cue_ids = sorted({reason for _, _, reasons in shown for reason in reasons})
    cues_text = ", ".join(cue_ids[:8])
    if len(taken) >= params.pass_min:
        return CheckResult("pass", f"{len(taken)} sentence(s) describe it ({cues_text})", evidence)
    if taken:
        detail = f"; {len(promised)} more only promise future action" if promised else ""
        return CheckResult(
            "partial",
            f"only {len(taken)} sentence(s) describe it, {params.pass_min} wanted ({cues_text}){detail}",
            evidence,
        )
    if promised:
        return CheckResult("partial", f"only future promises, no steps taken ({cues_text})", evidence)
    return CheckResult("fail", "no sentence addresses it", [])
