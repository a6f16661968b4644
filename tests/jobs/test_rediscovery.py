"""Re-discovery requests: the crawl fetches the URL an organisation gave first, archives it, records the outcome."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.compliance.loader import load_inputs
from app.config import get_settings
from app.jobs import rediscovery
from app.jobs.runner import run_job
from app.models import (
    Assessment,
    DiscoveryCheck,
    Organisation,
    RediscoveryRequest,
    Statement,
    StatementVersion,
    utcnow,
)
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


def _claimed(db_session: Session, request: RediscoveryRequest, minutes_ago: float | None, attempts: int = 1) -> None:
    """Make `request` look left in progress by a crawl that claimed it `minutes_ago` (None: an undated claim)."""
    request.status, request.attempts = "in_progress", attempts
    request.claimed_at = None if minutes_ago is None else utcnow() - timedelta(minutes=minutes_ago)
    db_session.flush()


def test_a_request_left_in_progress_by_a_crawl_that_died_is_claimed_again(
    context, db_session, web, monkeypatch
) -> None:
    request = ask(db_session, site(web, "footer_pdf").truth.statement_url)

    async def dies(*_: object, **__: object) -> None:
        raise RuntimeError("the crawl process was killed")

    with monkeypatch.context() as patched, pytest.raises(RuntimeError):
        patched.setattr(rediscovery, "fetch_given", dies)
        run_job("discovery.crawl_due", context)
    db_session.expire_all()
    assert request.status == "in_progress" and request.attempts == 1 and request.claimed_at is not None
    fresh = run_job("discovery.crawl_due", context)
    assert "requests" not in fresh.summary  # a claim younger than the timeout belongs to a run that may be alive
    _claimed(db_session, request, minutes_ago=61)
    record = run_job("discovery.crawl_due", context)
    assert record.summary["requests"] == {"done": 1}
    db_session.expire_all()
    assert request.status == "done" and request.attempts == 2 and request.processed_at is not None


def test_the_claim_timeout_is_a_setting(context, db_session, web, monkeypatch) -> None:
    request = ask(db_session, site(web, "footer_pdf").truth.statement_url)
    _claimed(db_session, request, minutes_ago=5)
    assert "requests" not in run_job("discovery.crawl_due", context).summary  # the default is an hour
    monkeypatch.setenv("MST_REDISCOVERY_CLAIM_TIMEOUT_SECONDS", "240")
    get_settings.cache_clear()
    context.settings = get_settings()
    assert run_job("discovery.crawl_due", context).summary["requests"] == {"done": 1}
    db_session.expire_all()
    assert request.status == "done" and request.claimed_at is not None


def test_an_undated_claim_from_before_the_upgrade_is_claimed_again(context, db_session, web) -> None:
    request = ask(db_session, site(web, "footer_pdf").truth.statement_url)
    _claimed(db_session, request, minutes_ago=None)
    assert run_job("discovery.crawl_due", context).summary["requests"] == {"done": 1}


def test_a_request_that_keeps_dying_is_given_up(context, db_session, web) -> None:
    request = ask(db_session, site(web, "footer_pdf").truth.statement_url)
    _claimed(db_session, request, minutes_ago=120, attempts=rediscovery.MAX_ATTEMPTS)
    record = run_job("discovery.crawl_due", context)
    assert record.summary["requests"] == {"failed": 1}
    db_session.expire_all()
    assert request.status == "failed" and request.attempts == rediscovery.MAX_ATTEMPTS
    assert (request.outcome or "").startswith("abandoned: gave up after 3 attempts")
    assert db_session.scalars(select(Statement)).all() == []
    assert "requests" not in run_job("discovery.crawl_due", context).summary
