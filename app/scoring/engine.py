"""Assess a statement against a ruleset: detection, facts, every rule's verdict with evidence, the score."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.extraction.types import ExtractedDocument, ExtractionStatus
from app.scoring.context import ScoringContext
from app.scoring.detector import Detection, detect_statement
from app.scoring.facts import Facts, extract_facts
from app.scoring.rulesets import Ruleset, get_ruleset
from app.scoring.sentences import split_sentences
from app.scoring.types import VERDICT_VALUE, CheckResult, LegalForm, RuleResult


@dataclass
class Assessment:
    """The outcome of one statement against one ruleset version."""

    ruleset_id: str
    ruleset_version: str
    jurisdiction: str
    legal_form: str
    detection: Detection
    facts: Facts
    rules: list[RuleResult] = field(default_factory=list)
    score: int = 0
    minimum_requirements_met: bool | None = None
    minimum_requirements_unknown: list[str] = field(default_factory=list)
    status: ExtractionStatus = "ok"
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape printed by `mst score --json` and stored with the assessment."""
        facts = self.facts.to_dict()
        return {
            "is_statement": self.detection.is_statement,
            "confidence": self.detection.confidence,
            "detection_reasons": self.detection.reasons,
            "ruleset": self.ruleset_id,
            "ruleset_version": self.ruleset_version,
            "jurisdiction": self.jurisdiction,
            "legal_form": self.legal_form,
            "score": self.score,
            "minimum_requirements_met": self.minimum_requirements_met,
            "minimum_requirements_unknown": self.minimum_requirements_unknown,
            "facts": {**facts, "jurisdiction": self.facts.jurisdiction},
            "rules": [rule.to_dict() for rule in self.rules],
            "status": self.status,
            "error": self.error,
        }


def completeness_score(results: list[RuleResult]) -> int:
    """0-100: weighted share of pass (1) and partial (0.5) over the rules with a known verdict."""
    known = [r for r in results if r.verdict in VERDICT_VALUE and r.weight > 0]
    total = sum(r.weight for r in known)
    if not total:
        return 0
    return round(100 * sum(r.weight * VERDICT_VALUE[r.verdict] for r in known) / total)


def minimum_requirements(ruleset: Ruleset, results: list[RuleResult]) -> tuple[bool | None, list[str]]:
    """False if any minimum-requirement rule fails or is partial; None while some are unknown; else True."""
    minimum = {rule.id for rule in ruleset.rules if rule.minimum_requirement}
    verdicts = {r.id: r.verdict for r in results if r.id in minimum}
    unknown = sorted(rule for rule, verdict in verdicts.items() if verdict == "unknown")
    if any(verdict in ("fail", "partial") for verdict in verdicts.values()):
        return False, unknown
    return (None if unknown else True), unknown


def _run_rules(ruleset: Ruleset, ctx: ScoringContext) -> list[RuleResult]:
    """Each rule's check in file order (later rules may read earlier results)."""
    from app.scoring.checks.registry import registered_checks

    checks = registered_checks()
    results = []
    for rule in ruleset.rules:
        outcome: CheckResult = checks[rule.check].function(ctx, rule.validated_params)
        ctx.results[rule.id] = outcome
        results.append(
            RuleResult(
                rule.id,
                outcome.verdict,
                rule.basis,
                rule.weight,
                rule.citation,
                rule.description,
                outcome.explanation,
                outcome.evidence,
            )
        )
    return results


def _unassessed(ruleset: Ruleset, document: ExtractedDocument, legal_form: str) -> Assessment:
    """An assessment for a document without usable text: every rule unknown, the reason kept."""
    reason = document.error or (
        "the document has no text layer and needs OCR" if document.status == "needs_ocr" else None
    )
    rules = [
        RuleResult(r.id, "unknown", r.basis, r.weight, r.citation, r.description, reason or "no text", [])
        for r in ruleset.rules
    ]
    minimum = sorted(r.id for r in ruleset.rules if r.minimum_requirement)
    return Assessment(
        ruleset.id,
        ruleset.version,
        ruleset.jurisdiction,
        legal_form,
        Detection(False, 0.0, [reason or "no text"], 0.0),
        Facts(jurisdiction=ruleset.jurisdiction),
        rules,
        0,
        None,
        minimum,
        document.status,
        reason,
    )


def assess(
    source: str | ExtractedDocument,
    ruleset: Ruleset | str | None = None,
    discovery: Mapping[str, Any] | None = None,
    *,
    legal_form: LegalForm = "company",
    title: str | None = None,
) -> Assessment:
    """Detect, extract facts and apply every rule; the ruleset defaults to the statement's own jurisdiction."""
    from app.scoring.rulesets import DEFAULT_RULESET

    document = source if isinstance(source, ExtractedDocument) else None
    text = document.text if document else str(source)
    facts = extract_facts(text)
    if ruleset is None:
        ruleset = DEFAULT_RULESET[facts.jurisdiction]
    chosen = get_ruleset(ruleset) if isinstance(ruleset, str) else ruleset
    if document is not None and (document.status != "ok" or not document.text.strip()):
        return _unassessed(chosen, document, legal_form)
    detection = detect_statement(text, title=title or (document.title if document else None))
    ctx = ScoringContext(text, split_sentences(text), facts, document, legal_form, dict(discovery or {}))
    results = _run_rules(chosen, ctx)
    met, unknown = minimum_requirements(chosen, results)
    return Assessment(
        chosen.id,
        chosen.version,
        chosen.jurisdiction,
        legal_form,
        detection,
        facts,
        results,
        completeness_score(results),
        met,
        unknown,
    )
