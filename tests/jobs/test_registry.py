"""The registry's yearly CSV: rows become registry statements with declared answers; bad files are named."""

from __future__ import annotations

import csv
import io

import pytest
from aiohttp import web

from app.errors import InvalidInput
from app.jobs.runner import run_job
from app.models import Organisation
from app.organisations.normalise import name_key
from app.statements.registry import import_rows, read_rows
from tests.discovery.conftest import LocalServer

COLUMNS = [
    "StatementYear",
    "OrganisationName",
    "CompanyNumber",
    "GroupSubmission",
    "ParentName",
    "StatementURL",
    "StatementSummaryURL",
    "StatementStartDate",
    "StatementEndDate",
    "ApprovingPerson",
    "DateApproved",
    "StatementIncludesOrgStructure",
    "NoOrgStructureReason",
    "StatementIncludesPolicies",
    "StatementIncludesRisksAssessment",
    "StatementIncludesDueDiligence",
    "StatementIncludesTraining",
    "NoTrainingReason",
    "StatementIncludesGoals",
    "Turnover",
    "SomeFutureColumn",
]


def csv_bytes(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def row(name: str, number: str = "", summary: str = "https://registry.test/s/1", **extra: str) -> dict[str, str]:
    base = {c: "" for c in COLUMNS}
    base.update(
        StatementYear="2024",
        OrganisationName=name,
        CompanyNumber=number,
        StatementSummaryURL=summary,
        StatementURL="https://acme.test/msa.pdf",
        StatementStartDate="01/04/2023",
        StatementEndDate="31/03/2024",
        ApprovingPerson="Jane Smith (Director)",
        DateApproved="2024-09-15",
        StatementIncludesOrgStructure="Yes",
        StatementIncludesPolicies="Yes",
        NoTrainingReason="Planned",
        Turnover="£36 million to £60 million",
        SomeFutureColumn="ignored",
    )
    base.update(extra)
    return base


def add(db_session, name: str, number: str | None = None) -> Organisation:
    organisation = Organisation(name=name, name_key=name_key(name), company_number=number)
    db_session.add(organisation)
    db_session.flush()
    return organisation


def test_group_statement_is_one_statement_covering_each_listed_organisation(db_session) -> None:
    parent, child = add(db_session, "Acme Group plc", "01234567"), add(db_session, "Acme Retail Ltd")
    rows = read_rows(
        csv_bytes(
            [
                row("Acme Group plc", "1234567", GroupSubmission="Yes", ParentName="Acme Group plc"),
                row("Acme Retail Ltd", "", GroupSubmission="Yes", ParentName="Acme Group plc"),
                row("Unknown Widgets Ltd", "", summary="https://registry.test/s/2"),
            ]
        ),
        "StatementSummaries2024.csv",
    )
    outcome = import_rows(db_session, rows, "StatementSummaries2024.csv")
    assert (outcome.rows, outcome.statements_created, outcome.coverage_added) == (3, 2, 2)
    assert outcome.unmatched == ["Unknown Widgets Ltd"]
    statement = next(c.statement for c in parent_coverage(db_session, parent))
    assert {c.organisation_id for c in statement.coverage} == {parent.id, child.id}
    assert statement.publisher_id == parent.id and statement.statement_year == 2024
    assert str(statement.period_end) == "2024-03-31" and str(statement.approved_on) == "2024-09-15"
    areas = statement.declared["areas"]
    assert areas["policies"]["included"] and not areas["training"]["included"]
    assert areas["training"]["reason_if_not"] == "Planned" and statement.declared["basis"] == "registry"


def parent_coverage(db_session, organisation):
    from sqlalchemy import select

    from app.models import StatementCoverage

    return db_session.scalars(select(StatementCoverage).where(StatementCoverage.organisation_id == organisation.id))


def test_importing_the_same_file_twice_changes_nothing(db_session) -> None:
    add(db_session, "Acme Group plc", "01234567")
    rows = read_rows(csv_bytes([row("Acme Group plc", "01234567")]), "f.csv")
    first = import_rows(db_session, rows, "f.csv")
    second = import_rows(db_session, rows, "f.csv")
    assert (first.statements_created, second.statements_created, second.statements_updated) == (1, 0, 1)
    assert second.coverage_added == 0


def test_missing_column_names_the_file_and_column() -> None:
    with pytest.raises(InvalidInput, match=r"StatementSummaries2024.csv: line 1: missing column\(s\) StatementYear"):
        read_rows(b"OrganisationName\nAcme\n", "StatementSummaries2024.csv")


def test_bad_date_names_file_line_and_column(db_session) -> None:
    rows = read_rows(csv_bytes([row("Acme Ltd"), row("Beta Ltd", DateApproved="someday")]), "f.csv")
    with pytest.raises(InvalidInput, match=r"f.csv: line 3: column DateApproved: not a date: 'someday'"):
        import_rows(db_session, rows, "f.csv")


def test_bad_year_is_refused(db_session) -> None:
    rows = read_rows(csv_bytes([row("Acme Ltd", StatementYear="last year")]), "f.csv")
    with pytest.raises(InvalidInput, match="line 2: column StatementYear"):
        import_rows(db_session, rows, "f.csv")


def test_scraper_downloads_each_year_from_the_configured_url(context, db_session, monkeypatch) -> None:
    add(db_session, "Acme Group plc", "01234567")
    data = csv_bytes([row("Acme Group plc", "01234567"), row("Beta Ltd", summary="https://registry.test/s/9")])

    async def csv_2024(request: web.Request) -> web.Response:
        return web.Response(body=data, content_type="text/csv")

    with LocalServer({"/StatementSummaries2024.csv": csv_2024}) as server:
        context.settings.registry_csv_url = server.url("/StatementSummaries{year}.csv")
        context.options = {"years": [2023, 2024]}
        record = run_job("registry.import_statements", context)
    assert record.status == "succeeded" and record.summary["yielded"] == 2
    assert record.summary["2023"] == "not published" and record.summary["2024"]["created"] == 2
