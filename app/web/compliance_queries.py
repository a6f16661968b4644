"""Compliance queries behind the overdue list, with every filter, sort and page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ARRAY, ColumnElement, Integer, Select, and_, any_, case, cast, func, select, true
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.models.compliance import ComplianceStatus, ComplianceSummary
from app.models.organisations import Organisation
from app.organisations.normalise import normalise_company_number
from app.organisations.repository import OrganisationFilter
from app.organisations.repository import filtered as organisation_filter
from app.organisations.search_index import word_matches

OVERDUE_STATUSES = ("late", "missing", "incomplete")
STATUS_LABELS = {
    "compliant": "Compliant", "late": "Late", "incomplete": "Incomplete", "missing": "Missing",
    "not_due": "Not yet due", "out_of_scope": "Out of scope", "scope_unknown": "Scope unknown",
}
SORTS: dict[str, tuple[ColumnElement[Any], ...]] = {
    "deadline": (ComplianceStatus.deadline.asc().nulls_last(), ComplianceStatus.organisation_id.asc()),
    "-deadline": (ComplianceStatus.deadline.desc().nulls_last(), ComplianceStatus.organisation_id.asc()),
    "name": (Organisation.name_key.asc(), Organisation.id.asc()),
    "-turnover": (Organisation.turnover_amount.desc().nulls_last(), Organisation.id.asc()),
}
ORGANISATION_SORTS = ("name", "-turnover")
WALK_COST = 2  # a walked organisation (an index step and a status probe) against one match looked up and sorted
MAX_LOOKUPS = 10_000


@dataclass(frozen=True)
class StatusFilter:
    """The overdue list's filters."""

    regime: str
    year: int
    statuses: tuple[str, ...] = OVERDUE_STATUSES
    sector: str | None = None
    band: str | None = None
    q: str | None = None


def _name_matches(q: str) -> ColumnElement[bool]:
    """Statuses of the organisations the register's name search finds."""
    # A query of name words alone goes straight to the word index: the same ids, without the pass over organisations
    # that made PostgreSQL read every organisation to hash them. Company numbers and queries with no indexed word go
    # through the register's own filter.
    c = ComplianceStatus
    words = word_matches(q)
    try:
        number = normalise_company_number(q)
    except InvalidInput:
        number = None
    if words and number is None:
        return and_(*(c.organisation_id.in_(ids) for ids in words))
    matching = organisation_filter(OrganisationFilter(q=q)).with_only_columns(Organisation.id)
    return c.organisation_id.in_(matching.scalar_subquery())


def _filtered_ids(filters: StatusFilter, with_organisation: bool) -> Select[Any]:
    """Organisation ids of the statuses matching the filters, joined to the organisation only when a sort needs it."""
    # One status per organisation for a regime and year, so its organisation id stands for it. Every filter and the
    # deadline order are in the two covering status indexes: paging and counting read no status row.
    c = ComplianceStatus
    query = select(c.organisation_id).where(c.regime == filters.regime, c.statement_year == filters.year)
    if with_organisation:
        query = query.join(Organisation, Organisation.id == c.organisation_id)
    if filters.statuses:
        query = query.where(c.status.in_(filters.statuses))
    if filters.sector:
        query = query.where(c.sector == filters.sector)
    if filters.band:
        query = query.where(c.turnover_band == filters.band)
    if filters.q:
        query = query.where(_name_matches(filters.q))
    return query


def _counts(session: Session, filters: StatusFilter) -> tuple[int, int]:
    """How many statuses match, and how many the regime and year have in all."""
    # From the maintained summary (a few rows, kept equal to the statuses by every recompute), unless a name search
    # needs the rows themselves.
    m = ComplianceSummary
    matches: ColumnElement[bool] = true()
    if filters.statuses:
        matches = and_(matches, m.status.in_(filters.statuses))
    if filters.sector:
        matches = and_(matches, m.sector == filters.sector)
    if filters.band:
        matches = and_(matches, m.turnover_band == filters.band)
    summed = session.execute(
        select(func.coalesce(func.sum(case((matches, m.count), else_=0)), 0), func.coalesce(func.sum(m.count), 0))
        .where(m.regime == filters.regime, m.statement_year == filters.year)
    ).one()
    total, population = int(summed[0]), int(summed[1])
    if filters.q:
        total = session.scalar(select(func.count()).select_from(_filtered_ids(filters, False).subquery())) or 0
    return total, population


def _looks_up_matches(filters: StatusFilter, total: int, population: int, rows_needed: int) -> bool:
    """Whether to look up each match's organisation and sort them, rather than leave the join to the planner."""
    # The planners walk organisations in sort order probing each one's status: about rows_needed * population /
    # total organisations, each dearer than a look-up (WALK_COST). They cannot see that a name search's matches
    # cluster in name order, and PostgreSQL's default costs price each look-up as a disk read, so it hashed every
    # organisation for a few thousand matches. Past MAX_LOOKUPS matches one pass over every organisation is cheaper.
    if total > MAX_LOOKUPS:
        return False
    return bool(filters.q) or total * total <= WALK_COST * rows_needed * population


def _organisation_sorted_ids(dialect: str, filters: StatusFilter, sort: str, look_up: bool) -> Select[Any]:
    """Organisation ids in a sort on the organisation's own columns, joined by the planner or looked up one by one."""
    if not look_up:
        return _filtered_ids(filters, True).order_by(*SORTS[sort])
    matching = _filtered_ids(filters, False)
    if dialect == "postgresql":
        # One array of ids probes the primary key per match; as a join or IN list PostgreSQL hashes every
        # organisation instead.
        ids = select(func.array_agg(matching.subquery().c.organisation_id)).scalar_subquery()
        return select(Organisation.id).where(Organisation.id == any_(cast(ids, ARRAY(Integer)))).order_by(*SORTS[sort])
    return select(Organisation.id).where(Organisation.id.in_(matching)).order_by(*SORTS[sort])


def status_page(
    session: Session, filters: StatusFilter, sort: str, page: int, page_size: int
) -> tuple[list[tuple[ComplianceStatus, Organisation]], int]:
    """One page of statuses with their organisations, and the total: narrow ids are sorted, then one page read."""
    total, population = _counts(session, filters)
    offset = (page - 1) * page_size
    if sort in ORGANISATION_SORTS:
        look_up = _looks_up_matches(filters, total, population, offset + page_size)
        ids_query = _organisation_sorted_ids(session.get_bind().dialect.name, filters, sort, look_up)
    else:
        ids_query = _filtered_ids(filters, False).order_by(*SORTS[sort])
    ids = list(session.scalars(ids_query.offset(offset).limit(page_size)))
    if not ids:
        return [], total
    found = {
        row[0].organisation_id: (row[0], row[1])
        for row in session.execute(
            select(ComplianceStatus, Organisation)
            .join(Organisation, Organisation.id == ComplianceStatus.organisation_id)
            .where(ComplianceStatus.regime == filters.regime, ComplianceStatus.statement_year == filters.year,
                   ComplianceStatus.organisation_id.in_(ids))
        )
    }
    return [found[i] for i in ids if i in found], total
