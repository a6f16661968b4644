"""Compliance decisions over the database: summaries, candidates, cases from candidates, statement events."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.compliance import repository
from app.compliance.cases import open_case
from app.compliance.exports import ExportMeta, SafeRows
from app.compliance.inputs import PRIMARY_STATUSES
from app.compliance.loader import TURNOVER_BANDS
from app.compliance.notifications import emit
from app.compliance.penalties import Candidate, evaluate, load_rules
from app.compliance.recompute import RecomputeReport, recompute_for_organisations
from app.compliance.regimes import Regime
from app.models.base import utcnow
from app.models.statements import StatementCoverage, StatementVersion

STATUS_HEADER = (
    "organisation_id",
    "organisation_name",
    "company_number",
    "sector",
    "turnover_band",
    "statement_year",
    "regime",
    "status",
    "basis",
    "flags",
    "period_end",
    "deadline",
    "statement_id",
    "reasons",
)
CANDIDATE_HEADER = (
    "organisation_id",
    "organisation_name",
    "company_number",
    "sector",
    "statement_year",
    "regime",
    "status",
    "days_past_deadline",
    "rule_ids",
    "basis",
    "reason",
    "note",
)
BANDS = ("unknown", *reversed([band for _, band in TURNOVER_BANDS]))


def today_utc() -> date:
    """Today's date in UTC."""
    return datetime.now(UTC).date()


def summary(session: Session, regime: Regime, year: int) -> dict[str, Any]:
    """Counts per status, by sector and by turnover band, for a regime and year."""
    by_status = dict.fromkeys(PRIMARY_STATUSES, 0)
    by_sector: dict[str, dict[str, int]] = {}
    by_band = {band: dict.fromkeys(PRIMARY_STATUSES, 0) for band in BANDS}
    for status, sector, band, count in repository.summary_counts(session, regime.code, year):
        by_status[status] += count
        sector_counts = by_sector.setdefault(sector or "unknown", dict.fromkeys(PRIMARY_STATUSES, 0))
        sector_counts[status] += count
        by_band.setdefault(band, dict.fromkeys(PRIMARY_STATUSES, 0))[status] += count
    return {
        "year": year,
        "regime": regime.to_dict(),
        "total": sum(by_status.values()),
        "by_status": by_status,
        "by_sector": dict(sorted(by_sector.items())),
        "by_turnover_band": by_band,
        "ruleset_versions": repository.ruleset_versions(session, regime.code, year),
    }


def export_meta(session: Session, title: str, regime: Regime, year: int | None, **filters: Any) -> ExportMeta:
    """The metadata block every export carries."""
    return ExportMeta(
        title=title,
        regime=regime.code,
        regime_basis=regime.basis,
        ruleset_versions=repository.ruleset_versions(session, regime.code, year),
        produced_at=utcnow(),
        filters={"year": year, **filters},
    )


def status_rows(session: Session, regime: Regime, year: int, statuses: list[str], sector: str | None) -> SafeRows:
    """Flat export rows of statuses, streamed in batches of safe cells (flags as 'a; b'; dates and JSON read as
    text, not parsed; every text neutralised by the query)."""
    return SafeRows(repository.stream_statuses(session, regime.code, year, statuses, sector))


def penalty_candidates(
    session: Session, regime: Regime, year: int | None, today: date | None = None
) -> list[Candidate]:
    """Candidates for penalty review, each with its reason, basis, note and evidence."""
    today = today or today_utc()
    span = max((int(rule.when.get("consecutive_years", 1)) for rule in load_rules()), default=1)
    last = year if year is not None else today.year
    years = list(range((year if year is not None else regime.first_statement_year) - span + 1, last + 1))
    first_pass = evaluate(repository.status_rows(session, regime.code, years), regime, today, year)
    ids = sorted({c.organisation_id for c in first_pass})
    if not ids:
        return []
    rows = repository.status_rows(session, regime.code, years, with_details=True, organisation_ids=ids)
    return evaluate(rows, regime, today, year)


def candidate_row(candidate: Candidate) -> tuple[Any, ...]:
    """A candidate as a flat export row."""
    data = asdict(candidate)
    return tuple(data[name] for name in CANDIDATE_HEADER)


def flag_candidates(session: Session, regime: Regime, today: date | None = None) -> dict[str, int]:
    """Open a review case for every new candidate (existing cases are left as they are)."""
    opened = 0
    found = penalty_candidates(session, regime, None, today)
    for candidate in found:
        _, created = open_case(session, candidate)
        opened += created
    return {"candidates": len(found), "opened": opened}


def on_statement_version(session: Session, version: StatementVersion, regime: Regime | None = None) -> RecomputeReport:
    """A statement version was stored: announce it (found or changed) and recompute the organisations it covers."""
    statement = version.statement
    covered = list(
        session.scalars(select(StatementCoverage.organisation_id).where(StatementCoverage.statement_id == statement.id))
    )
    emit(
        session,
        "statement.found" if version.version_no == 1 else "statement.changed",
        {
            "statement_id": statement.id,
            "version_id": version.id,
            "version_no": version.version_no,
            "url": statement.url,
            "publisher_id": statement.publisher_id,
            "covered_organisation_ids": covered,
            "statement_year": statement.statement_year,
        },
    )
    return recompute_for_organisations(session, covered, regime)


def on_assessments(session: Session, version_ids: Sequence[int], regime: Regime | None = None) -> RecomputeReport:
    """New assessments were stored for these versions: recompute the organisations their statements cover."""
    covered: set[int] = set()
    for start in range(0, len(version_ids), 5_000):
        covered.update(
            session.scalars(
                select(StatementCoverage.organisation_id)
                .join(StatementVersion, StatementVersion.statement_id == StatementCoverage.statement_id)
                .where(StatementVersion.id.in_(version_ids[start : start + 5_000]))
            )
        )
    return recompute_for_organisations(session, covered, regime)
