"""Browser tests: uvicorn on 127.0.0.1 over a seeded database, driven by Debian's Chromium through Playwright."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import sessionmaker

from app.config import PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = PROJECT_ROOT / "test-artifacts" / "screenshots"
AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "correct horse battery staple"
TODAY = date(2026, 11, 22)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _require_browser() -> None:
    """Skip (or, in CI, fail) when the browser or its driver is missing."""
    problem = None
    if not CHROMIUM.exists():
        problem = "/usr/bin/chromium is not installed (apt-get install chromium)"
    elif not AXE.exists():
        problem = "node_modules/axe-core is missing (run npm ci)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "the playwright package is not installed"
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run in CI: {problem}")
        pytest.skip(problem)


@dataclass
class Site:
    """The running service and the ids the tests visit."""

    base_url: str
    parent_id: int
    small_id: int
    screened_id: int


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _seed(session: Any) -> tuple[int, int, int]:
    """Users of every role, a small group, a statement with two versions, a pending claim, statement addresses the
    organisations gave (one looked at, one waiting), and a statement naming forced-labour orders, screened."""
    from app.accounts import service
    from app.models.accounts import OrganisationClaim, RediscoveryRequest
    from app.models.statements import Statement, StatementCoverage, StatementVersion
    from app.organisations import service as organisations
    from app.organisations.schemas import OrganisationCreate

    users = {role: service.create_user(session, f"{role}@example.org", PASSWORD, role)
             for role in ("admin", "regulator", "enforcement", "organisation")}
    made = {}
    for name, number, amount, extra in [
        ("Harbour Retail Group plc", "07000001", "120000000", {"website": "https://harbour.example"}),
        ("Harbour Stores Limited", "07000002", "40000000", {}),
        ("Tiny Teas Ltd", "07000003", "2000000", {}),
        ("Meadow Dairies Ltd", "07000004", "55000000", {}),
    ]:
        payload = OrganisationCreate.model_validate({
            "name": name, "company_number": number, "legal_form": "company",
            "sector": "Food and beverages, agriculture and fishing",
            "turnover": {"amount": amount, "currency": "GBP"}, **extra})
        made[number] = organisations.create(session, payload)
    made["07000002"].parent_id = made["07000001"].id
    statement = Statement(source="discovery", source_key="https://harbour.example/msa.pdf",
                          url="https://harbour.example/msa.pdf", publisher_id=made["07000001"].id,
                          statement_year=2025, approved_on=date(2025, 6, 12),
                          first_seen_at=datetime(2025, 7, 1, tzinfo=UTC))
    session.add(statement)
    session.flush()
    session.add_all([
        StatementCoverage(statement_id=statement.id, organisation_id=made["07000001"].id, source="publisher"),
        StatementVersion(statement_id=statement.id, version_no=1, extraction_status="ok", text="We train buyers.\n"),
        StatementVersion(statement_id=statement.id, version_no=2, extraction_status="ok",
                         text="Our supply chains.\nWe train all buyers and suppliers.\nBoard approved on 12 June.\n"),
        OrganisationClaim(user_id=users["organisation"].id, organisation_id=made["07000003"].id,
                          evidence="Finance director"),
        RediscoveryRequest(organisation_id=made["07000003"].id, requested_by_id=users["organisation"].id,
                           statement_url="https://tinyteas.example/modern-slavery", reason="organisation_correction",
                           status="failed", attempts=1, outcome="broken_link: HTTP 404",
                           requested_at=datetime(2026, 11, 20, 15, tzinfo=UTC),
                           processed_at=datetime(2026, 11, 21, 9, tzinfo=UTC)),
        RediscoveryRequest(organisation_id=made["07000003"].id, requested_by_id=users["organisation"].id,
                           statement_url="https://tinyteas.example/msa-2026.pdf", reason="organisation_correction"),
    ])
    session.flush()
    from tests.web.conftest import _assess

    session.refresh(statement)
    _assess(session, statement)
    _seed_screening(session, made["07000004"].id)
    _seed_compliance(session)
    return made["07000001"].id, made["07000003"].id, made["07000004"].id


def _seed_screening(session: Any, organisation_id: int) -> None:
    """A statement naming an ordered region and producer, screened against the shipped orders."""
    from app.models.statements import Statement, StatementCoverage, StatementVersion
    from app.screening.seed import seed_orders
    from app.screening.statement_flags import screen_version

    seed_orders(session)
    statement = Statement(source="discovery", source_key="https://meadow.example/msa.pdf", statement_year=2025,
                          url="https://meadow.example/msa.pdf", publisher_id=organisation_id,
                          approved_on=date(2025, 6, 12), first_seen_at=datetime(2025, 7, 1, tzinfo=UTC))
    session.add(statement)
    session.flush()
    session.add(StatementCoverage(statement_id=statement.id, organisation_id=organisation_id, source="publisher"))
    version = StatementVersion(statement_id=statement.id, version_no=1, extraction_status="ok",
                               text="We source tomatoes from Xinjiang.\nWe also use Top Glove gloves.\n")
    session.add(version)
    session.flush()
    session.refresh(statement)
    screen_version(session, version)


def _seed_compliance(session: Any) -> None:
    """A missing and an incomplete organisation, statuses worked out, and review cases opened for candidates."""
    from app.compliance import service as compliance
    from app.compliance.recompute import recompute_all
    from app.compliance.regimes import get_regime
    from tests.compliance.factories import add_assessment, add_fetch, add_organisation, add_statement, homepage_facts

    missing = add_organisation(session, "Bramble Foods Ltd", company_number="00000002", sector="Food and beverage")
    incomplete = add_organisation(session, "Cobalt Builders Ltd", company_number="00000003", sector="Construction",
                                  turnover_amount=700_000_000)
    for year_end in (date(2023, 12, 31), date(2024, 12, 31)):
        _, version = add_statement(session, incomplete, period_end=year_end, seen=date(year_end.year + 1, 4, 1),
                                   facts=homepage_facts())
        add_assessment(session, version, ("approval", "law"))
    add_fetch(session, missing, date(2025, 9, 1))
    regime = get_regime("uk-guidance")
    recompute_all(session, regime, TODAY)
    compliance.flag_candidates(session, regime, TODAY)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The service on a free local port over a freshly seeded SQLite database."""
    _require_browser()
    import uvicorn

    from app.db import make_engine, session_scope
    from app.main import create_app

    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('browser') / 'site.sqlite3'}")
    app = create_app(engine)
    with session_scope(sessionmaker(bind=engine, expire_on_commit=False)) as session:
        parent_id, small_id, screened_id = _seed(session)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield Site(f"http://127.0.0.1:{port}", parent_id, small_id, screened_id)
    server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()


# Module scope: Playwright's sync API holds an event loop open, which must end before other tests use asyncio.
@pytest.fixture(scope="module")
def browser(site: Site) -> Iterator[Any]:
    """Debian's Chromium, headless, never a downloaded browser."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser: Any, site: Site) -> Iterator[Any]:
    """A fresh browser context (no cookies) and page."""
    context = browser.new_context(base_url=site.base_url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def screenshot(page: Any, name: str) -> None:
    """Save a full-page screenshot under test-artifacts/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def axe_violations(page: Any) -> list[str]:
    """Serious or critical axe-core violations on the current page."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def sign_in(page: Any, role: str) -> None:
    """Sign in through the form using only the keyboard."""
    page.goto("/login")
    page.focus("#email")
    page.keyboard.type(f"{role}@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.locator(".govuk-error-summary")
    assert summary.count() == 0, summary.inner_text()
