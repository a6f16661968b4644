"""HTTP routes: compliance summary and statuses, an organisation's statuses and statements, penalty candidates."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Query, Request
from fastapi.responses import Response

from app.api.deps import DbSession
from app.compliance import presenters, repository, service
from app.compliance.export_jobs import csv_response, source_for, xlsx_response
from app.compliance.regimes import default_regime, get_regime, load_regimes
from app.compliance.schemas import (
    CandidateList,
    ExportFormat,
    ExportMetaRead,
    OrganisationComplianceRead,
    RegimeRead,
    StatementRead,
    StatusName,
    StatusPage,
    SummaryRead,
)
from app.organisations import repository as organisations

router = APIRouter(tags=["compliance"])
YearQuery = Annotated[int | None, Query(ge=2016, le=2100, description="Statement year (default: this year)")]
RegimeQuery = Annotated[str | None, Query(max_length=24, description="Regime code (default: MST_REGIME)")]


def _regime_year(regime: str | None, year: int | None) -> tuple[str, int]:
    """The regime code (validated) and year, with the defaults applied."""
    chosen = get_regime(regime) if regime else default_regime()
    return chosen.code, year or service.today_utc().year


@router.get("/compliance/regimes", response_model=list[RegimeRead], summary="The configured reporting regimes")
def list_regimes() -> list[RegimeRead]:
    """Every regime with its deadline rule, basis and citation."""
    return [RegimeRead(**r.to_dict()) for r in load_regimes().values()]


@router.get("/compliance/summary", response_model=SummaryRead, summary="Counts per status, by sector and turnover band")
def compliance_summary(session: DbSession, year: YearQuery = None, regime: RegimeQuery = None) -> SummaryRead:
    """How many organisations are compliant, late, incomplete, missing... for a year under a regime."""
    code, chosen_year = _regime_year(regime, year)
    return SummaryRead(**service.summary(session, get_regime(code), chosen_year))


@router.get("/compliance/statuses", response_model=StatusPage, summary="Statuses (e.g. the overdue list), or export")
def list_statuses(
    session: DbSession,
    request: Request,
    background: BackgroundTasks,
    status: Annotated[list[StatusName] | None, Query(description="One or more statuses")] = None,
    year: YearQuery = None,
    regime: RegimeQuery = None,
    sector: Annotated[str | None, Query(max_length=120)] = None,
    format: ExportFormat = "json",
    page: Annotated[int, Query(ge=1)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> StatusPage | Response:
    """A page of statuses, the longest overdue first; `format=csv|xlsx` exports every matching row."""
    code, chosen_year = _regime_year(regime, year)
    statuses = list(status or [])
    params = {"regime": code, "year": chosen_year, "status": statuses, "sector": sector}
    if format == "csv":
        meta, header, rows = source_for("statuses", params)(session)
        return csv_response(meta, header, rows, f"statuses-{code}-{chosen_year}")
    rows_page, total = repository.status_page(session, code, chosen_year, statuses, sector, page, page_size)
    if format == "xlsx":
        return xlsx_response(session, request, background, "statuses", params, total, f"statuses-{code}-{chosen_year}")
    today = service.today_utc()
    items = [presenters.status_item(row, org, today) for row, org in rows_page]
    return StatusPage(items=items, total=total, page=page, page_size=page_size)


@router.get("/organisations/{organisation_id}/compliance", response_model=OrganisationComplianceRead)
def organisation_compliance(
    session: DbSession, organisation_id: int, regime: RegimeQuery = None
) -> OrganisationComplianceRead:
    """Per-year statuses with reasons, flags and evidence (all regimes unless one is named)."""
    organisation = organisations.get(session, organisation_id)
    code = get_regime(regime).code if regime else None
    today = service.today_utc()
    rows = repository.statuses_for_organisation(session, organisation_id, code)
    return OrganisationComplianceRead(
        organisation_id=organisation.id, name=organisation.name, statuses=[presenters.status(r, today) for r in rows]
    )


@router.get("/organisations/{organisation_id}/statements", response_model=list[StatementRead])
def organisation_statements(session: DbSession, organisation_id: int) -> list[StatementRead]:
    """Statements covering the organisation, with their versions and assessments."""
    organisations.get(session, organisation_id)
    return [
        presenters.statement(s, source)
        for s, source in repository.statements_for_organisation(session, organisation_id)
    ]


@router.get("/penalty-candidates", response_model=CandidateList, summary="Candidates for penalty review")
def penalty_candidates(
    session: DbSession,
    request: Request,
    background: BackgroundTasks,
    year: YearQuery = None,
    regime: RegimeQuery = None,
    format: ExportFormat = "json",
) -> CandidateList | Response:
    """Organisation-years meeting a candidate rule, with a plain-language reason, basis, note and evidence."""
    code = (get_regime(regime) if regime else default_regime()).code
    params = {"regime": code, "year": year}
    name = f"penalty-candidates-{code}-{year or 'all'}"
    if format == "csv":
        meta, header, rows = source_for("penalty_candidates", params)(session)
        return csv_response(meta, header, rows, name)
    chosen = get_regime(code)
    found = service.penalty_candidates(session, chosen, year)
    if format == "xlsx":
        return xlsx_response(session, request, background, "penalty_candidates", params, len(found), name)
    meta = service.export_meta(session, "Penalty-review candidates", chosen, year)
    meta.note = chosen.penalty_note
    return CandidateList(meta=ExportMetaRead(**meta.to_dict()), items=[presenters.candidate(c) for c in found])
