"""The regulator area: overview, the overdue list, the register with filters, and each organisation in full."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from app.accounts.auth import CurrentPrincipal
from app.api.deps import DbSession
from app.compliance import repository as compliance_repository
from app.compliance import service as compliance_service
from app.compliance.regimes import Regime, default_regime, get_regime, load_regimes
from app.compliance.service import BANDS
from app.errors import InvalidInput
from app.organisations import presenters, repository
from app.organisations.repository import OrganisationFilter
from app.organisations.scope_rules import scope_rules
from app.organisations.sectors import REGISTRY_SECTORS
from app.screening.flag_queries import flags_for_organisation
from app.screening.types import LEGAL_NOTE
from app.web import compliance_queries, evidence, rediscovery, statements
from app.web import overview as overview_queries
from app.web.compliance_queries import OVERDUE_STATUSES, STATUS_LABELS, StatusFilter
from app.web.templating import is_htmx, render

router = APIRouter(prefix="/regulator", include_in_schema=False)
PAGE_SIZE = 50
SCOPE_LABELS = {"in_scope": "Presumed in scope", "out_of_scope": "Presumed out of scope", "unknown": "Scope not known"}
Sort = Literal["name", "-name", "-turnover", "turnover", "company_number", "-updated_at"]
OverdueSort = Literal["deadline", "-deadline", "name", "-turnover"]
YearQuery = Annotated[int | None, Query(ge=2016, le=2100)]
RegimeQuery = Annotated[str, Query(max_length=24)]


def chosen_regime(code: str) -> Regime:
    """The named regime, or the deployment's default; unknown codes are bad input."""
    if not code:
        return default_regime()
    try:
        return get_regime(code)
    except Exception as exc:
        raise InvalidInput(f"unknown regime {code!r}") from exc


@router.get("", response_class=HTMLResponse)
def overview(
    request: Request, session: DbSession, principal: CurrentPrincipal, regime: RegimeQuery = "", year: YearQuery = None
) -> HTMLResponse:
    """Scope and compliance counts for a regime and statement year, by sector and band, and the trend."""
    chosen = chosen_regime(regime)
    chosen_year = year or compliance_service.today_utc().year
    counts = overview_queries.overview(session, chosen.code, chosen_year)
    sectors, bands, years = counts.sectors(), counts.bands(), counts.years()
    return render(request, "pages/regulator/overview.html", {
        "title": "Overview", "regime": chosen, "regimes": load_regimes().values(), "year": chosen_year,
        "counts": counts, "measures": overview_queries.MEASURES, "labels": overview_queries.MEASURE_LABELS,
        "sectors": sectors, "bands": bands, "years": years, "trend_chart": overview_queries.trend_chart(years),
        "sector_chart": overview_queries.breakdown_chart(sectors),
        "band_chart": overview_queries.breakdown_chart(bands),
    })


@router.get("/overdue", response_class=HTMLResponse)
def overdue(
    request: Request,
    session: DbSession,
    principal: CurrentPrincipal,
    status: Annotated[list[Literal["late", "missing", "incomplete"]] | None, Query()] = None,
    sector: Annotated[str, Query(max_length=120)] = "",
    band: Annotated[str, Query(max_length=24)] = "",
    q: Annotated[str, Query(max_length=200)] = "",
    regime: RegimeQuery = "",
    year: YearQuery = None,
    sort: OverdueSort = "deadline",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    """Late, missing and incomplete organisations with filters, sorting and pages; htmx swaps only the table."""
    chosen = chosen_regime(regime)
    chosen_year = year or compliance_service.today_utc().year
    if band and band not in BANDS:
        raise InvalidInput(f"unknown turnover band {band!r}")
    filters = StatusFilter(regime=chosen.code, year=chosen_year, statuses=tuple(status or OVERDUE_STATUSES),
                           sector=sector or None, band=band or None, q=q.strip() or None)
    rows, total = compliance_queries.status_page(session, filters, sort, page, PAGE_SIZE)
    params = {"status": list(status or []), "sector": sector, "band": band, "q": q, "regime": chosen.code,
              "year": chosen_year, "sort": sort}
    context = {"title": "Overdue statements", "rows": rows, "total": total, "page": page,
               "pages": max(1, -(-total // PAGE_SIZE)), "params": params, "sectors": REGISTRY_SECTORS,
               "bands": BANDS, "regimes": load_regimes().values(), "labels": STATUS_LABELS,
               "today": compliance_service.today_utc(), "chosen": list(filters.statuses)}
    name = "_fragments/overdue_table.html" if is_htmx(request) else "pages/regulator/overdue.html"
    return render(request, name, context)


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
               "labels": SCOPE_LABELS}
    name = "_fragments/organisation_table.html" if is_htmx(request) else "pages/regulator/organisations.html"
    return render(request, name, context)


@router.get("/organisations/{organisation_id}", response_class=HTMLResponse)
def organisation(
    request: Request, session: DbSession, principal: CurrentPrincipal, organisation_id: int
) -> HTMLResponse:
    """Register details, scope, group, compliance timeline, forced-labour flags, statements, fetch history and the
    statement addresses the organisation gave."""
    org = repository.get(session, organisation_id)
    found = statements.statements_for(session, org.id)
    versions = [v for s in found for v in s.versions]
    assessments = evidence.latest_assessments(session, [v.id for v in versions])
    shown = {v.id: evidence.highlight(v.text, assessments[v.id], f"ev-{v.id}") for v in versions if v.id in assessments}
    timeline = sorted(compliance_repository.statuses_for_organisation(session, org.id, None),
                      key=lambda s: (s.regime, -s.statement_year))
    return render(request, "pages/regulator/organisation.html", {
        "title": org.name, "org": org, "full": presenters.full(session, org), "group": presenters.group(session, org),
        "rule": scope_rules()[org.jurisdiction], "statements": found,
        "changes": {s.id: statements.version_changes(s) for s in found},
        "fetches": statements.fetch_history(session, org.id), "labels": SCOPE_LABELS,
        "timeline": timeline, "status_labels": STATUS_LABELS, "shown": shown,
        "screening_flags": flags_for_organisation(session, org.id), "screening_basis": LEGAL_NOTE,
        "requests": rediscovery.requests_for(session, org.id),
    })
