"""`discovery.crawl_due` over the simulated web: recorded evidence, schedules, and nothing due on a re-run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from app.cli import app
from app.jobs.runner import run_job
from app.models import CrawlSchedule, DiscoveryCheck, JobRun, Organisation, Statement, StatementVersion, utcnow
from app.organisations.normalise import name_key
from app.simweb.server import SimWebServer

SCENARIOS = ["footer_pdf", "legal_hub", "broken", "silent", "years_hub"]


@pytest.fixture(scope="module")
def web() -> Iterator[SimWebServer]:
    with SimWebServer(sites=len(SCENARIOS), seed=11, scenarios=SCENARIOS) as server:
        yield server


@pytest.fixture()
def register(db_session, web: SimWebServer) -> dict[str, Organisation]:
    organisations = {}
    for site in web.web.organisations:
        organisation = Organisation(
            name=site.name,
            name_key=name_key(site.name),
            website=site.homepage,
            financial_year_end_month=3,
            financial_year_end_day=31,
        )
        db_session.add(organisation)
        organisations[site.scenario] = organisation
    db_session.add(Organisation(name="No Website Ltd", name_key="no website ltd"))
    db_session.flush()
    return organisations


def test_crawl_records_each_organisation_and_schedules_the_next_visit(context, db_session, register) -> None:
    record = run_job("discovery.crawl_due", context)
    assert record.status == "succeeded"
    assert record.summary["outcomes"] == {"found": 3, "broken_link": 1, "unreachable": 1}
    checks = {c.organisation_id: c for c in db_session.scalars(select(DiscoveryCheck))}
    assert checks[register["legal_hub"].id].link_found and not checks[register["legal_hub"].id].link_prominent
    assert checks[register["footer_pdf"].id].link_prominent
    schedules = {s.organisation_id: s for s in db_session.scalars(select(CrawlSchedule))}
    assert schedules[register["silent"].id].consecutive_failures == 1
    assert all(s.next_due_at > utcnow() for s in schedules.values())
    statements = db_session.scalars(select(Statement).where(Statement.source == "discovery")).all()
    assert len(statements) == 5  # two, plus the years hub's 2024 statement and its two earlier ones
    earlier = [s for s in statements if s.url.endswith(("statement-2023.pdf", "statement-2022.pdf"))]
    assert len(earlier) == 2 and all(s.versions and s.state == "current" for s in earlier)
    rerun = run_job("discovery.crawl_due", context)
    assert rerun.summary == {"yielded": 0, "organisations": 0, "outcomes": {}}


def test_revisit_is_conditional_and_unchanged_statements_keep_one_version(context, db_session, register, web):
    run_job("discovery.crawl_due", context)
    for schedule in db_session.scalars(select(CrawlSchedule)):
        schedule.next_due_at = utcnow()
    db_session.flush()
    before = web.app.stats["304"]
    record = run_job("discovery.crawl_due", context)
    assert record.summary["outcomes"]["found"] == 3
    assert web.app.stats["304"] - before >= 6  # homepage and statement of each found site
    versions = db_session.scalars(select(StatementVersion)).all()
    assert len(versions) == 5 and all(v.last_seen_at > v.first_seen_at for v in versions)


def test_limit_bounds_a_run(context, db_session, register) -> None:
    context.limit = 1
    record = run_job("discovery.crawl_due", context)
    assert record.summary["organisations"] == 1
    assert db_session.scalar(select(func.count()).select_from(JobRun).where(JobRun.name == "discovery.crawl_due")) >= 1


def test_jobs_cli_lists_and_refuses_unknown_names() -> None:
    runner = CliRunner()
    listed = runner.invoke(app, ["jobs", "list"])
    assert "discovery.crawl_due" in listed.output and "registry.import_statements" in listed.output
    unknown = runner.invoke(app, ["jobs", "run", "no.such_job"])
    assert unknown.exit_code == 2 and "known jobs" in unknown.output
