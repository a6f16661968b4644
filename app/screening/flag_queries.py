"""Reading stored screening flags: those of the statements that cover an organisation."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.screening_flags import StatementScreeningFlag
from app.models.statements import Statement, StatementCoverage, StatementVersion


@dataclass(frozen=True)
class OrganisationFlag:
    """A flag with the statement and version it was raised on."""

    flag: StatementScreeningFlag
    statement: Statement
    version_no: int


def flags_for_organisation(session: Session, organisation_id: int) -> list[OrganisationFlag]:
    """Flags on the newest version of each statement covering the organisation, newest statement first."""
    covering = select(StatementCoverage.statement_id).where(StatementCoverage.organisation_id == organisation_id)
    newest = (
        select(func.max(StatementVersion.id))
        .where(StatementVersion.statement_id.in_(covering))
        .group_by(StatementVersion.statement_id)
    )
    query = (
        select(StatementScreeningFlag, Statement, StatementVersion.version_no)
        .join(StatementVersion, StatementVersion.id == StatementScreeningFlag.statement_version_id)
        .join(Statement, Statement.id == StatementVersion.statement_id)
        .where(StatementScreeningFlag.statement_version_id.in_(newest))
        .order_by(
            Statement.statement_year.desc().nulls_last(),
            Statement.id.desc(),
            StatementScreeningFlag.match_start,
            StatementScreeningFlag.id,
        )
    )
    return [OrganisationFlag(flag, statement, number) for flag, statement, number in session.execute(query)]
