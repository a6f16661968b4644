"""Penalty-review cases: opened from candidates, the state machine, the append-only audit trail."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.compliance import service
from app.compliance.regimes import get_regime
from app.models.compliance import CaseEvent, ReviewCase, WebhookDelivery, WebhookEndpoint
from tests.compliance.conftest import TODAY, Scenario


def _open(client: TestClient) -> list[dict]:  # type: ignore[type-arg]
    assert client.post("/api/v1/cases/flag-candidates").status_code == 200
    return client.get("/api/v1/cases", params={"year": 2025}).json()["items"]


def _move(client: TestClient, case_id: int, to_state: str, **extra: str):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/cases/{case_id}/transitions", json={"to_state": to_state, "actor": "r.jones", **extra})


def test_flagging_opens_one_case_per_candidate_once(db_session: Session, scenario: Scenario) -> None:
    regime = get_regime("uk-guidance")
    first = service.flag_candidates(db_session, regime, TODAY)
    again = service.flag_candidates(db_session, regime, TODAY)
    assert first["opened"] == first["candidates"] > 0 and again["opened"] == 0
    case = db_session.scalars(
        select(ReviewCase).where(ReviewCase.organisation_id == scenario.missing.id, ReviewCase.statement_year == 2025)
    ).one()
    assert case.state == "candidate" and case.basis == "proposed"
    assert "no financial penalty exists in UK law today" in case.reason
    assert [e.action for e in case.events] == ["opened"]


def test_full_review_path_records_every_step(client: TestClient, scenario: Scenario) -> None:
    case = next(c for c in _open(client) if c["organisation_id"] == scenario.missing.id)
    patch = client.patch(
        f"/api/v1/cases/{case['id']}",
        json={"actor": "lead", "assignee": "r.jones", "due_date": "2026-12-31", "reason": "triage"},
    )
    assert patch.json()["assignee"] == "r.jones"
    assert _move(client, case["id"], "under_review").json()["state"] == "under_review"
    assert (
        client.post(f"/api/v1/cases/{case['id']}/notes", json={"actor": "r.jones", "note": "Called them."}).status_code
        == 201
    )
    assert _move(client, case["id"], "notice_sent", reason="Letter of 1 Dec").json()["state"] == "notice_sent"
    done = _move(client, case["id"], "resolved", outcome="penalty_recommended", reason="No reply in 28 days").json()
    assert (done["state"], done["outcome"]) == ("resolved", "penalty_recommended") and done["closed_at"]
    events = client.get(f"/api/v1/cases/{case['id']}/events").json()
    assert [(e["action"], e["actor"], e["to_state"]) for e in events] == [
        ("opened", "system", "candidate"),
        ("updated", "r.jones@example.org", "candidate"),  # the signed-in user, whatever `actor` says
        ("transition", "r.jones@example.org", "under_review"),
        ("note", "r.jones@example.org", "under_review"),
        ("transition", "r.jones@example.org", "notice_sent"),
        ("transition", "r.jones@example.org", "resolved"),
    ]
    assert events[1]["changes"] == {"assignee": [None, "r.jones"], "due_date": [None, "2026-12-31"]}
    assert events[5]["changes"]["outcome"] == [None, "penalty_recommended"]


@pytest.mark.parametrize(
    ("path", "to_state", "extra", "status"),
    [
        ((), "notice_sent", {}, 409),  # candidate cannot skip review
        ((), "resolved", {"outcome": "penalty_recommended", "reason": "x"}, 409),  # no penalty without a notice
        ((), "resolved", {"reason": "x"}, 422),  # resolving needs an outcome
        ((), "resolved", {"outcome": "dismissed"}, 422),  # ... and a reason
        ((), "under_review", {"outcome": "complied"}, 422),  # outcome only when resolving
        ((), "candidate", {}, 409),  # cannot move to the state it is in
        ((("resolved", {"outcome": "dismissed", "reason": "duplicate"}),), "notice_sent", {}, 409),
        ((), "asleep", {}, 422),
    ],
)
def test_illegal_transitions_are_refused(
    client: TestClient,
    scenario: Scenario,
    path: tuple,
    to_state: str,  # type: ignore[type-arg]
    extra: dict,
    status: int,
) -> None:  # type: ignore[type-arg]
    case = _open(client)[0]
    for step, step_extra in path:
        assert _move(client, case["id"], step, **step_extra).status_code == 200
    before = len(client.get(f"/api/v1/cases/{case['id']}/events").json())
    response = _move(client, case["id"], to_state, **extra)
    assert response.status_code == status and "error" in response.json()
    assert len(client.get(f"/api/v1/cases/{case['id']}/events").json()) == before


def test_a_resolved_case_can_be_reopened_with_a_reason(client: TestClient, scenario: Scenario) -> None:
    case = _open(client)[0]
    _move(client, case["id"], "resolved", outcome="complied", reason="Published late")
    assert _move(client, case["id"], "under_review").status_code == 422
    reopened = _move(client, case["id"], "under_review", reason="The statement was taken down").json()
    assert (reopened["state"], reopened["outcome"], reopened["closed_at"]) == ("under_review", None, None)


def test_case_errors(client: TestClient, scenario: Scenario) -> None:
    assert client.get("/api/v1/cases/999999").status_code == 404
    case = _open(client)[0]
    assert client.patch(f"/api/v1/cases/{case['id']}", json={"actor": "x"}).status_code == 422  # nothing to change
    assert (
        client.post(f"/api/v1/cases/{case['id']}/transitions", json={"to_state": "nowhere"}).status_code == 422
    )  # no such state
    assert client.post(f"/api/v1/cases/{case['id']}/notes", json={"actor": "x", "note": "  "}).status_code == 422
    assert client.delete(f"/api/v1/cases/{case['id']}").status_code == 405


def test_events_and_cases_cannot_be_changed_or_deleted(db_session: Session, scenario: Scenario) -> None:
    service.flag_candidates(db_session, get_regime("uk-guidance"), TODAY)
    event = db_session.scalars(select(CaseEvent)).first()
    case = db_session.scalars(select(ReviewCase)).first()
    assert event is not None and case is not None
    with pytest.raises(PermissionError, match="append-only"), db_session.begin_nested():
        event.reason = "rewritten history"
        db_session.flush()
    with pytest.raises(PermissionError, match="append-only"), db_session.begin_nested():
        db_session.delete(event)
        db_session.flush()
    with pytest.raises(PermissionError, match="cannot be deleted"), db_session.begin_nested():
        db_session.delete(case)
        db_session.flush()


def test_case_state_change_queues_a_webhook(client: TestClient, db_session: Session, scenario: Scenario) -> None:
    db_session.add(WebhookEndpoint(url="http://127.0.0.1:9/hook", secret="s" * 20, events=["case.state_changed"]))
    db_session.flush()
    case = _open(client)[0]
    _move(client, case["id"], "under_review")
    delivery = db_session.scalars(select(WebhookDelivery)).one()
    assert delivery.payload["data"]["to"] == "under_review"
    assert delivery.payload["data"]["actor"] == "r.jones@example.org"
