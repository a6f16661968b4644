"""Typed inputs and outputs of the status engine (plain values, no database)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

PRIMARY_STATUSES = ("compliant", "late", "incomplete", "missing", "not_due", "out_of_scope", "scope_unknown")
SUCCESSFUL_FETCH_OUTCOMES = ("ok", "not_modified", "found")


@dataclass(frozen=True)
class OrganisationFacts:
    """What the register says about an organisation, as far as status needs it."""

    id: int
    name: str
    jurisdiction: str
    scope_status: str
    scope_confidence: str = "presumed"
    scope_basis: str | None = None
    scope_reason: str | None = None
    fye_month: int | None = None
    fye_day: int | None = None
    sector: str | None = None
    turnover_band: str = "unknown"


@dataclass(frozen=True)
class RuleOutcome:
    """One rule's verdict from an assessment."""

    id: str
    verdict: str
    basis: str
    description: str = ""


@dataclass(frozen=True)
class AssessmentSummary:
    """The parts of an assessment that status needs."""

    id: int | None
    ruleset_id: str
    ruleset_version: str
    score: float | None = None
    minimum_requirements_met: bool | None = None
    rules: tuple[RuleOutcome, ...] = ()


@dataclass(frozen=True)
class StatementFacts:
    """A statement that covers the organisation, with its latest version, assessment and homepage-link fact."""

    id: int
    source: str
    coverage_source: str
    publisher_id: int | None
    first_seen_at: datetime
    url: str | None = None
    version_id: int | None = None
    period_end: date | None = None
    statement_year: int | None = None
    approved_on: date | None = None
    submitted_on: date | None = None
    has_text: bool = False
    is_statement: bool | None = None
    homepage_link: bool | None = None
    homepage_check_id: int | None = None
    declared_areas: tuple[tuple[str, bool], ...] = ()
    assessment: AssessmentSummary | None = None


@dataclass(frozen=True)
class FetchFacts:
    """A search or fetch made on the organisation's behalf: a discovery check or a fetch attempt."""

    id: int
    url: str
    attempted_at: datetime
    outcome: str
    status_code: int | None = None
    kind: str = "fetch_attempt"

    @property
    def failed(self) -> bool:
        """Whether it found nothing usable (not found, broken, unreachable, an HTTP error...)."""
        return self.outcome not in SUCCESSFUL_FETCH_OUTCOMES or (
            self.status_code is not None and self.status_code >= 400
        )


@dataclass(frozen=True)
class StatusInputs:
    """Everything the status of one organisation depends on (its fingerprint is a hash of this)."""

    organisation: OrganisationFacts
    statements: tuple[StatementFacts, ...] = ()
    fetches: tuple[FetchFacts, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able form for fingerprinting."""
        return asdict(self)


@dataclass(frozen=True)
class EvidenceRef:
    """A link to a stored record that supports a reason."""

    kind: str
    id: int | None
    label: str
    at: str | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape."""
        return {"kind": self.kind, "id": self.id, "label": self.label, "at": self.at, "url": self.url}


@dataclass(frozen=True)
class Flag:
    """A secondary finding with its reason, basis and evidence."""

    code: str
    reason: str
    basis: str | None
    evidence: tuple[EvidenceRef, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape."""
        return {
            "code": self.code,
            "reason": self.reason,
            "basis": self.basis,
            "evidence": [ref.to_dict() for ref in self.evidence],
        }


@dataclass
class StatusResult:
    """The status of one organisation for one statement year under one regime."""

    organisation_id: int
    statement_year: int
    regime: str
    status: str
    basis: str
    reasons: list[str]
    flags: list[Flag] = field(default_factory=list)
    evidence: list[EvidenceRef] = field(default_factory=list)
    period_end: date | None = None
    deadline: date | None = None
    statement_id: int | None = None
    assessment_id: int | None = None
    ruleset_versions: list[str] = field(default_factory=list)

    @property
    def flag_codes(self) -> list[str]:
        """The flags' codes, sorted."""
        return sorted({flag.code for flag in self.flags})

    def details(self) -> dict[str, Any]:
        """The JSON stored with the status: reasons, flags and evidence."""
        return {
            "reasons": self.reasons,
            "flags": [flag.to_dict() for flag in self.flags],
            "evidence": [ref.to_dict() for ref in self.evidence],
        }
