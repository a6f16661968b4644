"""Queries for assessments: which statement versions need scoring, and storing the results."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.assessments import Assessment
from app.models.organisations import Organisation
from app.models.statements import Statement, StatementVersion


def pending_version_ids(
    session: Session, jurisdiction: str, ruleset_id: str, ruleset_version: str, limit: int | None = None
) -> list[int]:
    """Ids of current statements' newest versions with no assessment under exactly this ruleset version."""
    newest = (
        select(StatementVersion.statement_id, func.max(StatementVersion.version_no).label("version_no"))
        .group_by(StatementVersion.statement_id)
        .subquery()
    )
    assessed = (
        select(Assessment.id)
        .where(
            Assessment.statement_version_id == StatementVersion.id,
            Assessment.ruleset_id == ruleset_id,
            Assessment.ruleset_version == ruleset_version,
        )
        .exists()
    )
    query = (
        select(StatementVersion.id)
        .join(
            newest,
            (newest.c.statement_id == StatementVersion.statement_id)
            & (newest.c.version_no == StatementVersion.version_no),
        )
        .join(Statement, Statement.id == StatementVersion.statement_id)
        .where(Statement.jurisdiction == jurisdiction, Statement.state == "current", ~assessed)
        .order_by(StatementVersion.id)
        .limit(limit)
    )
    return list(session.scalars(query).all())


def count_current_statements(session: Session, jurisdiction: str) -> int:
    """How many current statements of a jurisdiction have at least one version."""
    query = (
        select(func.count(func.distinct(StatementVersion.statement_id)))
        .join(Statement, Statement.id == StatementVersion.statement_id)
        .where(Statement.jurisdiction == jurisdiction, Statement.state == "current")
    )
    return int(session.scalar(query) or 0)


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
