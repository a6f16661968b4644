"""Sign-off checks: approval by the right body for the legal form, and a signature by the right person."""

from __future__ import annotations

import re
from bisect import bisect_right

from pydantic import Field

from app.scoring.checks.cues import Cue, hits
from app.scoring.checks.registry import CheckParams, check
from app.scoring.context import ScoringContext
from app.scoring.patterns import compile_pattern, finditer
from app.scoring.types import CheckResult, Evidence

FORM_NAMES = {
    "company": "a company (its board of directors)",
    "llp": "an LLP (its members)",
    "limited_partnership": "a limited partnership (a general partner)",
    "partnership": "a partnership (the partners)",
    "charity": "a charitable company (its trustees, who are its directors)",
    "public_body": "a public body (its accounting officer or equivalent)",
    "other": "this organisation (its governing body)",
}


class ApprovalParams(CheckParams):
    """Approval wording, the bodies that count for each legal form, and bodies that are not enough."""

    approval_pattern: str
    bodies: dict[str, list[Cue]]
    insufficient: list[Cue] = Field(default_factory=list)
    implied: list[Cue] = Field(default_factory=list)
    evidence_model: str | None = None
    evidence_label: str = "approval"


class SignatureParams(CheckParams):
    """Roles that count as the right signatory for each legal form, and roles that are ambiguous."""

    roles: dict[str, list[Cue]]
    ambiguous: list[Cue] = Field(default_factory=list)
    signed_pattern: str = r"\bsigned\b|\bsignature\b"
    max_evidence: int = 3
    evidence_model: str | None = None
    evidence_label: str = "signature"


def with_model_evidence(ctx: ScoringContext, result: CheckResult, model: str | None, label: str) -> CheckResult:
    """Add the sentences a sentence model finds about the same subject (e.g. the signature block) as evidence."""
    if model is None:
        return result
    from app.scoring.checks.learned import model_positive

    extra = [ctx.evidence(ctx.sentences[index]) for index in model_positive(ctx, model, label)]
    merged = {(item.start, item.end): item for item in [*result.evidence, *extra]}
    result.evidence = [merged[key] for key in sorted(merged)]
    return result


def _first_body(window: str, cues: list[Cue]) -> tuple[int, Cue] | None:
    """The cue that matches earliest in the window, with its position."""
    best: tuple[int, Cue] | None = None
    for cue in cues:
        match = compile_pattern(cue.pattern).search(window)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), cue)
    return best


def _approvals(ctx: ScoringContext, params: ApprovalParams) -> list[tuple[int, str]]:
    """(sentence index, words after the approval verb up to the sentence end) for each approval mention."""
    starts = [s.start for s in ctx.sentences]
    found: list[tuple[int, str]] = []
    for match in finditer(params.approval_pattern, ctx.text, ctx.lowered):
        index = max(bisect_right(starts, match.start()) - 1, 0)
        if ctx.sentences and match.start() < ctx.sentences[index].end:
            found.append((index, ctx.text[match.end() : min(ctx.sentences[index].end, match.end() + 160)]))
    return found


@check("approval_body", ApprovalParams)
def approval_body(ctx: ScoringContext, params: ApprovalParams) -> CheckResult:
    """Pass when the statement says the right body approved it; fail with the reason when another body did."""
    return with_model_evidence(ctx, _approval_verdict(ctx, params), params.evidence_model, params.evidence_label)


def _approval_verdict(ctx: ScoringContext, params: ApprovalParams) -> CheckResult:
    """The approval verdict from the approval sentences and the body each names first."""
    form = FORM_NAMES.get(ctx.legal_form, ctx.legal_form)
    bodies = params.bodies.get(ctx.legal_form) or params.bodies.get("other", [])
    right: list[tuple[int, Cue]] = []
    wrong: list[tuple[int, Cue]] = []
    approvals = _approvals(ctx, params)
    for index, window in approvals:
        good, bad = _first_body(window, bodies), _first_body(window, params.insufficient)
        if good and (bad is None or good[0] <= bad[0]):
            right.append((index, good[1]))
        elif bad:
            wrong.append((index, bad[1]))
    if right:
        evidence = [ctx.evidence(ctx.sentences[index]) for index in dict.fromkeys(i for i, _ in right)]
        return CheckResult("pass", f"approved by {right[0][1].id}, the right body for {form}", evidence[:3])
    if wrong:
        index, cue = wrong[0]
        return CheckResult(
            "fail",
            f"approved by {cue.id}, which is not the approval required for {form}",
            [ctx.evidence(ctx.sentences[index])],
        )
    implied = sorted((index, cue) for cue in params.implied for index in hits(ctx, cue.pattern))
    if implied:
        index, cue = implied[0]
        return CheckResult(
            "partial",
            f"{cue.id}, but it does not say that the body required for {form} approved it",
            [ctx.evidence(ctx.sentences[index])],
        )
    if approvals:
        index = approvals[0][0]
        return CheckResult(
            "partial",
            f"approval is mentioned but not by the body required for {form}",
            [ctx.evidence(ctx.sentences[index])],
        )
    return CheckResult("fail", "the statement does not say who approved it", [])


def _signatory_evidence(ctx: ScoringContext, name: str, role: str) -> list[Evidence]:
    """The sentences holding the signatory's name and role (last occurrence: signature blocks close a statement)."""
    found = [m.start() for m in re.finditer(re.escape(name), ctx.text)]
    if not found:
        return []
    start = found[-1]
    evidence = [ctx.span_evidence(start, start + len(name))]
    role_at = ctx.text.find(role, start)
    if role_at != -1 and not evidence[0].start <= role_at < evidence[0].end:
        evidence.append(ctx.span_evidence(role_at, role_at + len(role)))
    return evidence


@check("signatory", SignatureParams)
def signatory(ctx: ScoringContext, params: SignatureParams) -> CheckResult:
    """Pass for a named signatory in a role that counts for the legal form; partial when the role is ambiguous."""
    result = with_model_evidence(ctx, _signature_verdict(ctx, params), params.evidence_model, params.evidence_label)
    if result.verdict == "fail" and result.evidence and ctx.facts.signatory is None:
        result.verdict = "partial"
        result.explanation = "a signature block was found, but no named signatory with a role could be read from it"
    return result


def _signature_verdict(ctx: ScoringContext, params: SignatureParams) -> CheckResult:
    """The signature verdict from the signatory fact and the roles that count."""
    person = ctx.facts.signatory
    form = FORM_NAMES.get(ctx.legal_form, ctx.legal_form)
    if person is None:
        signed = sorted(hits(ctx, params.signed_pattern))
        if signed:
            evidence = [ctx.evidence(ctx.sentences[i]) for i in signed[: params.max_evidence]]
            return CheckResult(
                "partial", "a signature is mentioned but no named signatory with a role was found", evidence
            )
        return CheckResult("fail", "no signatory is named", [])
    evidence = _signatory_evidence(ctx, person.name, person.role)
    roles = params.roles.get(ctx.legal_form) or params.roles.get("other", [])
    who = f"{person.name} ({person.role})"
    if any(compile_pattern(cue.pattern).search(person.role) for cue in roles):
        return CheckResult("pass", f"signed by {who}, a signatory that counts for {form}", evidence)
    ambiguous = [cue for cue in params.ambiguous if compile_pattern(cue.pattern).search(person.role)]
    if ambiguous:
        return CheckResult("partial", f"signed by {who}: {ambiguous[0].id}", evidence)
    return CheckResult("fail", f"signed by {who}, which is not the signatory required for {form}", evidence)
