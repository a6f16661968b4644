"""Pydantic shapes of the compliance API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.compliance.notifications import EVENTS

StatusName = Literal["compliant", "late", "incomplete", "missing", "not_due", "out_of_scope", "scope_unknown"]
ExportFormat = Literal["json", "csv", "xlsx"]


class RegimeRead(BaseModel):
    """A reporting regime and its basis."""

    code: str
    title: str
    jurisdiction: str
    deadline: str
    basis: str
    citation: str
    minimum_bases: list[str]
    penalty_note: str


class SummaryRead(BaseModel):
    """Counts per status, by sector and by turnover band."""

    year: int
    regime: RegimeRead
    total: int
    by_status: dict[str, int]
    by_sector: dict[str, dict[str, int]]
    by_turnover_band: dict[str, dict[str, int]]
    ruleset_versions: list[str]


class EvidenceRead(BaseModel):
    """A link to a stored record supporting a reason."""

    kind: str
    id: int | None
    label: str
    at: str | None = None
    url: str | None = None


class FlagRead(BaseModel):
    """A secondary finding with its reason, basis and evidence."""

    code: str
    reason: str
    basis: str | None
    evidence: list[EvidenceRead] = []


class StatusRead(BaseModel):
    """One organisation's status for a statement year, with everything behind it."""

    organisation_id: int
    statement_year: int
    regime: str
    status: StatusName
    basis: str
    flags: list[FlagRead]
    reasons: list[str]
    evidence: list[EvidenceRead]
    period_end: date | None
    deadline: date | None
    days_past_deadline: int | None
    statement_id: int | None
    assessment_id: int | None
    ruleset_versions: list[str]
    previous_status: str | None
    computed_at: datetime
    changed_at: datetime


class StatusListItem(StatusRead):
    """A status in a list, with the organisation's name."""

    organisation_name: str
    company_number: str | None
    sector: str | None
    turnover_band: str


class StatusPage(BaseModel):
    """A page of statuses."""

    items: list[StatusListItem]
    total: int
    page: int
    page_size: int


class OrganisationComplianceRead(BaseModel):
    """An organisation's statuses, newest year first."""

    organisation_id: int
    name: str
    statuses: list[StatusRead]


class AssessmentRead(BaseModel):
    """An assessment summary of a statement version."""

    id: int | None
    ruleset_id: str
    ruleset_version: str
    score: float | None
    minimum_requirements_met: bool | None
    rules: list[dict[str, Any]]


class VersionRead(BaseModel):
    """One version of a statement's text."""

    id: int
    version_no: int
    extraction_status: str
    is_statement: bool | None
    detection_confidence: float | None
    text_length: int
    homepage_link: bool | None
    first_seen_at: datetime
    last_seen_at: datetime
    assessment: AssessmentRead | None


class StatementRead(BaseModel):
    """A statement covering the organisation, its versions and assessments."""

    id: int
    source: str
    url: str | None
    title: str | None
    publisher_id: int | None
    coverage_source: str
    period_start: date | None
    period_end: date | None
    statement_year: int | None
    approved_on: date | None
    state: str
    declared: dict[str, Any]
    first_seen_at: datetime
    last_seen_at: datetime
    versions: list[VersionRead]


class CandidateRead(BaseModel):
    """A candidate for penalty review, with a reason a regulator can read out."""

    organisation_id: int
    organisation_name: str
    company_number: str | None
    sector: str | None
    statement_year: int
    regime: str
    status: str
    days_past_deadline: int | None
    rule_ids: list[str]
    basis: str
    reason: str
    note: str
    evidence: list[dict[str, Any]]


class ExportMetaRead(BaseModel):
    """What an export states about itself."""

    title: str
    regime: str
    regime_basis: str
    ruleset_versions: list[str]
    produced_at: str
    filters: dict[str, Any]
    note: str | None


class CandidateList(BaseModel):
    """Candidates with the export metadata."""

    meta: ExportMetaRead
    items: list[CandidateRead]


class CaseEventRead(BaseModel):
    """One audit-trail entry."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    actor: str
    action: str
    from_state: str | None
    to_state: str | None
    changes: dict[str, Any]
    reason: str | None


class CaseRead(BaseModel):
    """A penalty-review case."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    organisation_id: int
    statement_year: int
    regime: str
    rule_ids: list[str]
    basis: str
    reason: str
    evidence: list[dict[str, Any]]
    state: str
    outcome: str | None
    assignee: str | None
    due_date: date | None
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None


class CasePage(BaseModel):
    """A page of cases."""

    items: list[CaseRead]
    total: int
    page: int
    page_size: int


Actor = Field(
    default=None, max_length=200,
    description="Ignored: the signed-in user (or the API token's owner) is recorded in the audit trail",
)


class CaseTransition(BaseModel):
    """Move a case to another state."""

    to_state: Literal["candidate", "under_review", "notice_sent", "resolved"]
    outcome: Literal["complied", "penalty_recommended", "dismissed"] | None = None
    actor: str | None = Actor
    reason: str | None = Field(default=None, max_length=4000)


class CaseUpdate(BaseModel):
    """Change the assignee or due date."""

    actor: str | None = Actor
    reason: str | None = Field(default=None, max_length=4000)
    assignee: str | None = Field(default=None, max_length=200)
    due_date: date | None = None


class CaseNote(BaseModel):
    """Add a note to a case."""

    actor: str | None = Actor
    note: str = Field(min_length=1, max_length=8000)


class WebhookCreate(BaseModel):
    """Subscribe a URL (http(s) or mailto:) to events."""

    url: str = Field(pattern=r"^(https?://|mailto:)\S+$", max_length=2000)
    secret: str = Field(min_length=16, max_length=200, description="Shared secret for the HMAC-SHA256 signature")
    events: list[str] = Field(min_length=1, description=f"Any of {', '.join(EVENTS)}, or *")
    description: str | None = Field(default=None, max_length=300)


class WebhookRead(BaseModel):
    """A subscription (the secret is never shown)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    url: str
    events: list[str]
    description: str | None
    active: bool
    created_at: datetime


class DeliveryRead(BaseModel):
    """One delivery in the log."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    endpoint_id: int
    event: str
    payload: dict[str, Any]
    state: str
    attempts: int
    next_attempt_at: datetime
    last_status_code: int | None
    last_error: str | None
    created_at: datetime
    delivered_at: datetime | None


class ExportJobRead(BaseModel):
    """A background export."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    format: str
    params: dict[str, Any]
    state: str
    row_count: int | None
    error: str | None
    created_at: datetime
    finished_at: datetime | None
    download_url: str
