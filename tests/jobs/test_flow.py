"""A crawled statement flows on: it is assessed, announced, and the organisation's compliance status reflects it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.compliance.loader import load_inputs
from app.jobs.runner import run_job
from app.models import (
    Assessment,
    ComplianceStatus,
    CrawlSchedule,
    Organisation,
    StatementVersion,
    WebhookDelivery,
    WebhookEndpoint,
    utcnow,
)
from app.organisations.normalise import name_key
from app.simweb.server import SimWebServer


@pytest.fixture(scope="module")
def web() -> Iterator[SimWebServer]:
    with SimWebServer(sites=2, seed=5, scenarios=["footer_pdf", "silent"]) as server:
        yield server


@pytest.fixture()
def register(db_session: Session, web: SimWebServer) -> dict[str, Organisation]:
    organisations = {}
    for site in web.web.organisations:
        organisation = Organisation(
            name=site.name,
            name_key=name_key(site.name),
            website=site.homepage,
            scope_status="in_scope",
            financial_year_end_month=3,
            financial_year_end_day=31,
        )
        db_session.add(organisation)
        organisations[site.scenario] = organisation
    db_session.add(WebhookEndpoint(url="http://127.0.0.1:9/hook", secret="s" * 16, events=["*"]))
    db_session.flush()
    return organisations


def statuses(session: Session, organisation: Organisation) -> dict[int, ComplianceStatus]:
    query = select(ComplianceStatus).where(ComplianceStatus.organisation_id == organisation.id)
    return {row.statement_year: row for row in session.scalars(query)}


def test_a_crawled_statement_is_assessed_and_its_organisation_recomputed(context, db_session, register) -> None:
    run_job("discovery.crawl_due", context)
    db_session.expire_all()
    found = register["footer_pdf"]
    version = db_session.scalars(select(StatementVersion)).one()
    assessment = db_session.scalars(select(Assessment).where(Assessment.statement_version_id == version.id)).one()
    assert assessment.rules and assessment.inputs["discovery"] == {"homepage_link": True}
    summary = load_inputs(db_session, [found.id])[found.id].statements[0].assessment
    assert summary is not None and summary.id == assessment.id
    rows = statuses(db_session, found)
    statement = version.statement
    assert statement.period_end is not None  # taken from the statement's text by scoring
    year = statement.period_end.year
    assert rows[year].status != "missing"
    assert any(e["kind"] == "assessment" and e["id"] == assessment.id for e in rows[year].details["evidence"])
    assert not statuses(db_session, register["silent"])  # nothing new about it: no statement, no recompute
    events = db_session.scalars(select(WebhookDelivery.event)).all()
    assert events == ["statement.found"]


def test_recording_the_same_statement_again_adds_nothing(context, db_session, register) -> None:
    run_job("discovery.crawl_due", context)
    for row in db_session.scalars(select(CrawlSchedule)):
        row.next_due_at = utcnow()
    db_session.flush()
    run_job("discovery.crawl_due", context)
    db_session.expire_all()
    assert db_session.scalar(select(func.count()).select_from(Assessment)) == 1
    assert db_session.scalar(select(func.count()).select_from(WebhookDelivery)) == 1


def test_the_rescoring_job_recomputes_the_organisations_it_assessed(context, db_session, register) -> None:
    run_job("discovery.crawl_due", context)
    found = register["footer_pdf"]
    db_session.execute(delete(Assessment))
    db_session.execute(delete(ComplianceStatus))
    db_session.flush()
    record = run_job("scoring.rescore_statements", context)
    assert record.status == "succeeded" and record.summary["recomputed_organisations"] == 1
    db_session.expire_all()
    assessment = db_session.scalars(select(Assessment)).one()
    rows = statuses(db_session, found)
    assert any(
        e["kind"] == "assessment" and e["id"] == assessment.id for r in rows.values() for e in r.details["evidence"]
    )
    again = run_job("scoring.rescore_statements", context)
    assert again.summary["recomputed_organisations"] == 0
