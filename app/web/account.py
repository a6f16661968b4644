"""Organisation self-service: claim an organisation, correct its year end and statement address, get a report."""

from __future__ import annotations

import csv
import io
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts import claims
from app.accounts.auth import CurrentUser, client_ip
from app.api.deps import DbSession
from app.errors import InvalidInput
from app.models.accounts import OrganisationClaim, User
from app.models.organisations import Organisation
from app.web import rediscovery, statements
from app.web.templating import render

router = APIRouter(prefix="/account", include_in_schema=False)


@router.get("", response_class=HTMLResponse)
def home(request: Request, session: DbSession, user: CurrentUser) -> HTMLResponse:
    """The user's organisations and claims."""
    rows = session.execute(
        select(OrganisationClaim, Organisation.name)
        .join(Organisation, Organisation.id == OrganisationClaim.organisation_id)
        .where(OrganisationClaim.user_id == user.id)
        .order_by(OrganisationClaim.created_at.desc())
    ).all()
    return render(request, "pages/account/home.html", {"title": "Your organisations", "rows": rows})


@router.post("/claims")
def claim(
    request: Request, session: DbSession, user: CurrentUser,
    organisation_id: Annotated[int, Form()], evidence: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Ask to act for an organisation; an administrator decides."""
    claims.claim(session, user, organisation_id, evidence, client_ip(request))
    return RedirectResponse("/account", status_code=303)


def _manage_page(request: Request, session: Session, user: User, organisation_id: int,
                 errors: dict[str, str], done: str | None = None, status: int = 200) -> HTMLResponse:
    """The corrections page for one of the user's organisations."""
    org = claims.own_organisation(session, user, organisation_id)
    return render(request, "pages/account/organisation.html", {
        "title": org.name, "org": org, "requests": rediscovery.requests_for(session, org.id), "errors": errors,
        "error_count": len(errors), "done": done,
    }, status_code=status)


@router.get("/organisations/{organisation_id}", response_class=HTMLResponse)
def manage(request: Request, session: DbSession, user: CurrentUser, organisation_id: int) -> HTMLResponse:
    """Year end and statement address forms."""
    return _manage_page(request, session, user, organisation_id, {})


@router.post("/organisations/{organisation_id}/year-end", response_model=None)
def year_end(
    request: Request, session: DbSession, user: CurrentUser, organisation_id: int,
    day: Annotated[str, Form(max_length=4)] = "", month: Annotated[str, Form(max_length=4)] = "",
) -> Response:
    """Correct the financial year end."""
    try:
        if not (day.strip().isdigit() and month.strip().isdigit()):
            raise InvalidInput("enter the year end as a day and month in numbers, like 31 and 3")
        claims.correct_year_end(session, user, organisation_id, f"{int(month):02d}-{int(day):02d}", client_ip(request))
    except InvalidInput as exc:
        return _manage_page(request, session, user, organisation_id, {"year-end-day": exc.message}, status=422)
    return _manage_page(request, session, user, organisation_id, {}, done="The financial year end has been changed.")


@router.post("/organisations/{organisation_id}/statement-url", response_model=None)
def statement_url(
    request: Request, session: DbSession, user: CurrentUser, organisation_id: int,
    url: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """Give the statement's address; a new search for it is queued."""
    try:
        claims.request_rediscovery(session, user, organisation_id, url, client_ip(request))
    except InvalidInput as exc:
        return _manage_page(request, session, user, organisation_id, {"url": exc.message}, status=422)
    return _manage_page(request, session, user, organisation_id, {},
                        done="Thank you. We will look for the statement at that address.")


def _safe(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@router.get("/organisations/{organisation_id}/report.csv")
def report(session: DbSession, user: CurrentUser, organisation_id: int) -> Response:
    """The organisation's own report: what we hold, presumed scope and why, and each statement found."""
    org = claims.own_organisation(session, user, organisation_id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "field", "value"])
    organisation_fields: list[tuple[str, object]] = [
        ("name", org.name), ("company_number", org.company_number), ("jurisdiction", org.jurisdiction),
        ("sector", org.sector), ("turnover", org.turnover_amount), ("turnover_currency", org.turnover_currency),
        ("financial_year_end_month", org.financial_year_end_month),
        ("financial_year_end_day", org.financial_year_end_day), ("website", org.website),
        ("scope_status", org.scope_status), ("scope_confidence", org.scope_confidence),
        ("scope_basis", org.scope_basis), ("scope_reason", org.scope_reason),
    ]
    for field, value in organisation_fields:
        writer.writerow(["organisation", field, _safe(value)])
    for statement in statements.statements_for(session, org.id):
        statement_fields: list[tuple[str, object]] = [
            ("statement_year", statement.statement_year), ("url", statement.url),
            ("approved_on", statement.approved_on), ("first_seen_at", statement.first_seen_at),
            ("versions", len(statement.versions)),
        ]
        for field, value in statement_fields:
            writer.writerow([f"statement {statement.id}", field, _safe(value)])
    filename = f"organisation-{org.id}-report.csv"
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
