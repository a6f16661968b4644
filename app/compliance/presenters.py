"""Stored records -> API shapes."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from sqlalchemy.orm import object_session

from app.compliance.inputs import AssessmentSummary
from app.compliance.loader import build_assessment, homepage_link, latest_assessments
from app.compliance.penalties import Candidate
from app.compliance.schemas import (
    AssessmentRead,
    CandidateRead,
    EvidenceRead,
    FlagRead,
    StatementRead,
    StatusListItem,
    StatusRead,
    VersionRead,
)
from app.models.compliance import ComplianceStatus
from app.models.organisations import Organisation
from app.models.statements import Statement, StatementVersion


def _status_fields(row: ComplianceStatus, today: date) -> dict[str, Any]:
    """The StatusRead fields of a stored status."""
    details = row.details or {}
    overdue = row.status in ("missing", "late") and row.deadline is not None
    return {
        "organisation_id": row.organisation_id,
        "statement_year": row.statement_year,
        "regime": row.regime,
        "status": row.status,
        "basis": row.basis,
        "flags": [FlagRead.model_validate(f) for f in details.get("flags", [])],
        "reasons": details.get("reasons", []),
        "evidence": [EvidenceRead.model_validate(e) for e in details.get("evidence", [])],
        "period_end": row.period_end,
        "deadline": row.deadline,
        "days_past_deadline": (today - row.deadline).days if overdue and row.deadline else None,
        "statement_id": row.statement_id,
        "assessment_id": row.assessment_id,
        "ruleset_versions": row.ruleset_versions or [],
        "previous_status": row.previous_status,
        "computed_at": row.computed_at,
        "changed_at": row.changed_at,
    }


def status(row: ComplianceStatus, today: date) -> StatusRead:
    """A stored status for the API."""
    return StatusRead(**_status_fields(row, today))


def status_item(row: ComplianceStatus, organisation: Organisation, today: date) -> StatusListItem:
    """A stored status with its organisation, for lists."""
    return StatusListItem(
        **_status_fields(row, today),
        organisation_name=organisation.name,
        company_number=organisation.company_number,
        sector=row.sector,
        turnover_band=row.turnover_band,
    )


def assessments_of(rows: list[StatementVersion]) -> dict[int, AssessmentSummary | None]:
    """The current assessment of each version (one query for all of them)."""
    session = object_session(rows[0]) if rows else None
    found = latest_assessments(session, [r.id for r in rows]) if session is not None else {}
    return {r.id: build_assessment(found.get(r.id)) for r in rows}


def version(row: StatementVersion, summary: AssessmentSummary | None = None) -> VersionRead:
    """A statement version without its text (the length says how much was read), with its current assessment."""
    return VersionRead(
        id=row.id,
        version_no=row.version_no,
        extraction_status=row.extraction_status,
        is_statement=row.is_statement,
        detection_confidence=row.detection_confidence,
        text_length=len(row.text or ""),
        homepage_link=homepage_link(row.facts),
        first_seen_at=row.first_seen_at,
        last_seen_at=row.last_seen_at,
        assessment=AssessmentRead(**{**asdict(summary), "rules": [asdict(r) for r in summary.rules]})
        if summary
        else None,
    )


def statement(row: Statement, coverage_source: str) -> StatementRead:
    """A statement with its versions."""
    summaries = assessments_of(list(row.versions))
    return StatementRead(
        id=row.id,
        source=row.source,
        url=row.url,
        title=row.title,
        publisher_id=row.publisher_id,
        coverage_source=coverage_source,
        period_start=row.period_start,
        period_end=row.period_end,
        statement_year=row.statement_year,
        approved_on=row.approved_on,
        state=row.state,
        declared=row.declared or {},
        first_seen_at=row.first_seen_at,
        last_seen_at=row.last_seen_at,
        versions=[version(v, summaries[v.id]) for v in row.versions],
    )


def candidate(row: Candidate) -> CandidateRead:
    """A penalty candidate for the API."""
    return CandidateRead(**asdict(row))
