"""The overview reads the maintained compliance summary: it must equal a count of the stored statuses after every
kind of change (imports, edits, corrections, statements found, recomputes), and the page must show those numbers."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session

from app.compliance.recompute import recompute_all, recompute_for_organisations
from app.compliance.regimes import default_regime, get_regime
from app.compliance.service import today_utc
from app.migrate import upgrade
from app.models.accounts import OrganisationClaim, User
from app.models.compliance import ComplianceStatus, ComplianceSummary
from app.models.organisations import Organisation
from app.organisations import imports
from app.organisations.imports import import_organisations
from app.statements.flow import follow_new_version
from app.web.compliance_queries import StatusFilter, status_page
from tests.compliance.factories import add_organisation, add_statement
from tests.web.conftest import SignedIn
from tests.web.pages import page, table_rows
from tests.web.pages import text as visible

IN_SCOPE = ("compliant", "late", "incomplete", "missing", "not_due")
Key = tuple[str, int, str, str | None, str, str]

REGISTER = """name,company_number,jurisdiction,sector,turnover,financial_year_end,parent_company_number
Harbour Retail Group plc,09000001,UK,Other,120m,03-31,
Harbour Stores Limited,09000002,UK,Other,5m,03-31,09000001
Meadow Foods Ltd,09000003,UK,"Food and beverages, agriculture and fishing",40m,12-31,
Tiny Teas Ltd,09000004,UK,"Food and beverages, agriculture and fishing",2m,06-30,
Cobalt Builders Ltd,09000005,UK,"Construction, civil engineering and building products",,,
Wattle Mining Pty Ltd,ACN0006,AU,,150m,,
"""


def statuses(session: Session) -> Counter[Key]:
    """The truth: stored statuses counted per regime, year, status, sector, band and ruleset versions."""
    c = ComplianceStatus
    columns = (c.regime, c.statement_year, c.status, c.sector, c.turnover_band, c.ruleset_key)
    rows = session.execute(select(*columns, func.count()).group_by(*columns))
    return Counter({tuple(row[:6]): row[6] for row in rows})  # type: ignore[misc]


def summary(session: Session) -> Counter[Key]:
    """What the summary table holds (rows of one key added up, empty counts dropped)."""
    m = ComplianceSummary
    found: Counter[Key] = Counter()
    for row in session.execute(select(m.regime, m.statement_year, m.status, m.sector, m.turnover_band,
                                      m.ruleset_key, m.count)):
        found[tuple(row[:6])] += row[6]  # type: ignore[index]
    return +found


def assert_exact(session: Session) -> Counter[Key]:
    """The summary equals the count of statuses, and so do the overdue list's totals under its filters (which read
    the summary); returns the truth."""
    session.flush()
    truth = statuses(session)
    assert summary(session) == truth
    for regime, year in {(key[0], key[1]) for key in truth}:
        sectors = {key[3] for key in truth if key[3]}
        bands = {key[4] for key in truth}
        filters = [StatusFilter(regime, year), StatusFilter(regime, year, statuses=("missing",)),
                   StatusFilter(regime, year, statuses=())]
        filters += [StatusFilter(regime, year, sector=sector) for sector in sectors]
        filters += [StatusFilter(regime, year, statuses=("missing", "not_due"), band=band) for band in bands]
        for f in filters:
            expected = sum(n for (r, y, status, sector, band, _), n in truth.items() if r == regime and y == year
                           and (not f.statuses or status in f.statuses) and f.sector in (None, sector)
                           and f.band in (None, band))
            assert status_page(session, f, "deadline", 1, 5)[1] == expected, f
    return truth


def headline(web: TestClient, who: SignedIn, year: int) -> dict[str, str]:
    """The six headline figures as a person reads them: label, then number."""
    soup = page(web.get("/regulator", params={"regime": default_regime().code, "year": year}, headers=who.headers))
    cells = soup.select("#headline > div")
    return {visible(cell.find_all("p")[0]): visible(cell.find_all("p")[1]) for cell in cells}


def expected(truth: Counter[Key], year: int) -> dict[str, str]:
    """The headline the counted statuses call for."""
    by_status: Counter[str] = Counter()
    for (regime, y, status, *_), count in truth.items():
        if regime == default_regime().code and y == year:
            by_status[status] += count
    published = by_status["compliant"] + by_status["late"] + by_status["incomplete"]
    return {"Organisations in scope": f"{sum(by_status[s] for s in IN_SCOPE):,}", "Published": f"{published:,}",
            "Compliant": f"{by_status['compliant']:,}", "Late": f"{by_status['late']:,}",
            "Incomplete": f"{by_status['incomplete']:,}", "Missing": f"{by_status['missing']:,}"}


def test_summary_stays_exact_through_imports_edits_corrections_statements_and_recomputes(
    web: TestClient, db_session: Session, admin_token: str, make_user: Callable[..., User],
    sign_in: Callable[[User], SignedIn], monkeypatch: pytest.MonkeyPatch,
) -> None:
    s = db_session
    year = today_utc().year
    regulator = sign_in(make_user("regulator"))

    report = import_organisations(s, REGISTER.encode(), "register.csv", file_format="generic")
    assert report.ok and report.created == 6, report.problems
    truth = assert_exact(s)
    shown = headline(web, regulator, year)
    assert shown == expected(truth, year)
    assert shown["Organisations in scope"] == "2"  # the group's parent (£125m with its subsidiary) and Meadow

    by_number = {o.company_number: o for o in s.scalars(select(Organisation))}
    admin = {"Authorization": f"Bearer {admin_token}"}
    changed = web.patch(f"/api/v1/organisations/{by_number['09000003'].id}", headers=admin,
                        json={"turnover": {"amount": "3000000", "currency": "GBP", "source": "accounts"}})
    assert changed.status_code == 200, changed.text
    truth = assert_exact(s)
    assert headline(web, regulator, year)["Organisations in scope"] == "1"  # Meadow is now presumed out of scope
    moved = web.patch(f"/api/v1/organisations/{by_number['09000001'].id}", headers=admin,
                      json={"sector": "Cosmetics and toiletries"})
    assert moved.status_code == 200, moved.text
    truth = assert_exact(s)
    soup = page(web.get("/regulator", headers=regulator.headers))
    sectors = {row[0]: (row[1], row[-1]) for row in table_rows(soup, "By sector")}  # in scope, scope not known
    assert sectors == {"Cosmetics and toiletries": ("1", "0"),
                       "Construction, civil engineering and building products": ("0", "1")}

    owner_user = make_user("organisation")
    s.add(OrganisationClaim(user_id=owner_user.id, organisation_id=by_number["09000002"].id, status="approved"))
    owner = sign_in(owner_user)
    saved = web.post(f"/account/organisations/{by_number['09000002'].id}/year-end",
                     data={"csrf_token": owner.csrf, "day": "31", "month": "12"}, headers=owner.headers)
    assert saved.status_code == 200
    assert_exact(s)

    statement, version = add_statement(s, by_number["09000001"], covers=(by_number["09000002"],),
                              period_end=date(year - 1, 3, 31), seen=date(year - 1, 6, 1),
                              text="Harbour Retail Group modern slavery statement. We have taken steps.")
    follow_new_version(s, version)
    assert statement.id
    truth = assert_exact(s)
    assert headline(web, regulator, year - 1) == expected(truth, year - 1)

    later = date(year + 1, 11, 30)
    recompute_all(s, today=later)
    truth = assert_exact(s)
    trend = [row[0] for row in table_rows(page(web.get("/regulator", headers=regulator.headers)), "by statement year")]
    assert str(year + 1) in trend and trend == sorted(trend)
    recompute_all(s, get_regime("uk-proposed"))
    truth = assert_exact(s)

    monkeypatch.setattr(imports, "COMPLIANCE_INLINE_LIMIT", 1)
    big = REGISTER.replace("120m", "20m").replace("5m,03-31", "90m,03-31")
    report = import_organisations(s, big.encode(), "register-again.csv", file_format="generic")
    assert report.ok and "left to the compliance.recompute_statuses job" in report.compliance
    assert assert_exact(s) == truth  # statuses wait for the job; the overview agrees with them meanwhile
    recompute_all(s)
    assert assert_exact(s) != truth
    assert headline(web, regulator, year) == expected(statuses(s), year)


def test_the_overview_says_when_nothing_was_worked_out(
    web: TestClient, make_user: Callable[..., User], sign_in: Callable[[User], SignedIn],
) -> None:
    regulator = sign_in(make_user("regulator"))
    soup = page(web.get("/regulator", params={"regime": "ca", "year": 2019}, headers=regulator.headers))
    assert "No compliance statuses have been worked out for statement year 2019 under this regime yet." in visible(soup)
    assert soup.select("#headline") == []


def _wait_for_lock(url: str, timeout: float = 10.0) -> bool:
    """Whether another backend of the database is waiting on a lock (within the timeout)."""
    watcher = create_engine(url)
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with watcher.connect() as connection:
                waiting = connection.scalar(text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock'"))
            if waiting:
                return True
            time.sleep(0.05)
        return False
    finally:
        watcher.dispose()


def test_concurrent_recomputes_leave_the_summary_exact(scratch_database_url: str) -> None:
    """Two transactions recompute different organisations at once (PostgreSQL; SQLite has one writer at a time)."""
    if scratch_database_url.startswith("sqlite"):
        pytest.skip("SQLite runs one writing transaction at a time")
    engine = create_engine(scratch_database_url)
    upgrade(engine)
    before, after = date(2026, 3, 1), date(2026, 11, 22)
    with Session(engine) as session:
        first = add_organisation(session, "First Ltd").id
        second = add_organisation(session, "Second Ltd", sector="Construction").id
        recompute_all(session, today=before)
        session.commit()
    failures: list[BaseException] = []

    def other() -> None:
        try:
            with Session(engine) as session:
                assert recompute_for_organisations(session, [second], today=after).written
                session.commit()
        except BaseException as exc:  # reported by the main thread
            failures.append(exc)

    with Session(engine) as session:
        assert recompute_for_organisations(session, [first], today=after).written
        thread = threading.Thread(target=other)
        thread.start()
        assert _wait_for_lock(scratch_database_url), "the second recompute never waited for the first"
        session.commit()
    thread.join(30)
    assert not failures
    with Session(engine) as session:
        truth = assert_exact(session)
        assert truth[("uk-guidance", 2026, "missing", "Construction", "36m_60m", "")] == 1
    engine.dispose()
