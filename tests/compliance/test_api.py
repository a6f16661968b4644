"""The compliance JSON API: summary, lists, an organisation's statuses and statements, candidates, errors."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from app.scoring.rulesets import get_ruleset
from tests.compliance.conftest import Scenario


def test_summary_counts_by_status_sector_and_band(client: TestClient, scenario: Scenario) -> None:
    body = client.get("/api/v1/compliance/summary", params={"year": 2025, "regime": "uk-guidance"}).json()
    assert body["total"] == 7 and body["regime"]["code"] == "uk-guidance" and body["regime"]["basis"] == "guidance"
    assert body["by_status"] == {
        "compliant": 2,
        "late": 0,
        "incomplete": 1,
        "missing": 2,
        "not_due": 0,
        "out_of_scope": 1,
        "scope_unknown": 1,
    }
    assert body["by_sector"]["Construction"]["incomplete"] == 1
    assert body["by_turnover_band"]["over_500m"]["incomplete"] == 1
    assert body["ruleset_versions"] == [f"uk-msa-s54@{get_ruleset('uk-msa-s54').version}"]


def test_summary_refuses_an_unknown_regime_and_a_bad_year(client: TestClient) -> None:
    response = client.get("/api/v1/compliance/summary", params={"year": 2025, "regime": "mars"})
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_input"
    assert client.get("/api/v1/compliance/summary", params={"year": "soon"}).json()["error"]["code"] == (
        "validation_error"
    )


def test_organisations_list_filters_by_status_and_year(client: TestClient, scenario: Scenario) -> None:
    body = client.get("/api/v1/organisations", params={"status": "missing", "year": 2025}).json()
    assert sorted(i["id"] for i in body["items"]) == sorted([scenario.missing.id, scenario.formula.id])
    body = client.get("/api/v1/organisations", params={"status": "missing", "year": 2026, "sector": "Construction"})
    assert [i["id"] for i in body.json()["items"]] == [scenario.incomplete.id]
    assert client.get("/api/v1/organisations", params={"status": "asleep"}).status_code == 422
    assert client.get("/api/v1/organisations", params={"q": "acme"}).json()["total"] == 2  # old filters still work


def test_organisation_compliance_has_reasons_and_evidence(client: TestClient, scenario: Scenario) -> None:
    body = client.get(f"/api/v1/organisations/{scenario.missing.id}/compliance").json()
    years = {s["statement_year"]: s for s in body["statuses"]}
    assert years[2025]["status"] == "missing" and years[2025]["days_past_deadline"] > 365
    assert "No statement for the year ending 31 December 2024 has been found" in years[2025]["reasons"][0]
    assert years[2025]["evidence"][0]["kind"] == "fetch_attempt"
    covered = client.get(f"/api/v1/organisations/{scenario.subsidiary.id}/compliance").json()["statuses"][1]
    assert covered["flags"][0]["code"] == "covered_by_group_statement"
    assert client.get("/api/v1/organisations/999999/compliance").status_code == 404


def test_organisation_statements_with_versions_and_assessments(client: TestClient, scenario: Scenario) -> None:
    body = client.get(f"/api/v1/organisations/{scenario.subsidiary.id}/statements").json()
    assert len(body) == 3 and body[0]["period_end"] == "2025-12-31"
    assert body[0]["coverage_source"] == "named_in_text" and body[0]["publisher_id"] == scenario.compliant.id
    version = body[0]["versions"][0]
    assert version["text_length"] > 0 and version["homepage_link"] is True
    assert version["assessment"]["ruleset_version"] == get_ruleset("uk-msa-s54").version
    assert {r["id"] for r in version["assessment"]["rules"]} >= {"approval", "signature"}
    assert client.get("/api/v1/organisations/999999/statements").json()["error"]["code"] == "not_found"


def test_status_list_is_paginated_longest_overdue_first(client: TestClient, scenario: Scenario) -> None:
    body = client.get(
        "/api/v1/compliance/statuses", params={"status": ["missing", "late"], "year": 2026, "page_size": 2}
    ).json()
    assert body["total"] == 3 and len(body["items"]) == 2
    assert body["items"][0]["organisation_name"] and body["items"][0]["days_past_deadline"] > 0


def test_penalty_candidates_json_with_reasons_and_note(client: TestClient, scenario: Scenario) -> None:
    body = client.get("/api/v1/penalty-candidates", params={"year": 2025}).json()
    assert body["meta"]["regime"] == "uk-guidance" and body["meta"]["produced_at"]
    assert "no financial penalty exists in UK law today" in body["meta"]["note"]
    by_org = {c["organisation_id"]: c for c in body["items"]}
    assert set(by_org) == {scenario.missing.id, scenario.formula.id, scenario.incomplete.id}
    missing = by_org[scenario.missing.id]
    assert missing["rule_ids"] == ["missing_past_deadline", "missing_consecutive_years"]
    assert missing["basis"] == "proposed" and missing["reason"].startswith("Bramble Foods Ltd is presumed in scope")
    assert "candidate under the proposed regime" in missing["note"].lower()
    assert any(e["kind"] == "fetch_attempt" for e in missing["evidence"])
    assert by_org[scenario.incomplete.id]["rule_ids"] == ["minimum_failed_consecutive_years"]
    assert "2024 and 2025" in by_org[scenario.incomplete.id]["reason"]


def test_penalty_candidates_csv_and_xlsx(client: TestClient, scenario: Scenario) -> None:
    response = client.get("/api/v1/penalty-candidates", params={"year": 2025, "format": "csv"})
    assert response.headers["content-type"].startswith("text/csv") and response.headers["x-mst-regime"] == "uk-guidance"
    lines = list(csv.reader(io.StringIO(response.text)))
    assert lines[0] == ["# title", "Penalty-review candidates"] and lines[1][0] == "# regime"
    header = lines.index([]) + 1
    assert lines[header][:2] == ["organisation_id", "organisation_name"]
    rows = lines[header + 1 :]
    assert len(rows) == 3
    assert '\'=HYPERLINK("http://evil.example","x")' in [r[1] for r in rows]
    response = client.get("/api/v1/penalty-candidates", params={"year": 2025, "format": "xlsx"})
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    about = {r[0]: r[1] for r in book["About"].iter_rows(values_only=True)}
    assert about["regime"] == "uk-guidance (basis: guidance)" and about["produced_at"]
    data = list(book["Data"].iter_rows(values_only=True))
    assert data[0][0] == "organisation_id" and len(data) == 4


def test_openapi_lists_the_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/v1/compliance/summary",
        "/api/v1/organisations/{organisation_id}/compliance",
        "/api/v1/organisations/{organisation_id}/statements",
        "/api/v1/penalty-candidates",
        "/api/v1/cases/{case_id}/events",
        "/feeds/statements.atom",
        "/api/v1/exports/{job_id}",
    ):
        assert path in paths


def test_correcting_the_year_end_through_the_register_moves_the_deadline(
    client: TestClient, scenario: Scenario
) -> None:
    from datetime import UTC, datetime

    year = datetime.now(UTC).year - 1
    before = client.get(f"/api/v1/organisations/{scenario.missing.id}/compliance").json()["statuses"]
    assert next(s for s in before if s["statement_year"] == year)["deadline"] == f"{year}-06-30"
    patch = client.patch(
        f"/api/v1/organisations/{scenario.missing.id}",
        json={"financial_year_end": "03-31"},
    )
    assert patch.status_code == 200
    after = client.get(f"/api/v1/organisations/{scenario.missing.id}/compliance").json()["statuses"]
    assert next(s for s in after if s["statement_year"] == year)["deadline"] == f"{year}-09-30"


def test_status_pages_walk_every_status_once_in_deadline_order(client: TestClient, scenario: Scenario) -> None:
    """Pages of one, read through the API, give the same statuses in the same order as one page of all of them."""
    params = {"year": 2026, "regime": "uk-guidance"}
    whole = client.get("/api/v1/compliance/statuses", params={**params, "page_size": 200}).json()
    walked = []
    for page in range(1, whole["total"] + 2):
        body = client.get("/api/v1/compliance/statuses", params={**params, "page_size": 1, "page": page}).json()
        assert body["total"] == whole["total"]
        walked.extend(body["items"])
    assert whole["total"] >= 3 and walked == whole["items"]
    deadlines = [item["deadline"] for item in walked if item["deadline"]]
    assert deadlines == sorted(deadlines)
