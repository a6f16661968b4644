"""HTTP routes of the register: organisations, groups, aliases and the match-review list."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response, status
from sqlalchemy import select

from app.api.deps import DbSession
from app.compliance.regimes import get_regime
from app.compliance.schemas import StatusName as ComplianceStatusName
from app.models.organisations import MatchReview
from app.organisations import presenters, repository, service
from app.organisations.paging import BadCursor
from app.organisations.repository import SORTS, OrganisationFilter
from app.organisations.schemas import (
    AliasIn,
    AliasRead,
    GroupRead,
    Jurisdiction,
    MatchReviewDecision,
    MatchReviewRead,
    OrganisationCreate,
    OrganisationPage,
    OrganisationRead,
    OrganisationUpdate,
    ParentSet,
    ScopeStatus,
)
from app.organisations.sectors import REGISTRY_SECTORS

router = APIRouter(tags=["organisations"])
SortKey = Literal["name", "-name", "turnover", "-turnover", "company_number", "updated_at", "-updated_at"]
assert set(SortKey.__args__) == set(SORTS)  # type: ignore[attr-defined]


@router.get("/organisations", response_model=OrganisationPage, summary="List and search the register")
def list_organisations(
    request: Request,
    session: DbSession,
    q: Annotated[str | None, Query(max_length=200, description="Name, former/trading name or company number")] = None,
    company_number: Annotated[str | None, Query(max_length=16)] = None,
    sector: Annotated[str | None, Query(max_length=120)] = None,
    scope_status: ScopeStatus | None = None,
    jurisdiction: Jurisdiction | None = None,
    parent_id: int | None = None,
    compliance_status: Annotated[
        ComplianceStatusName | None, Query(alias="status", description="Compliance status in `year`")
    ] = None,
    year: Annotated[int | None, Query(ge=2016, le=2100, description="Statement year for `status`")] = None,
    regime: Annotated[str | None, Query(max_length=24, description="Regime for `status` (default MST_REGIME)")] = None,
    sort: SortKey = "name",
    page: Annotated[int, Query(ge=1, description="Page number (or follow `next` for fast paging)")] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[
        str | None, Query(max_length=1000, description="Continue after the page that gave this `next_cursor`")
    ] = None,
) -> OrganisationPage:
    """Filter, sort and page through organisations.

    Pages come by number (`page`) or, faster at any depth and stable while the register changes, by cursor:
    every page that has a successor gives `next_cursor` and `next` (this request with `cursor` set).
    """
    if cursor is not None and page != 1:
        raise BadCursor("pass either page or cursor, not both")
    filters = OrganisationFilter(
        q=q,
        company_number=company_number,
        sector=sector,
        scope_status=scope_status,
        jurisdiction=jurisdiction,
        parent_id=parent_id,
        compliance_status=compliance_status,
        compliance_year=year,
        compliance_regime=get_regime(regime).code if regime else None,
    )
    found = repository.page_of(session, filters, sort, page_size, page=page, cursor=cursor)
    following = None
    if found.next_cursor is not None:
        url = request.url.remove_query_params("page").include_query_params(cursor=found.next_cursor)
        following = f"{url.path}?{url.query}"
    return OrganisationPage(
        items=[presenters.summary(o) for o in found.rows],
        total=found.total,
        page=None if cursor is not None else page,
        page_size=page_size,
        next_cursor=found.next_cursor,
        next=following,
    )


@router.post("/organisations", response_model=OrganisationRead, status_code=status.HTTP_201_CREATED)
def create_organisation(session: DbSession, payload: OrganisationCreate) -> OrganisationRead:
    """Add an organisation to the register."""
    organisation = service.create(session, payload)
    return presenters.full(session, repository.get(session, organisation.id))


@router.get("/organisations/{organisation_id}", response_model=OrganisationRead)
def read_organisation(session: DbSession, organisation_id: int) -> OrganisationRead:
    """One organisation in full, with its scope and the reason for it."""
    return presenters.full(session, repository.get(session, organisation_id))


@router.patch("/organisations/{organisation_id}", response_model=OrganisationRead)
def update_organisation(session: DbSession, organisation_id: int, payload: OrganisationUpdate) -> OrganisationRead:
    """Change some fields; scope is recomputed for the organisation's group."""
    organisation = service.update(session, repository.get(session, organisation_id), payload)
    return presenters.full(session, organisation)


@router.get("/organisations/{organisation_id}/group", response_model=GroupRead)
def read_group(session: DbSession, organisation_id: int) -> GroupRead:
    """The organisation's parents and the whole group tree."""
    return presenters.group(session, repository.get(session, organisation_id))


@router.put("/organisations/{organisation_id}/parent", response_model=OrganisationRead)
def set_parent(session: DbSession, organisation_id: int, payload: ParentSet) -> OrganisationRead:
    """Set or clear the parent organisation (cycles are refused)."""
    organisation = repository.get(session, organisation_id)
    return presenters.full(
        session, service.update(session, organisation, OrganisationUpdate(parent_id=payload.parent_id))
    )


@router.get("/organisations/{organisation_id}/aliases", response_model=list[AliasRead])
def list_aliases(session: DbSession, organisation_id: int) -> list[AliasRead]:
    """Former, trading and other names."""
    return [AliasRead.model_validate(a) for a in repository.get(session, organisation_id).aliases]


@router.post("/organisations/{organisation_id}/aliases", response_model=AliasRead, status_code=status.HTTP_201_CREATED)
def add_alias(session: DbSession, organisation_id: int, payload: AliasIn) -> AliasRead:
    """Add a former, trading or other name."""
    alias = service.add_alias(session, repository.get(session, organisation_id), payload)
    return AliasRead.model_validate(alias)


@router.delete("/organisations/{organisation_id}/aliases/{alias_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_alias(session: DbSession, organisation_id: int, alias_id: int) -> Response:
    """Remove a name."""
    service.delete_alias(session, repository.get(session, organisation_id), alias_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/sectors", response_model=list[str])
def list_sectors() -> list[str]:
    """The registry's 23 sectors."""
    return list(REGISTRY_SECTORS)


@router.get("/match-reviews", response_model=list[MatchReviewRead])
def list_match_reviews(
    session: DbSession,
    review_status: Annotated[str, Query(alias="status", pattern="^(open|merged|kept_separate|dismissed)$")] = "open",
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[MatchReviewRead]:
    """Uncertain matches from imports, waiting for a person."""
    rows = session.scalars(
        select(MatchReview).where(MatchReview.status == review_status).order_by(MatchReview.id).limit(limit)
    )
    return [MatchReviewRead.model_validate(r) for r in rows]


@router.post("/match-reviews/{review_id}/resolve", response_model=MatchReviewRead)
def resolve_match_review(session: DbSession, review_id: int, payload: MatchReviewDecision) -> MatchReviewRead:
    """Merge into the candidate, keep as a separate organisation, or dismiss."""
    return MatchReviewRead.model_validate(service.resolve_review(session, review_id, payload.decision))
