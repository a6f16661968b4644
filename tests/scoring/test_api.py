"""The scoring API: rulesets as published, and scoring a posted text."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_rulesets_are_listed_with_basis_and_citation(client: TestClient) -> None:
    reply = client.get("/api/v1/rulesets")
    assert reply.status_code == 200
    by_id = {ruleset["id"]: ruleset for ruleset in reply.json()}
    assert set(by_id) == {"uk-msa-s54", "au-msa-2018", "ca-s211"}
    approval = next(rule for rule in by_id["uk-msa-s54"]["rules"] if rule["id"] == "approval")
    assert approval["basis"] == "law" and approval["citation"] == "MSA 2015 s54(6)" and approval["minimum_requirement"]


def test_unknown_ruleset_is_404(client: TestClient) -> None:
    reply = client.get("/api/v1/rulesets/nope")
    assert reply.status_code == 404
    assert reply.json()["error"]["code"] == "not_found"


def test_score_a_posted_text(client: TestClient, company_statement: str) -> None:
    reply = client.post("/api/v1/score", json={"text": company_statement, "homepage_link": True})
    assert reply.status_code == 200
    body = reply.json()
    assert body["is_statement"] is True and body["ruleset"] == "uk-msa-s54"
    assert body["minimum_requirements_met"] is True


def test_score_refuses_bad_input(client: TestClient) -> None:
    assert client.post("/api/v1/score", json={"text": "x", "ruleset": "nope"}).status_code == 422
    assert client.post("/api/v1/score", json={"text": ""}).status_code == 422
    assert client.post("/api/v1/score", json={"text": "x", "legal_form": "guild"}).status_code == 422
