"""The regulator area: overview, the register with filters, and each organisation in full."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from app.accounts.auth import CurrentPrincipal
from app.api.deps import DbSession
from app.organisations import presenters, repository
from app.organisations.repository import OrganisationFilter
from app.organisations.scope_rules import scope_rules
from app.organisations.sectors import REGISTRY_SECTORS
from app.web import overview as overview_queries
from app.web import statements
from app.web.templating import is_htmx, render

router = APIRouter(prefix="/regulator", include_in_schema=False)
PAGE_SIZE = 50
STATUS_LABELS = {"in_scope": "Presumed in scope", "out_of_scope": "Presumed out of scope", "unknown": "Scope not known"}
Regime = Literal["UK", "AU", "CA"]
Sort = Literal["name", "-name", "-turnover", "turnover", "company_number", "-updated_at"]


@router.get("", response_class=HTMLResponse)
def overview(request: Request, session: DbSession, principal: CurrentPrincipal, regime: Regime = "UK") -> HTMLResponse:
    """Organisations in scope, by sector and turnover band, as charts and the same numbers as tables."""
    counts = overview_queries.overview(session, regime)
    return render(request, "pages/regulator/overview.html", {
        "title": "Overview", "regime": regime, "counts": counts, "labels": STATUS_LABELS,
        "currency": scope_rules()[regime].currency,
        "sector_chart": overview_queries.chart_spec(counts.sectors(), STATUS_LABELS),
        "band_chart": overview_queries.chart_spec(counts.bands(), STATUS_LABELS),
    })


@router.get("/organisations", response_class=HTMLResponse)
def organisations(
    request: Request,
    session: DbSession,
    principal: CurrentPrincipal,
    q: Annotated[str, Query(max_length=200)] = "",
    scope_status: Literal["", "in_scope", "out_of_scope", "unknown"] = "",
    sector: Annotated[str, Query(max_length=120)] = "",
    regime: Literal["", "UK", "AU", "CA"] = "",
    sort: Sort = "name",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    """The register with filters, sorting and pages; htmx swaps only the table."""
    filters = OrganisationFilter(q=q.strip() or None, scope_status=scope_status or None, sector=sector or None,
                                 jurisdiction=regime or None)
    rows, total = repository.list_page(session, filters, sort, page, PAGE_SIZE)
    params = {"q": q, "scope_status": scope_status, "sector": sector, "regime": regime, "sort": sort}
    context = {"title": "Organisations", "rows": rows, "total": total, "page": page,
               "pages": max(1, -(-total // PAGE_SIZE)), "params": params, "sectors": REGISTRY_SECTORS,
               "labels": STATUS_LABELS}
    name = "_fragments/organisation_table.html" if is_htmx(request) else "pages/regulator/organisations.html"
    return render(request, name, context)


@router.get("/organisations/{organisation_id}", response_class=HTMLResponse)
def organisation(
    request: Request, session: DbSession, principal: CurrentPrincipal, organisation_id: int
) -> HTMLResponse:
    """Register details, scope reasoning, group, statements with every version, and fetch history."""
    org = repository.get(session, organisation_id)
    found = statements.statements_for(session, org.id)
    return render(request, "pages/regulator/organisation.html", {
        "title": org.name, "org": org, "full": presenters.full(session, org), "group": presenters.group(session, org),
        "rule": scope_rules()[org.jurisdiction], "statements": found,
        "changes": {s.id: statements.version_changes(s) for s in found},
        "fetches": statements.fetch_history(session, org.id), "labels": STATUS_LABELS,
    })
