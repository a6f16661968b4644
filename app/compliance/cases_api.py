"""HTTP routes of penalty-review cases and their audit trail (no delete route: cases are never deleted)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, status
from sqlalchemy import func, select

from app.api.deps import DbSession
from app.compliance import cases, service
from app.compliance.regimes import default_regime, get_regime
from app.compliance.schemas import CaseEventRead, CaseNote, CasePage, CaseRead, CaseTransition, CaseUpdate
from app.models.compliance import CaseEvent, ReviewCase

router = APIRouter(tags=["penalty review"])


def _actor(request: Request) -> str:
    """The signed-in user or API token owner (the app-wide authorise dependency identified them)."""
    return str(request.state.principal.user.email)
CaseState = Literal["candidate", "under_review", "notice_sent", "resolved"]


@router.post("/cases/flag-candidates", summary="Open a case for every new penalty candidate")
def flag_candidates(session: DbSession, regime: Annotated[str | None, Query(max_length=24)] = None) -> dict[str, int]:
    """Run the candidate rules and open cases for new candidates (as the scheduled job does)."""
    return service.flag_candidates(session, get_regime(regime) if regime else default_regime())


@router.get("/cases", response_model=CasePage)
def list_cases(
    session: DbSession,
    state: CaseState | None = None,
    assignee: Annotated[str | None, Query(max_length=200)] = None,
    organisation_id: int | None = None,
    year: int | None = None,
    page: Annotated[int, Query(ge=1)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> CasePage:
    """Cases, oldest open first."""
    query = select(ReviewCase)
    if state:
        query = query.where(ReviewCase.state == state)
    if assignee:
        query = query.where(ReviewCase.assignee == assignee)
    if organisation_id is not None:
        query = query.where(ReviewCase.organisation_id == organisation_id)
    if year is not None:
        query = query.where(ReviewCase.statement_year == year)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(ReviewCase.id).offset((page - 1) * page_size).limit(page_size))
    return CasePage(items=[CaseRead.model_validate(c) for c in rows], total=total, page=page, page_size=page_size)


@router.get("/cases/{case_id}", response_model=CaseRead)
def read_case(session: DbSession, case_id: int) -> CaseRead:
    """One case."""
    return CaseRead.model_validate(cases.get_case(session, case_id))


@router.patch("/cases/{case_id}", response_model=CaseRead)
def update_case(session: DbSession, request: Request, case_id: int, payload: CaseUpdate) -> CaseRead:
    """Change the assignee or due date; `actor` is recorded in the audit trail."""
    fields = payload.model_dump(include={"assignee", "due_date"}, exclude_unset=True)
    case = cases.update(session, cases.get_case(session, case_id), _actor(request), payload.reason, fields=fields)
    return CaseRead.model_validate(case)


@router.post("/cases/{case_id}/transitions", response_model=CaseRead)
def transition_case(session: DbSession, request: Request, case_id: int, payload: CaseTransition) -> CaseRead:
    """Move the case: candidate → under_review → notice_sent → resolved (illegal moves answer 409)."""
    case = cases.transition(
        session, cases.get_case(session, case_id), payload.to_state, _actor(request), payload.reason, payload.outcome
    )
    return CaseRead.model_validate(case)


@router.post("/cases/{case_id}/notes", response_model=CaseEventRead, status_code=status.HTTP_201_CREATED)
def add_note(session: DbSession, request: Request, case_id: int, payload: CaseNote) -> CaseEventRead:
    """Add a note to the audit trail."""
    return CaseEventRead.model_validate(
        cases.add_note(session, cases.get_case(session, case_id), _actor(request), payload.note)
    )


@router.get("/cases/{case_id}/events", response_model=list[CaseEventRead])
def list_events(session: DbSession, case_id: int) -> list[CaseEventRead]:
    """The case's append-only audit trail, oldest first."""
    cases.get_case(session, case_id)
    rows = session.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id))
    return [CaseEventRead.model_validate(e) for e in rows]
