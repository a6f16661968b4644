"""What follows a newly recorded statement version: score it, announce it, recompute the organisations it covers."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from app.compliance.recompute import RecomputeReport, recompute_for_organisations
from app.compliance.service import on_statement_version
from app.models import Assessment, Statement, StatementVersion
from app.scoring import repository
from app.scoring.rulesets import DEFAULT_RULESET, get_ruleset
from app.scoring.service import assess_version

logger = logging.getLogger(__name__)


@dataclass
class Followed:
    """What following one new version did."""

    assessment: Assessment | None
    scoring_error: str | None
    recompute: RecomputeReport


def current_assessment(session: Session, version: StatementVersion) -> Assessment | None:
    """The version's assessment under its jurisdiction's current ruleset version, if it has one."""
    ruleset = get_ruleset(DEFAULT_RULESET.get(version.statement.jurisdiction, "uk-msa-s54"))
    latest = repository.latest_assessment(session, version.id, ruleset.id)
    return latest if latest is not None and latest.ruleset_version == ruleset.version else None


def score_version(session: Session, version: StatementVersion) -> tuple[Assessment | None, str | None]:
    """Assess the version unless it already is under the current ruleset version; a failure is logged, not raised."""
    existing = current_assessment(session, version)
    if existing is not None:
        return existing, None
    try:
        with session.begin_nested():
            return assess_version(session, version), None
    except Exception as exc:  # the archive must not be lost to a scoring bug: the re-scoring job retries it
        logger.exception("scoring new statement version %s failed", version.id)
        return None, repr(exc)


def adopt_dates(statement: Statement, assessment: Assessment) -> None:
    """A discovered statement takes its period end and approval date from its newest text (the registry's own stay)."""
    if statement.source != "discovery":
        return
    found = assessment.facts or {}
    for field_name, key in (("period_end", "period_end"), ("approved_on", "approval_date")):
        value = found.get(key)
        if value:
            setattr(statement, field_name, date.fromisoformat(str(value)[:10]))


def follow_new_version(session: Session, version: StatementVersion) -> Followed:
    """Score a newly stored version, then send the found/changed events and recompute the covered organisations."""
    assessment, error = score_version(session, version)
    if assessment is not None and version.statement.versions[-1] is version:
        adopt_dates(version.statement, assessment)
        session.flush()
    return Followed(assessment, error, on_statement_version(session, version))


def follow_removed(session: Session, statements: list[Statement]) -> RecomputeReport | None:
    """Recompute the organisations covered by statements that were just marked removed."""
    ids = {c.organisation_id for statement in statements for c in statement.coverage}
    if not ids:
        return None
    session.flush()
    return recompute_for_organisations(session, ids)
