"""Every compliance query: summaries, lists, per-organisation statuses, statements and the feed."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, String, case, cast, func, literal, select
from sqlalchemy.orm import Session, selectinload

from app.compliance.exports import FORMULA_STARTS
from app.compliance.penalties import StatusRow
from app.models.compliance import ComplianceStatus, ComplianceSummary
from app.models.organisations import Organisation
from app.models.statements import Statement, StatementCoverage, StatementVersion

STREAM_BATCH = 2000


def summary_counts(session: Session, regime: str, year: int) -> list[tuple[str, str | None, str, int]]:
    """(status, sector, turnover band, count) for one regime and year, from the refreshed summary."""
    m = ComplianceSummary
    rows = session.execute(
        select(m.status, m.sector, m.turnover_band, m.count).where(m.regime == regime, m.statement_year == year)
    )
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def ruleset_versions(session: Session, regime: str, year: int | None = None) -> list[str]:
    """The ruleset versions behind the stored statuses (of one year, or all)."""
    m = ComplianceSummary
    query = select(m.ruleset_key).distinct().where(m.regime == regime, m.ruleset_key != "")
    if year is not None:
        query = query.where(m.statement_year == year)
    return sorted({version for (key,) in session.execute(query) for version in key.split(",")})


def _status_list(
    regime: str, year: int, statuses: Sequence[str], sector: str | None
) -> Select[ComplianceStatus, Organisation]:
    """Statuses joined to their organisation, filtered."""
    c, o = ComplianceStatus, Organisation
    query = select(c, o).join(o, o.id == c.organisation_id)
    query = query.where(c.regime == regime, c.statement_year == year)
    if statuses:
        query = query.where(c.status.in_(statuses))
    if sector:
        query = query.where(c.sector == sector)
    return query


def status_page(
    session: Session, regime: str, year: int, statuses: Sequence[str], sector: str | None, page: int, page_size: int
) -> tuple[list[tuple[ComplianceStatus, Organisation]], int]:
    """One page of statuses, the longest overdue first, and the total."""
    c = ComplianceStatus
    count_query = select(func.count()).select_from(c).where(c.regime == regime, c.statement_year == year)
    if statuses:
        count_query = count_query.where(c.status.in_(statuses))
    if sector:
        count_query = count_query.where(c.sector == sector)
    total = session.scalar(count_query) or 0
    # The page's organisation ids come from the status indexes alone (one status per organisation, regime and year);
    # only then are its rows read. Joined and limited in one query, PostgreSQL chose a plan that read every match.
    ids_query = count_query.with_only_columns(c.organisation_id).order_by(c.deadline.asc(), c.organisation_id.asc())
    ids = list(session.scalars(ids_query.offset((page - 1) * page_size).limit(page_size)))
    if not ids:
        return [], total
    rows = session.execute(_status_list(regime, year, (), None).where(c.organisation_id.in_(ids))).all()
    position = {organisation_id: index for index, organisation_id in enumerate(ids)}
    ordered = sorted(rows, key=lambda row: position[row[0].organisation_id])
    return [(r[0], r[1]) for r in ordered], total


def _safe(text: Any) -> ColumnElement[Any]:
    """Text as a safe export cell, in SQL: a quote before what a spreadsheet would run as a formula (exports.cell)."""
    return case((func.substr(text, 1, 1).in_(FORMULA_STARTS), literal("'") + text), else_=text)


def _flag_list(flags: Any, dialect: str) -> ColumnElement[Any]:
    """The stored JSON list of flag codes as 'a; b' (its brackets and quotes dropped), in SQL."""
    trimmed = func.btrim(cast(flags, String), "[]") if dialect == "postgresql" else func.trim(cast(flags, String), "[]")
    return func.replace(func.replace(func.replace(trimmed, '"', ""), ", ", "; "), ",", "; ")


def stream_statuses(
    session: Session, regime: str, year: int, statuses: Sequence[str], sector: str | None
) -> Iterator[Sequence[Sequence[Any]]]:
    """Status rows for exports (service.STATUS_HEADER) in batches, as safe cells made by the database: one Core
    query through a server-side cursor, no ORM objects and no work per cell in Python."""
    c, o = ComplianceStatus, Organisation
    connection = session.connection()
    query = (
        select(
            o.id,
            _safe(o.name),
            _safe(o.company_number),
            _safe(c.sector),
            _safe(c.turnover_band),
            c.statement_year,
            _safe(c.regime),
            _safe(c.status),
            _safe(c.basis),
            _safe(_flag_list(c.flags, connection.dialect.name)),
            _safe(cast(c.period_end, String)),
            _safe(cast(c.deadline, String)),
            c.statement_id,
            _safe(c.reason_text),
        )
        .join(o, o.id == c.organisation_id)
        .where(c.regime == regime, c.statement_year == year)
        .order_by(c.organisation_id)
    )
    if statuses:
        query = query.where(c.status.in_(statuses))
    if sector:
        query = query.where(c.sector == sector)
    result = connection.execute(query.execution_options(yield_per=STREAM_BATCH, stream_results=True))
    yield from result.partitions()


def status_rows(
    session: Session,
    regime: str,
    years: Sequence[int],
    with_details: bool = False,
    organisation_ids: Sequence[int] | None = None,
) -> Iterator[StatusRow]:
    """Stored statuses with the register facts penalty rules read (evidence only when asked)."""
    c, o = ComplianceStatus, Organisation
    columns = [
        c.organisation_id,
        o.name,
        c.statement_year,
        c.status,
        c.flags,
        c.deadline,
        o.scope_status,
        o.scope_confidence,
        o.sector,
        o.company_number,
    ]
    query = (
        select(*columns, *([c.details] if with_details else []))
        .join(o, o.id == c.organisation_id)
        .where(
            c.regime == regime, c.statement_year.in_(years), c.status.not_in(("not_due", "out_of_scope", "compliant"))
        )
    )
    if organisation_ids is not None:
        query = query.where(c.organisation_id.in_(organisation_ids))
    row: Any
    for row in session.execute(query.execution_options(yield_per=STREAM_BATCH)):
        details = row[10] if with_details else {}
        yield StatusRow(
            organisation_id=row[0],
            organisation_name=row[1],
            statement_year=row[2],
            status=row[3],
            flags=tuple(row[4] or ()),
            deadline=row[5],
            scope_status=row[6],
            scope_confidence=row[7],
            sector=row[8],
            company_number=row[9],
            evidence=tuple(details.get("evidence", ())),
            reasons=tuple(details.get("reasons", ())),
        )


def statuses_for_organisation(session: Session, organisation_id: int, regime: str | None) -> list[ComplianceStatus]:
    """Every stored status of an organisation, newest year first."""
    c = ComplianceStatus
    query = select(c).where(c.organisation_id == organisation_id)
    if regime:
        query = query.where(c.regime == regime)
    return list(session.scalars(query.order_by(c.statement_year.desc(), c.regime)))


def statements_for_organisation(session: Session, organisation_id: int) -> list[tuple[Statement, str]]:
    """Statements covering an organisation, with versions loaded, newest period first, and how each covers it."""
    rows = session.execute(
        select(Statement, StatementCoverage.source)
        .join(StatementCoverage, StatementCoverage.statement_id == Statement.id)
        .where(StatementCoverage.organisation_id == organisation_id)
        .options(selectinload(Statement.versions))
        .order_by(Statement.period_end.desc().nulls_last(), Statement.id.desc())
    ).all()
    return [(r[0], r[1]) for r in rows]


def recent_versions(session: Session, limit: int) -> list[tuple[StatementVersion, Statement, str | None]]:
    """The latest statement versions (found or changed), with the statement and its publisher's name."""
    rows = session.execute(
        select(StatementVersion, Statement, Organisation.name)
        .join(Statement, Statement.id == StatementVersion.statement_id)
        .outerjoin(Organisation, Organisation.id == Statement.publisher_id)
        .order_by(StatementVersion.first_seen_at.desc(), StatementVersion.id.desc())
        .limit(limit)
    ).all()
    return [(r[0], r[1], r[2]) for r in rows]
