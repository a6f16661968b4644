"""Every register query: lists with filters, single reads, group walks."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    CompoundSelect,
    Integer,
    Select,
    and_,
    any_,
    bindparam,
    func,
    intersect,
    select,
    union,
)
from sqlalchemy.orm import Session, selectinload

from app.errors import InvalidInput, NotFound
from app.models.organisations import Organisation
from app.organisations import paging
from app.organisations.normalise import name_key, normalise_company_number
from app.organisations.search_index import word_matches

# The ORDER BY of each list sort (ends with the id, so every order is total).
SORTS: dict[str, tuple[ColumnElement[Any], ...]] = {name: sort.order_by() for name, sort in paging.SORTS.items()}


@dataclass(frozen=True)
class OrganisationFilter:
    """List filters; every one optional."""

    q: str | None = None
    company_number: str | None = None
    sector: str | None = None
    scope_status: str | None = None
    jurisdiction: str | None = None
    parent_id: int | None = None
    compliance_status: str | None = None
    compliance_year: int | None = None
    compliance_regime: str | None = None


def _search_parts(q: str) -> tuple[list[Select[Any]], str | None]:
    """A search's word look-ups (one id query per word) and the company number it may be."""
    try:
        number = normalise_company_number(q)
    except InvalidInput:
        number = None
    return word_matches(q), number


def _search_ids(q: str) -> Select[Any] | CompoundSelect[Any] | None:
    """The ids a search matches, from the word index (and the number index): every word of the query starts a
    word of the name or an alias, or the company number equals the query. None when the query has no such word."""
    words, number = _search_parts(q)
    if number is None:
        return (intersect(*words) if len(words) > 1 else words[0]) if words else None
    # One id set from two indexes: an OR across them would make PostgreSQL scan the table.
    by_number = select(Organisation.id).where(Organisation.company_number == number)
    return union(by_number, intersect(*words)) if len(words) > 1 else union(by_number, *words)


def _search(q: str) -> ColumnElement[bool] | None:
    """The search condition; a query of legal-form words only (no indexed word) is a name substring match."""
    words, number = _search_parts(q)
    if number is None and words:
        return and_(*(Organisation.id.in_(ids) for ids in words))
    if (ids := _search_ids(q)) is not None:
        return Organisation.id.in_(ids)
    key = name_key(q)
    return Organisation.name_key.contains(key, autoescape=True) if key else None


def filtered(filters: OrganisationFilter) -> Select[Any]:
    """The select for a filter, unordered and unpaged."""
    query = select(Organisation)
    if filters.q and (condition := _search(filters.q)) is not None:
        query = query.where(condition)
    if filters.company_number:
        query = query.where(Organisation.company_number == normalise_company_number(filters.company_number))
    if filters.sector:
        query = query.where(Organisation.sector == filters.sector)
    if filters.scope_status:
        query = query.where(Organisation.scope_status == filters.scope_status)
    if filters.jurisdiction:
        query = query.where(Organisation.jurisdiction == filters.jurisdiction)
    if filters.parent_id is not None:
        query = query.where(Organisation.parent_id == filters.parent_id)
    if filters.compliance_status:
        query = query.where(_has_status(filters))
    return query


def _has_status(filters: OrganisationFilter) -> ColumnElement[bool]:
    """The organisation has the compliance status for the year under the regime (defaults: this year, MST_REGIME)."""
    return Organisation.id.in_(_status_ids(filters))


def _status_ids(filters: OrganisationFilter) -> Select[Any]:
    """The ids of organisations with the filter's compliance status (from the status index, no join)."""
    from datetime import UTC, datetime

    from app.compliance.regimes import default_regime
    from app.models.compliance import ComplianceStatus as Status

    return select(Status.organisation_id).where(
        Status.regime == (filters.compliance_regime or default_regime().code),
        Status.statement_year == (filters.compliance_year or datetime.now(UTC).year),
        Status.status == filters.compliance_status,
    )


@dataclass
class Page:
    """One page of a list: its rows, the exact total matching the filters, and the cursor of the next page."""

    rows: list[Organisation]
    total: int
    next_cursor: str | None


def list_page(
    session: Session, filters: OrganisationFilter, sort: str, page: int, page_size: int
) -> tuple[list[Organisation], int]:
    """One page of organisations and the total matching the filters."""
    found = page_of(session, filters, sort, page_size, page=page)
    return found.rows, found.total


def page_of(
    session: Session,
    filters: OrganisationFilter,
    sort: str,
    page_size: int,
    *,
    page: int = 1,
    cursor: str | None = None,
) -> Page:
    """A page by number (OFFSET) or after a cursor (keyset), with the exact total and the next page's cursor."""
    if (found := _candidates_page(session, filters, sort, page_size, page, cursor)) is not None:
        return found
    order = paging.SORTS[sort]
    query = filtered(filters)
    wanted = page_size + 1  # one more row than the page tells whether another page follows
    if cursor is not None:
        value, last_id = paging.decode_cursor(cursor, sort)
        rows: list[Organisation] = []
        for condition, order_by in order.segments(value, last_id, session.get_bind().dialect.name):
            segment = query.where(condition).order_by(*order_by).limit(wanted - len(rows))
            rows += session.scalars(segment).all()
            if len(rows) == wanted:
                break
        total = None
    else:
        offset = (page - 1) * page_size
        rows = list(session.scalars(_numbered_page(query, order, offset, wanted)).all())
        # A page that reaches the end gives the total without counting (unless it lies past the end).
        total = offset + len(rows) if len(rows) < wanted and (rows or not offset) else None
    more = len(rows) > page_size
    rows = rows[:page_size]
    if total is None:
        total = session.scalar(count_statement(filters)) or 0
    return Page(rows, total, paging.cursor_after(sort, rows[-1]) if more else None)


SEARCH_CANDIDATES = 5000  # a search or status filter matching at most this many is paged from its sorted ids


def _id_in(ids: list[int], dialect: str) -> ColumnElement[bool]:
    """`id` is one of many ids, sent as one parameter (an array, or JSON for SQLite)."""
    if dialect == "postgresql":
        return Organisation.id == any_(bindparam("candidate_ids", ids, type_=ARRAY(Integer)))
    each = func.json_each(json.dumps(ids)).table_valued("value")
    return Organisation.id.in_(select(each.c.value))


def candidate_statements(
    session: Session, filters: OrganisationFilter, sort: str
) -> tuple[Select[Any] | CompoundSelect[Any], Select[Any]] | None:
    """For a search or a compliance status filter that matches few organisations: the statement that found them,
    and the one that lists their (id, sort value) in sort order under the other filters. None when neither does
    (take the general path)."""
    sources: list[tuple[str, Select[Any] | CompoundSelect[Any]]] = []
    if filters.q and (search := _search_ids(filters.q)) is not None:
        sources.append(("q", search))
    if filters.compliance_status:
        sources.append(("compliance_status", _status_ids(filters)))
    order = paging.SORTS[sort]
    for field, found_by in sources:
        candidates = set(session.scalars(found_by.limit(SEARCH_CANDIDATES + 1)))
        if len(candidates) > SEARCH_CANDIDATES:
            continue
        others = filtered(replace(filters, **{field: None}))
        query = others.where(_id_in(sorted(candidates), session.get_bind().dialect.name))
        return found_by, query.with_only_columns(Organisation.id, order.column).order_by(*order.order_by())
    return None


def _candidates_page(
    session: Session, filters: OrganisationFilter, sort: str, page_size: int, page: int, cursor: str | None
) -> Page | None:
    """A search's (or status filter's) page from the ids it matches, when they are few: all of them in order, then
    the page's rows.

    Walking a sort index until a page of matches turns up is fast when matches are spread through the order and
    slow when they bunch at its far end (a surname that starts many names): PostgreSQL cannot tell which from its
    statistics. A search's matches come straight from the word index, and a status filter's from the status index,
    so when they are few the list is taken in order from them instead, and the total is their number. None: use
    the general path.
    """
    statements = candidate_statements(session, filters, sort)
    if statements is None:
        return None
    ordered = session.execute(statements[1]).all()
    start = (page - 1) * page_size
    if cursor is not None:
        value, last_id = paging.decode_cursor(cursor, sort)
        position = next((i for i, (org_id, _) in enumerate(ordered) if org_id == last_id), None)
        if position is None or ordered[position][1] != value:  # that row left the list or moved: seek instead
            return None
        start = position + 1
    chosen = [org_id for org_id, _ in ordered[start : start + page_size]]
    in_order = paging.SORTS[sort].order_by()
    rows = list(session.scalars(select(Organisation).where(Organisation.id.in_(chosen)).order_by(*in_order)))
    more = start + page_size < len(ordered)
    return Page(rows, len(ordered), paging.cursor_after(sort, rows[-1]) if more and rows else None)


def _numbered_page(query: Select[Any], order: paging.Sort, offset: int, limit: int) -> Select[Any]:
    """Rows `offset` to `offset + limit` of a query in a sort order."""
    if offset:  # count past earlier rows on the narrow id index, then read only this page's rows
        ids = query.with_only_columns(Organisation.id).order_by(*order.order_by()).offset(offset).limit(limit)
        query = select(Organisation).where(Organisation.id.in_(ids.scalar_subquery()))
    return query.order_by(*order.order_by()).limit(limit)


def page_statement(filters: OrganisationFilter, sort: str, page: int, page_size: int) -> Select[Any]:
    """The query of a numbered page (with one extra row that tells whether another page follows)."""
    return _numbered_page(filtered(filters), paging.SORTS[sort], (page - 1) * page_size, page_size + 1)


def count_statement(filters: OrganisationFilter) -> Select[Any]:
    """The query counting every organisation that matches the filters."""
    return select(func.count()).select_from(filtered(filters).subquery())


def get(session: Session, organisation_id: int) -> Organisation:
    """One organisation with its aliases, or NotFound."""
    organisation = session.scalars(
        select(Organisation)
        .options(selectinload(Organisation.aliases), selectinload(Organisation.parent))
        .where(Organisation.id == organisation_id)
    ).one_or_none()
    if organisation is None:
        raise NotFound(f"organisation {organisation_id} does not exist")
    return organisation


def by_company_number(session: Session, jurisdiction: str, number: str) -> Organisation | None:
    """The organisation holding a company number, if any."""
    return session.scalars(
        select(Organisation).where(Organisation.jurisdiction == jurisdiction, Organisation.company_number == number)
    ).one_or_none()


def subsidiaries_count(session: Session, organisation_id: int) -> int:
    """How many direct subsidiaries an organisation has."""
    return session.scalar(select(func.count()).where(Organisation.parent_id == organisation_id)) or 0


def ancestors(session: Session, organisation: Organisation) -> list[Organisation]:
    """Parents from the nearest up to the top of the group."""
    chain: list[Organisation] = []
    seen = {organisation.id}
    current = organisation.parent
    while current is not None and current.id not in seen:
        chain.append(current)
        seen.add(current.id)
        current = current.parent
    return chain


def descendants(session: Session, top_id: int, limit: int = 5000) -> list[tuple[int, int | None, str, str | None, str]]:
    """(id, parent_id, name, company_number, scope_status) of everything below an organisation."""
    rows: list[tuple[int, int | None, str, str | None, str]] = []
    frontier = {top_id}
    seen = {top_id}
    while frontier and len(rows) < limit:
        query = select(
            Organisation.id,
            Organisation.parent_id,
            Organisation.name,
            Organisation.company_number,
            Organisation.scope_status,
        ).where(Organisation.parent_id.in_(frontier))
        found = [(r[0], r[1], r[2], r[3], r[4]) for r in session.execute(query) if r[0] not in seen]
        rows.extend(found)
        frontier = {row[0] for row in found}
        seen |= frontier
    return rows
