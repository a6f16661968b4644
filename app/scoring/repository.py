"""Queries for assessments: which statement versions need scoring, and storing the results."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.assessments import Assessment
from app.models.organisations import Organisation
from app.models.statements import Statement, StatementVersion


def latest_versions(session: Session, jurisdiction: str, limit: int | None = None) -> Sequence[StatementVersion]:
    """The newest version of every current statement of a jurisdiction."""
    newest = (
        select(StatementVersion.statement_id, func.max(StatementVersion.version_no).label("version_no"))
        .group_by(StatementVersion.statement_id)
        .subquery()
    )
    query = (
        select(StatementVersion)
        .join(
            newest,
            (newest.c.statement_id == StatementVersion.statement_id)
            & (newest.c.version_no == StatementVersion.version_no),
        )
        .join(Statement, Statement.id == StatementVersion.statement_id)
        .where(Statement.jurisdiction == jurisdiction, Statement.state == "current")
        .order_by(StatementVersion.id)
        .limit(limit)
    )
    return session.scalars(query).all()


def assessed_version_ids(session: Session, ruleset_id: str, ruleset_version: str) -> set[int]:
    """Ids of statement versions already assessed with exactly this ruleset version."""
    query = select(Assessment.statement_version_id).where(
        Assessment.ruleset_id == ruleset_id, Assessment.ruleset_version == ruleset_version
    )
    return set(session.scalars(query).all())


def latest_assessment(session: Session, version_id: int, ruleset_id: str) -> Assessment | None:
    """The most recent assessment of a statement version under a ruleset (any version of it)."""
    query = (
        select(Assessment)
        .where(Assessment.statement_version_id == version_id, Assessment.ruleset_id == ruleset_id)
        .order_by(Assessment.assessed_at.desc(), Assessment.id.desc())
        .limit(1)
    )
    return session.scalars(query).first()


def publisher_legal_form(session: Session, statement: Statement) -> str | None:
    """The legal form recorded for the statement's publisher, if known."""
    if statement.publisher_id is None:
        return None
    return session.scalar(select(Organisation.legal_form).where(Organisation.id == statement.publisher_id))
