"""Compliance pages over the compliance scenario: overview numbers, the overdue list, the organisation timeline."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from app.models.accounts import User
from tests.compliance.conftest import Scenario, scenario  # noqa: F401  (the fixture, reused)
from tests.web.conftest import SignedIn
from tests.web.pages import heading, page, table_rows, text

YEAR = {"regime": "uk-guidance", "year": 2025}


def test_overview_shows_compliance_counts_by_year_and_trend(
    web: TestClient, scenario: Scenario, make_user: Callable[..., User], sign_in: Callable[[User], SignedIn],  # noqa: F811
) -> None:
    regulator = sign_in(make_user("regulator"))
    soup = page(web.get("/regulator", params=YEAR, headers=regulator.headers))
    assert text(soup.select_one("#headline")) == (  # type: ignore[arg-type]
        "Organisations in scope 5 Published 3 Compliant 2 Late 0 Incomplete 1 Missing 2")
    assert "Scope not known 1 more that may be in scope" in text(soup.select_one("#headline-notes"))  # type: ignore[arg-type]
    years = table_rows(soup, "by statement year")
    assert years == [["2024", "5", "3", "2", "0", "1", "2", "0", "1"], ["2025", "5", "3", "2", "0", "1", "2", "0", "1"],
                     ["2026", "5", "2", "2", "0", "0", "3", "0", "1"]]
    sectors = {row[0]: row[1:] for row in table_rows(soup, "By sector")}
    assert sectors["Construction"] == ["1", "1", "0", "0", "1", "0", "0", "0"]  # in scope, published, incomplete
    assert sectors["Retail"] == ["3", "2", "2", "0", "0", "1", "0", "1"]
    assert table_rows(soup, "By turnover band")[-1] == ["Not known", "0", "0", "0", "0", "0", "0", "0", "1"]
    assert soup.find("script", id="trend-data") is not None
    assert web.get("/regulator", params={"regime": "nowhere"}, headers=regulator.headers).status_code == 422


def test_overdue_list_filters_sorts_pages_and_links(
    web: TestClient, scenario: Scenario, make_user: Callable[..., User], sign_in: Callable[[User], SignedIn],  # noqa: F811
) -> None:
    regulator = sign_in(make_user("regulator"))
    soup = page(web.get("/regulator/overdue", params=YEAR, headers=regulator.headers))
    assert heading(soup) == "Overdue statements"
    rows = table_rows(soup)
    assert [row[0].split(" 0000")[0] for row in rows] == ["Bramble Foods Ltd", "Cobalt Builders Ltd",
                                                          '=HYPERLINK("http://evil.example","x")']
    assert rows[1][1] == "Incomplete Basis: law" and "Approved by the board of directors (company)" in rows[1][4]
    link = soup.find("a", string="Bramble Foods Ltd")
    assert link is not None and link["href"] == f"/regulator/organisations/{scenario.missing.id}"

    def names(**params: object) -> list[str]:
        response = web.get("/regulator/overdue", params={**YEAR, **params}, headers=regulator.headers)
        assert response.status_code == 200
        return [row[0].split(" 0000")[0] for row in table_rows(page(response))] if "<tbody" in response.text else []

    assert names(status="incomplete") == ["Cobalt Builders Ltd"]
    assert names(sector="Construction") == ["Cobalt Builders Ltd"]
    assert names(q="00000002") == ["Bramble Foods Ltd"]
    assert names(q="bramble") == ["Bramble Foods Ltd"]
    assert names(band="over_500m") == ["Cobalt Builders Ltd"]
    assert names(sort="-turnover")[0] == "Cobalt Builders Ltd"
    assert names(year=2026, status="incomplete") == []
    fragment = web.get("/regulator/overdue", params={**YEAR, "status": "missing"},
                       headers={**regulator.headers, "HX-Request": "true"})
    assert "<html" not in fragment.text and "2 organisations missing for statement year 2025" in text(page(fragment))
    for bad in ({"status": "compliant"}, {"band": "huge"}, {"sort": "evil"}, {"year": "1999"}):
        assert web.get("/regulator/overdue", params={**YEAR, **bad}, headers=regulator.headers).status_code == 422


def test_organisation_page_shows_the_compliance_timeline(
    web: TestClient, scenario: Scenario, make_user: Callable[..., User], sign_in: Callable[[User], SignedIn],  # noqa: F811
) -> None:
    regulator = sign_in(make_user("regulator"))
    soup = page(web.get(f"/regulator/organisations/{scenario.incomplete.id}", headers=regulator.headers))
    timeline = table_rows(soup, "Compliance status by regime and statement year")
    by_year = {row[0]: row for row in timeline}
    assert by_year["2025"][2].startswith("Incomplete")
    assert "Approved by the board of directors (company)" in by_year["2025"][4]
    assert by_year["2026"][2].startswith("Missing")


def test_public_status_page_says_whether_it_was_on_time_and_whether_the_homepage_links(
    web: TestClient, db_session, scenario: Scenario,  # type: ignore[no-untyped-def]  # noqa: F811
) -> None:
    from datetime import UTC, datetime

    from app.models.discovery import DiscoveryCheck

    missing = text(page(web.get(f"/status/{scenario.missing.id}")))
    assert "Statement year 2025: Missing. It was due by 30 June 2025." in missing
    assert "We have not checked the homepage yet." in missing
    db_session.add(DiscoveryCheck(organisation_id=scenario.missing.id, start_url="https://bramble.example/",
                                  homepage_url="https://bramble.example/", outcome="not_found", link_found=False,
                                  checked_at=datetime(2026, 10, 1, tzinfo=UTC)))
    db_session.add(DiscoveryCheck(organisation_id=scenario.compliant.id, start_url="https://acme.example/",
                                  homepage_url="https://acme.example/", outcome="found", link_found=True,
                                  link_prominent=True, link_text="Modern slavery statement",
                                  checked_at=datetime(2026, 10, 1, tzinfo=UTC)))
    db_session.flush()
    missing = text(page(web.get(f"/status/{scenario.missing.id}")))
    assert "No. When we checked on 1 October 2026 at 00:00 UTC, we did not find a link" in missing
    assert "A link to the statement in a prominent place on the homepage" in missing
    compliant = text(page(web.get(f"/status/{scenario.compliant.id}")))
    assert "had a link to the statement labelled “Modern slavery statement”" in compliant
    assert "Statement year 2025: Compliant." in compliant
    incomplete = text(page(web.get(f"/status/{scenario.incomplete.id}")))
    assert "Statement year 2025: Incomplete. It was due by 30 June 2025." in incomplete
    assert "A statement for statement year 2026, due by 30 June 2026." in incomplete
