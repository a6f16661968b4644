"""The UK registry's yearly StatementSummaries{YEAR}.csv: rows become registry statements with declared answers."""

from __future__ import annotations

import contextlib
import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.models import Organisation, Statement, StatementCoverage, utcnow
from app.organisations.normalise import name_key, normalise_company_number
from app.organisations.repository import by_company_number

REQUIRED = ("StatementYear", "OrganisationName")
AREAS = {
    "organisation_structure": ("StatementIncludesOrgStructure", "NoOrgStructureReason"),
    "policies": ("StatementIncludesPolicies", "NoPoliciesReason"),
    "risk_assessment": ("StatementIncludesRisksAssessment", "NoRiskAssessmentReason"),
    "due_diligence": ("StatementIncludesDueDiligence", "NoDueDiligenceReason"),
    "training": ("StatementIncludesTraining", "NoTrainingReason"),
    "goals_and_kpis": ("StatementIncludesGoals", "NoGoalsReason"),
}
DECLARED_FIELDS = {
    "turnover_band": "Turnover", "sectors": "OrganisationSectors", "other_sector": "OtherOrganisationSector",
    "years_producing_statements": "YearsProducingStatements", "approving_person": "ApprovingPerson",
    "group_submission": "GroupSubmission", "parent_name": "ParentName", "policies_listed": "Policies",
    "training_listed": "Training", "social_audits": "SocialAudits", "grievance_mechanisms": "GrievanceMechanisms",
    "demonstrate_progress": "DemonstrateProgress", "last_updated": "LastUpdated", "summary_url": "StatementSummaryURL",
}  # fmt: skip


@dataclass
class RegistryImport:
    """What one CSV did to the database."""

    rows: int = 0
    statements_created: int = 0
    statements_updated: int = 0
    coverage_added: int = 0
    unmatched: list[str] = field(default_factory=list)


def read_rows(data: bytes, source_name: str) -> list[dict[str, str]]:
    """The CSV's rows keyed by column name (unknown columns kept, missing required ones refused)."""
    text = data.decode("utf-8-sig", errors="replace")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [name for name in REQUIRED if name not in (reader.fieldnames or [])]
    if missing:
        raise InvalidInput(f"{source_name}: line 1: missing column(s) {', '.join(missing)}")
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


def parse_date(value: str, source_name: str, line: int, column: str) -> date | None:
    """A registry date (ISO, or day/month/year with an optional time), or None when empty."""
    if not value:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(value[:19], pattern).date()
        except ValueError:
            continue
    raise InvalidInput(f"{source_name}: line {line}: column {column}: not a date: {value!r}")


def declared_answers(row: dict[str, str]) -> dict[str, Any]:
    """The organisation's self-declared answers: the six areas (yes / no with reason) and the other fields."""
    areas = {
        area: {"included": row.get(flag, "").lower() == "yes", "reason_if_not": row.get(reason) or None}
        for area, (flag, reason) in AREAS.items()
    }
    others = {key: row.get(column) or None for key, column in DECLARED_FIELDS.items()}
    return {"areas": areas, **others, "basis": "registry"}


def import_rows(session: Session, rows: list[dict[str, str]], source_name: str) -> RegistryImport:
    """Upsert one statement per summary URL (a group statement is listed once per covered organisation)."""
    outcome = RegistryImport()
    for line, row in enumerate(rows, start=2):
        outcome.rows += 1
        year_text = row.get("StatementYear", "")
        if not year_text.isdigit():
            raise InvalidInput(f"{source_name}: line {line}: column StatementYear: not a year: {year_text!r}")
        key = (
            row.get("StatementSummaryURL")
            or f"{year_text}:{row.get('CompanyNumber') or name_key(row['OrganisationName'])}"
        )
        statement = session.scalar(select(Statement).where(Statement.source == "registry", Statement.source_key == key))
        values = dict(
            url=row.get("StatementURL") or None,
            statement_year=int(year_text),
            declared=declared_answers(row),
            title=f"{row.get('ParentName') or row['OrganisationName']} statement {year_text}"[:500],
            period_start=parse_date(row.get("StatementStartDate", ""), source_name, line, "StatementStartDate"),
            period_end=parse_date(row.get("StatementEndDate", ""), source_name, line, "StatementEndDate"),
            approved_on=parse_date(row.get("DateApproved", ""), source_name, line, "DateApproved"),
        )
        if statement is None:
            statement = Statement(source="registry", source_key=key[:2000], first_seen_at=utcnow(), **values)
            session.add(statement)
            outcome.statements_created += 1
        else:
            for name, value in values.items():
                setattr(statement, name, value)
            outcome.statements_updated += 1
        statement.last_seen_at = utcnow()
        session.flush()
        _cover(session, statement, row, outcome)
    return outcome


def _cover(session: Session, statement: Statement, row: dict[str, str], outcome: RegistryImport) -> None:
    """Link the row's organisation when the register knows it (by company number, else by exact name)."""
    organisation = _match(session, row)
    if organisation is None:
        outcome.unmatched.append(row["OrganisationName"])
        return
    if row.get("ParentName") in ("", None) or name_key(row.get("ParentName", "")) == organisation.name_key:
        statement.publisher_id = statement.publisher_id or organisation.id
    if any(c.organisation_id == organisation.id for c in statement.coverage):
        return
    statement.coverage.append(StatementCoverage(organisation_id=organisation.id, source="registry"))
    outcome.coverage_added += 1
    session.flush()


def _match(session: Session, row: dict[str, str]) -> Organisation | None:
    """The register's organisation for a row."""
    number = row.get("CompanyNumber", "")
    if number:
        with contextlib.suppress(InvalidInput):  # a malformed number in the registry: fall back to the name
            found = by_company_number(session, "UK", normalise_company_number(number))
            if found is not None:
                return found
    key = name_key(row["OrganisationName"])
    return session.scalars(select(Organisation).where(Organisation.name_key == key).limit(2)).first()
