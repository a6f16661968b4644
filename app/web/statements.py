"""Read-only queries behind the pages: an organisation's statements, versions and fetch history."""

from __future__ import annotations

import difflib
import itertools
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models.statements import FetchAttempt, Statement, StatementCoverage, StatementVersion


@dataclass(frozen=True)
class VersionChange:
    """What changed from one archived version of a statement to the next."""

    version: StatementVersion
    added: int
    removed: int
    diff: list[str]


def statements_for(session: Session, organisation_id: int) -> list[Statement]:
    """Statements that cover the organisation, newest statement year first, with their versions."""
    covering = select(StatementCoverage.statement_id).where(StatementCoverage.organisation_id == organisation_id)
    query = (
        select(Statement)
        .where(Statement.id.in_(covering))
        .options(selectinload(Statement.versions))
        .order_by(Statement.statement_year.desc().nulls_last(), Statement.first_seen_at.desc(), Statement.id.desc())
    )
    return list(session.scalars(query))


def version_changes(statement: Statement, max_lines: int = 200) -> list[VersionChange]:
    """Each version after the first, with a line diff against the one before it."""
    versions = sorted(statement.versions, key=lambda v: v.version_no)
    changes: list[VersionChange] = []
    for before, after in itertools.pairwise(versions):
        lines = list(difflib.unified_diff(before.text.splitlines(), after.text.splitlines(), lineterm="", n=1))[2:]
        added = sum(1 for line in lines if line.startswith("+"))
        removed = sum(1 for line in lines if line.startswith("-"))
        changes.append(VersionChange(version=after, added=added, removed=removed, diff=lines[:max_lines]))
    return changes


def fetch_history(session: Session, organisation_id: int, limit: int = 50) -> list[FetchAttempt]:
    """The latest fetch attempts made for the organisation."""
    query = (
        select(FetchAttempt)
        .where(FetchAttempt.organisation_id == organisation_id)
        .order_by(FetchAttempt.attempted_at.desc(), FetchAttempt.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))
