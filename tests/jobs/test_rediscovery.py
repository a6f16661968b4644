"""Re-discovery requests: the crawl fetches the URL an organisation gave first, archives it, records the outcome."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.compliance.loader import load_inputs
from app.jobs.runner import run_job
from app.models import Assessment, DiscoveryCheck, Organisation, RediscoveryRequest, Statement, StatementVersion
from app.organisations.normalise import name_key
from app.simweb.server import SimWebServer


@pytest.fixture(scope="module")
def web() -> Iterator[SimWebServer]:
    with SimWebServer(sites=2, seed=7, scenarios=["footer_pdf", "robots_ban"]) as server:
        yield server


def site(web: SimWebServer, scenario: str):  # type: ignore[no-untyped-def]
    return next(s for s in web.web.organisations if s.scenario == scenario)


def ask(session: Session, url: str, name: str = "Given Url Ltd") -> RediscoveryRequest:
    """An organisation with no website on the register, asking for the statement at `url` to be read."""
    organisation = Organisation(name=name, name_key=name_key(name), scope_status="in_scope")
    session.add(organisation)
    session.flush()
    request = RediscoveryRequest(organisation_id=organisation.id, statement_url=url, reason="organisation_correction")
    session.add(request)
    session.flush()
    return request


def test_a_given_statement_url_is_fetched_verified_archived_and_assessed(context, db_session, web) -> None:
    truth = site(web, "footer_pdf").truth
    request = ask(db_session, truth.statement_url)
    record = run_job("discovery.crawl_due", context)
    assert record.summary["requests"] == {"done": 1}
    db_session.expire_all()
    assert request.status == "done" and request.attempts == 1 and request.processed_at is not None
    statement = db_session.scalars(select(Statement)).one()
    assert statement.url == truth.statement_url and statement.publisher_id == request.organisation_id
    assert f"statement {statement.id} archived" in (request.outcome or "")
    version = db_session.scalars(select(StatementVersion)).one()
    assert db_session.scalars(select(Assessment).where(Assessment.statement_version_id == version.id)).one()
    check = db_session.scalars(select(DiscoveryCheck)).one()
    assert check.found_via == "request" and check.outcome == "found"
    assert "homepage_link" not in (statement.declared or {})  # the given URL says nothing about the homepage
    facts = load_inputs(db_session, [request.organisation_id])[request.organisation_id].statements[0]
    assert facts.homepage_link is None and facts.assessment is not None
    again = run_job("discovery.crawl_due", context)
    assert "requests" not in again.summary  # done requests are not processed twice


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/", "not_found: not a modern slavery statement"),
        ("/no-such-statement.pdf", "broken_link: HTTP 404"),
    ],
)
def test_a_url_that_is_not_a_statement_fails_with_the_reason(context, db_session, web, path, reason) -> None:
    request = ask(db_session, site(web, "footer_pdf").url(path))
    run_job("discovery.crawl_due", context)
    db_session.expire_all()
    assert request.status == "failed" and (request.outcome or "").startswith(reason)
    assert db_session.scalars(select(Statement)).all() == []


def test_robots_txt_still_applies(context, db_session, web) -> None:
    banned = ask(db_session, site(web, "robots_ban").url("/modern-slavery-statement.pdf"), "Banned Ltd")
    run_job("discovery.crawl_due", context)
    db_session.expire_all()
    assert banned.status == "failed" and (banned.outcome or "").startswith("blocked_by_robots: robots.txt disallows")


def test_the_ssrf_guard_still_applies(context, db_session, web, monkeypatch) -> None:
    from app.config import get_settings

    local = ask(db_session, site(web, "footer_pdf").truth.statement_url, "Loopback Ltd")
    metadata = ask(db_session, "http://169.254.169.254/latest/meta-data", "Metadata Ltd")
    unsafe = ask(db_session, "file:///etc/passwd", "File Ltd")
    monkeypatch.setenv("MST_ALLOW_PRIVATE_NETWORKS", "false")
    get_settings.cache_clear()
    context.settings = get_settings()
    record = run_job("discovery.crawl_due", context)
    db_session.expire_all()
    assert record.summary["requests"] == {"failed": 3}
    for request in (local, metadata, unsafe):
        assert request.status == "failed" and request.outcome
    assert "non-public address" in (local.outcome or "") and "non-public address" in (metadata.outcome or "")
    assert "http(s)" in (unsafe.outcome or "")
    assert db_session.scalars(select(Statement)).all() == []
