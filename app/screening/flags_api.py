"""HTTP route for an organisation's forced-labour screening flags (/api/v1/organisations/{id}/screening-flags)."""

from __future__ import annotations

from fastapi import APIRouter

from app.api.deps import DbSession
from app.organisations import repository as organisations
from app.screening.flag_queries import OrganisationFlag, flags_for_organisation
from app.screening.schemas import ScreeningFlagRead

router = APIRouter(tags=["screening"])


def flag_read(item: OrganisationFlag) -> ScreeningFlagRead:
    """The API view of one stored flag."""
    flag = item.flag
    return ScreeningFlagRead(
        statement_id=item.statement.id,
        statement_year=item.statement.statement_year,
        statement_title=item.statement.title,
        statement_version_id=flag.statement_version_id,
        version_no=item.version_no,
        order_id=flag.order_id,
        order_reference=flag.order_reference,
        order_name=flag.order_name,
        kind="region" if flag.kind == "region" else "entity",
        matched=flag.matched,
        sentence=flag.sentence,
        sentence_start=flag.sentence_start,
        sentence_end=flag.sentence_end,
        match_start=flag.match_start,
        match_end=flag.match_end,
        page=flag.page,
        product=flag.product,
        product_mentioned=flag.product_mentioned,
        order_status="active" if flag.order_status == "active" else "inactive",
        as_of=flag.as_of,
        reason=flag.reason,
        basis=flag.basis,
    )


@router.get(
    "/organisations/{organisation_id}/screening-flags",
    response_model=list[ScreeningFlagRead],
    summary="Forced-labour screening flags on the statements covering an organisation",
)
def organisation_screening_flags(session: DbSession, organisation_id: int) -> list[ScreeningFlagRead]:
    """Ordered entities and regions named in the newest version of each covering statement (a US measure)."""
    organisations.get(session, organisation_id)
    return [flag_read(item) for item in flags_for_organisation(session, organisation_id)]
