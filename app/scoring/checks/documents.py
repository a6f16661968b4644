"""Whole-statement checks: s54(4) content, stated facts, facts from discovery, and rules over other rules."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from app.scoring.checks.cues import Cue, hits
from app.scoring.checks.registry import CheckParams, check
from app.scoring.context import ScoringContext
from app.scoring.facts import Signatory
from app.scoring.types import CheckResult

FactName = Literal["period_end", "approval_date", "approved_by", "signatory", "company_numbers", "organisations"]


class ContentParams(CheckParams):
    """Cues for steps taken and for a declaration that no steps were taken; area rules that show steps."""

    steps_cues: list[Cue] = Field(min_length=1)
    no_steps_cues: list[Cue] = Field(min_length=1)
    area_rules: list[str] = Field(default_factory=list)


class FactParams(CheckParams):
    """Which fact must be stated (any of several, for 'names the entities covered')."""

    facts: list[FactName] = Field(min_length=1)


class DiscoveryParams(CheckParams):
    """The name of a fact discovery supplies (e.g. homepage_link), true/false/unknown."""

    fact: str
    pass_text: str
    fail_text: str


class RulesParams(CheckParams):
    """Rules (earlier in the same ruleset) that must all pass."""

    rules: list[str] = Field(min_length=1)


@check("statement_content", ContentParams)
def statement_content(ctx: ScoringContext, params: ContentParams) -> CheckResult:
    """Pass for steps taken, or for a lawful statement that no steps were taken (s54(4)(b))."""
    for cue in params.no_steps_cues:
        found = sorted(hits(ctx, cue.pattern))
        if found:
            return CheckResult(
                "pass",
                "states that no steps were taken, which s54(4)(b) allows",
                [ctx.evidence(ctx.sentences[found[0]])],
            )
    steps = sorted({index for cue in params.steps_cues for index in hits(ctx, cue.pattern)})
    areas = [
        rule for rule in params.area_rules if ctx.results.get(rule) and ctx.results[rule].verdict in ("pass", "partial")
    ]
    if steps or areas:
        evidence = [ctx.evidence(ctx.sentences[index]) for index in steps[:3]]
        if not evidence:
            evidence = [item for rule in areas for item in ctx.results[rule].evidence][:3]
        addressed = f"; areas addressed: {', '.join(areas)}" if areas else ""
        return CheckResult("pass", f"describes steps taken in its business and supply chains{addressed}", evidence)
    return CheckResult("fail", "neither describes steps taken nor states that no steps were taken", [])


def _describe(value: object) -> str:
    """A fact's value as a short phrase."""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value[:5])
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Signatory):
        return f"{value.name} ({value.role})"
    return str(value)


@check("fact_present", FactParams)
def fact_present(ctx: ScoringContext, params: FactParams) -> CheckResult:
    """Pass when the statement states one of the named facts."""
    for name in params.facts:
        value = getattr(ctx.facts, name)
        if value:
            shown = _describe(value)
            first = value[0] if isinstance(value, list) else value
            at = ctx.text.find(first) if isinstance(first, str) else -1
            evidence = [ctx.span_evidence(at, at + len(first))] if at != -1 and isinstance(first, str) else []
            return CheckResult("pass", f"states the {name.replace('_', ' ')}: {shown}", evidence)
    return CheckResult("fail", f"does not state the {' or '.join(n.replace('_', ' ') for n in params.facts)}", [])


@check("discovery_fact", DiscoveryParams)
def discovery_fact(ctx: ScoringContext, params: DiscoveryParams) -> CheckResult:
    """Pass/fail from a fact discovery found; unknown until discovery has looked."""
    value = ctx.discovery.get(params.fact)
    if value is None:
        return CheckResult("unknown", f"{params.fact.replace('_', ' ')} not yet checked by discovery", [])
    return CheckResult("pass", params.pass_text, []) if value else CheckResult("fail", params.fail_text, [])


@check("rules_all_pass", RulesParams)
def rules_all_pass(ctx: ScoringContext, params: RulesParams) -> CheckResult:
    """Pass when every named rule passed; partial when all at least partly did; fail otherwise."""
    verdicts = {rule: ctx.results[rule].verdict if rule in ctx.results else "unknown" for rule in params.rules}
    short = [rule for rule, verdict in verdicts.items() if verdict != "pass"]
    if not short:
        return CheckResult("pass", f"all of {', '.join(params.rules)} pass", [])
    if all(verdict in ("pass", "partial") for verdict in verdicts.values()):
        return CheckResult("partial", f"only partly addressed: {', '.join(short)}", [])
    return CheckResult("fail", f"not addressed: {', '.join(r for r in short if verdicts[r] != 'partial')}", [])
