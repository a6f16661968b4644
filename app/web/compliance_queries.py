"""Compliance queries behind the overdue list, with every filter, sort and page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from app.models.compliance import ComplianceStatus, ComplianceSummary
from app.models.organisations import Organisation
from app.organisations.repository import OrganisationFilter
from app.organisations.repository import filtered as organisation_filter

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


@dataclass(frozen=True)
class StatusFilter:
    """The overdue list's filters."""

    regime: str
    year: int
    statuses: tuple[str, ...] = OVERDUE_STATUSES
    sector: str | None = None
    band: str | None = None
    q: str | None = None


def _filtered_ids(filters: StatusFilter, with_organisation: bool) -> Select[Any]:
    """Status ids matching the filters (joined to the organisation only when a sort needs it)."""
    c = ComplianceStatus
    query = select(c.id).where(c.regime == filters.regime, c.statement_year == filters.year)
    if with_organisation:
        query = query.join(Organisation, Organisation.id == c.organisation_id)
    if filters.statuses:
        query = query.where(c.status.in_(filters.statuses))
    if filters.sector:
        query = query.where(c.sector == filters.sector)
    if filters.band:
        query = query.where(c.turnover_band == filters.band)
    if filters.q:
        matching = organisation_filter(OrganisationFilter(q=filters.q)).with_only_columns(Organisation.id)
        query = query.where(c.organisation_id.in_(matching.scalar_subquery()))
    return query


def _total(session: Session, filters: StatusFilter) -> int:
    """How many statuses match: from the maintained summary (a few rows, kept equal to the statuses by every
    recompute) unless a name search needs the rows themselves."""
    if filters.q:
        return session.scalar(select(func.count()).select_from(_filtered_ids(filters, False).subquery())) or 0
    m = ComplianceSummary
    query = select(func.coalesce(func.sum(m.count), 0)).where(m.regime == filters.regime,
                                                               m.statement_year == filters.year)
    if filters.statuses:
        query = query.where(m.status.in_(filters.statuses))
    if filters.sector:
        query = query.where(m.sector == filters.sector)
    if filters.band:
        query = query.where(m.turnover_band == filters.band)
    return int(session.scalar(query) or 0)


def status_page(
    session: Session, filters: StatusFilter, sort: str, page: int, page_size: int
) -> tuple[list[tuple[ComplianceStatus, Organisation]], int]:
    """One page of statuses with their organisations, and the total: narrow ids are sorted, then 50 rows read."""
    total = _total(session, filters)
    ids_query = _filtered_ids(filters, sort in ("name", "-turnover")).order_by(*SORTS[sort])
    ids = list(session.scalars(ids_query.offset((page - 1) * page_size).limit(page_size)))
    if not ids:
        return [], total
    found = {
        row[0].id: (row[0], row[1])
        for row in session.execute(
            select(ComplianceStatus, Organisation)
            .join(Organisation, Organisation.id == ComplianceStatus.organisation_id)
            .where(ComplianceStatus.id.in_(ids))
        )
    }
    return [found[i] for i in ids if i in found], total
