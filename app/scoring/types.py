"""The values the rules engine passes around: verdicts, evidence, check results and assessments."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Verdict = Literal["pass", "partial", "fail", "unknown", "not_applicable"]
Basis = Literal["law", "guidance", "registry", "proposed"]
LegalForm = Literal["company", "llp", "limited_partnership", "partnership", "charity", "public_body", "other"]
VERDICT_VALUE: dict[str, float] = {"pass": 1.0, "partial": 0.5, "fail": 0.0}


@dataclass(frozen=True)
class Evidence:
    """A sentence that supports a verdict: its text, offsets into the extracted text, and its page."""

    text: str
    start: int
    end: int
    page: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of one piece of evidence."""
        return {"text": self.text, "start": self.start, "end": self.end, "page": self.page}


@dataclass
class CheckResult:
    """What a check decides: a verdict, the evidence for it and a short explanation."""

    verdict: Verdict
    explanation: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class RuleResult:
    """One rule's outcome inside an assessment, with the rule's basis and citation."""

    id: str
    verdict: Verdict
    basis: Basis
    weight: float
    citation: str
    description: str
    explanation: str
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of one rule's outcome."""
        return {
            "id": self.id,
            "verdict": self.verdict,
            "basis": self.basis,
            "weight": self.weight,
            "citation": self.citation,
            "description": self.description,
            "explanation": self.explanation,
            "evidence": [item.to_dict() for item in self.evidence],
        }
