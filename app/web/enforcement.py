"""The enforcement area: penalty-review candidates (select and export), and review cases with their trail."""

from __future__ import annotations

import io
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.accounts import audit
from app.accounts.auth import CurrentUser, client_ip
from app.api.deps import DbSession
from app.compliance import cases, service
from app.compliance.cases import TRANSITIONS
from app.compliance.export_jobs import csv_response
from app.compliance.exports import write_xlsx
from app.compliance.penalties import Candidate
from app.errors import DomainError, InvalidInput
from app.models.compliance import CaseEvent, ReviewCase
from app.models.organisations import Organisation
from app.web.regulator import chosen_regime
from app.web.templating import render

router = APIRouter(prefix="/enforcement", include_in_schema=False)
YearQuery = Annotated[int | None, Query(ge=2016, le=2100)]
CASE_PAGE = 50
OUTCOMES = ("complied", "penalty_recommended", "dismissed")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _candidates(session: Session, regime: str, year: int | None) -> list[Candidate]:
    """Candidates under a regime (every year, or one)."""
    return service.penalty_candidates(session, chosen_regime(regime), year)


@router.get("", response_class=HTMLResponse)
def candidates(
    request: Request, session: DbSession, user: CurrentUser, regime: Annotated[str, Query(max_length=24)] = "",
    year: YearQuery = None,
) -> HTMLResponse:
    """Organisation-years meeting a candidate rule, each with its reason, basis and evidence."""
    chosen = chosen_regime(regime)
    found = _candidates(session, chosen.code, year)
    open_cases = {(row[0], row[1]): row[2] for row in session.execute(
        select(ReviewCase.organisation_id, ReviewCase.statement_year, ReviewCase.id)
        .where(ReviewCase.regime == chosen.code))}
    return render(request, "pages/enforcement/candidates.html", {
        "title": "Penalty-review candidates", "candidates": found, "regime": chosen, "year": year,
        "cases": open_cases,
    })


@router.get("/export")
def export(
    session: DbSession, user: CurrentUser, format: Literal["csv", "xlsx"] = "csv",
    regime: Annotated[str, Query(max_length=24)] = "", year: YearQuery = None,
    organisation_id: Annotated[list[int] | None, Query()] = None,
) -> Response:
    """The selected candidates (or all of them) as CSV or XLSX, with the regime and basis in the metadata."""
    chosen = chosen_regime(regime)
    found = _candidates(session, chosen.code, year)
    if organisation_id:
        wanted = set(organisation_id)
        found = [c for c in found if c.organisation_id in wanted]
    meta = service.export_meta(session, "Penalty-review candidates", chosen, year, selected=len(found))
    meta.note = chosen.penalty_note
    rows = [service.candidate_row(c) for c in found]
    name = f"penalty-candidates-{chosen.code}-{year or 'all'}"
    if format == "csv":
        return csv_response(meta, service.CANDIDATE_HEADER, rows, name)
    buffer = io.BytesIO()
    write_xlsx(buffer, meta, service.CANDIDATE_HEADER, rows)
    return Response(buffer.getvalue(), media_type=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})


@router.post("/flag")
def flag(request: Request, session: DbSession, user: CurrentUser,
         regime: Annotated[str, Form(max_length=24)] = "") -> Response:
    """Open a review case for every candidate that has none yet."""
    chosen = chosen_regime(regime)
    result = service.flag_candidates(session, chosen)
    audit.record(session, "cases.flag", user=user, ip=client_ip(request), details={"regime": chosen.code, **result})
    return RedirectResponse("/enforcement/cases", status_code=303)


@router.get("/cases", response_class=HTMLResponse)
def case_list(
    request: Request, session: DbSession, user: CurrentUser,
    state: Literal["", "candidate", "under_review", "notice_sent", "resolved"] = "",
    mine: bool = False, page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    """Review cases, oldest first, with their organisation."""
    query = select(ReviewCase, Organisation.name).join(Organisation, Organisation.id == ReviewCase.organisation_id)
    if state:
        query = query.where(ReviewCase.state == state)
    if mine:
        query = query.where(ReviewCase.assignee == user.email)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.execute(query.order_by(ReviewCase.id).offset((page - 1) * CASE_PAGE).limit(CASE_PAGE)).all()
    return render(request, "pages/enforcement/cases.html", {
        "title": "Review cases", "rows": rows, "total": total, "page": page, "pages": max(1, -(-total // CASE_PAGE)),
        "params": {"state": state, "mine": "true" if mine else ""},
    })


def _case_page(request: Request, session: Session, case_id: int, error: str | None = None,
               status: int = 200) -> HTMLResponse:
    """One case with its organisation, forms and audit trail."""
    case = cases.get_case(session, case_id)
    organisation = session.get(Organisation, case.organisation_id)
    events = session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)).all()
    return render(request, "pages/enforcement/case.html", {
        "title": f"Case {case.id}", "case": case, "organisation": organisation, "events": events,
        "moves": TRANSITIONS.get(case.state, ()), "outcomes": OUTCOMES, "error": error,
        "errors": {"reason": error} if error else {}, "error_count": 1 if error else 0,
    }, status_code=status)


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_detail(request: Request, session: DbSession, user: CurrentUser, case_id: int) -> HTMLResponse:
    """One case."""
    return _case_page(request, session, case_id)


@router.post("/cases/{case_id}/assign", response_model=None)
def assign(request: Request, session: DbSession, user: CurrentUser, case_id: int,
           assignee: Annotated[str, Form(max_length=200)] = "", reason: Annotated[str, Form(max_length=4000)] = "",
           ) -> Response:
    """Give the case to someone (or to nobody)."""
    try:
        cases.update(session, cases.get_case(session, case_id), user.email, reason.strip() or None,
                     fields={"assignee": assignee.strip() or None})
    except InvalidInput as exc:
        return _case_page(request, session, case_id, exc.message, exc.status_code)
    return RedirectResponse(f"/enforcement/cases/{case_id}", status_code=303)


@router.post("/cases/{case_id}/note", response_model=None)
def note(request: Request, session: DbSession, user: CurrentUser, case_id: int,
         text: Annotated[str, Form(max_length=8000)] = "") -> Response:
    """Add a note to the trail."""
    if not text.strip():
        return _case_page(request, session, case_id, "Write the note before saving it", 422)
    cases.add_note(session, cases.get_case(session, case_id), user.email, text.strip())
    return RedirectResponse(f"/enforcement/cases/{case_id}", status_code=303)


@router.post("/cases/{case_id}/transition", response_model=None)
def transition(request: Request, session: DbSession, user: CurrentUser, case_id: int,
               to_state: Annotated[str, Form(max_length=16)], outcome: Annotated[str, Form(max_length=24)] = "",
               reason: Annotated[str, Form(max_length=4000)] = "") -> Response:
    """Move the case (illegal moves are explained, not applied)."""
    try:
        cases.transition(session, cases.get_case(session, case_id), to_state, user.email, reason.strip() or None,
                         outcome or None)
    except DomainError as exc:
        return _case_page(request, session, case_id, exc.message, exc.status_code)
    return RedirectResponse(f"/enforcement/cases/{case_id}", status_code=303)
