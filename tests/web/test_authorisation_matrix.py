"""Every route has a decision in the policy table, and every role (and anonymous) gets exactly that decision."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts import service
from app.accounts.auth import PRESESSION_COOKIE
from app.accounts.policy import ANONYMOUS, POLICY
from app.accounts.routes import all_routes
from app.accounts.secrets import signed
from app.config import get_settings
from app.models.accounts import OrganisationClaim, User
from app.models.compliance import ExportJob, ReviewCase, WebhookEndpoint
from app.models.organisations import MatchReview, OrganisationAlias
from app.models.screening import ForcedLabourOrder
from tests.web.conftest import Seeded, SignedIn

ROLES = (ANONYMOUS, "admin", "regulator", "enforcement", "organisation")
SAMPLE_FILES = {"/assets": "/app/app.css", "/assets/vendor/govuk-frontend": "/govuk-frontend.min.css",
                "/assets/vendor/htmx": "/htmx.min.js", "/assets/vendor/chart.js": "/chart.umd.min.js"}


def _app(client: TestClient) -> FastAPI:
    app = client.app
    assert isinstance(app, FastAPI)
    return app


def test_every_route_has_a_decision_and_every_decision_a_route(client: TestClient) -> None:
    routes = {(method, info.path) for info in all_routes(_app(client)) for method in info.methods}
    assert routes, "no routes found"
    missing = sorted(routes - POLICY.keys())
    stale = sorted(POLICY.keys() - routes)
    assert not missing, f"routes with no authorisation decision in app/accounts/policy.py: {missing}"
    assert not stale, f"policy entries for routes that do not exist: {stale}"


def _path_values(db_session: Session, seeded: Seeded, make_user: Callable[..., User]) -> dict[str, str]:
    """A real id for every path parameter."""
    other = make_user("regulator")
    _raw, token = service.create_api_token(db_session, other, "matrix", "regulator", actor=other)
    claimant = make_user("organisation")
    claim = OrganisationClaim(user_id=claimant.id, organisation_id=seeded.small.id, evidence="matrix")
    review = MatchReview(incoming_name="Harbour Retail", incoming_key="harbour retail", candidate_id=seeded.parent.id,
                         score=0.9, reason="similar name")
    case = ReviewCase(organisation_id=seeded.parent.id, statement_year=2025, regime="uk-guidance", basis="proposed",
                      reason="matrix")
    endpoint = WebhookEndpoint(url="http://127.0.0.1:9/hook", secret="s" * 20, events=["case.state_changed"])
    job = ExportJob(kind="statuses", format="xlsx", params={}, state="running")
    db_session.add_all([claim, review, case, endpoint, job])
    db_session.flush()
    alias = db_session.query(OrganisationAlias).filter_by(organisation_id=seeded.parent.id).one()
    return {"organisation_id": str(seeded.parent.id), "alias_id": str(alias.id), "review_id": str(review.id),
            "user_id": str(other.id), "token_id": str(token.id), "claim_id": str(claim.id),
            "case_id": str(case.id), "endpoint_id": str(endpoint.id), "job_id": str(job.id),
            "ruleset_id": "uk-msa-s54", "order_id": str(_an_order(db_session))}


def _an_order(db_session: Session) -> int:
    """A forced-labour order for the screening routes."""
    from app.screening.seed import seed_orders

    seed_orders(db_session)
    db_session.flush()
    return db_session.scalars(select(ForcedLabourOrder.id).order_by(ForcedLabourOrder.id)).first() or 0


def _expected_denial(role: str, path: str) -> set[int]:
    if role != ANONYMOUS:
        return {403}
    return {401} if path.startswith("/api/") else {303}


def test_each_role_gets_the_policy_decision_on_every_route(
    web: TestClient, db_session: Session, seeded: Seeded, make_user: Callable[..., User],
    sign_in: Callable[[User], SignedIn], approved_claim: Callable[..., OrganisationClaim],
) -> None:
    values = _path_values(db_session, seeded, make_user)
    users = {role: make_user(role) for role in ROLES if role != ANONYMOUS}
    approved_claim(users["organisation"], seeded.parent)
    tokens = {role: service.create_api_token(db_session, user, "matrix", role, actor=user)[0]
              for role, user in users.items()}
    pre = "matrix-presession"
    anonymous_headers = {"Cookie": f"{PRESESSION_COOKIE}={pre}",
                         "X-CSRF-Token": signed(get_settings().secret_key, "csrf:" + pre)}
    failures: list[str] = []
    checked = 0
    for info in all_routes(_app(web)):
        for method in sorted(info.methods):
            path = re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], info.path)
            if method == "MOUNT":
                method, path = "GET", info.path + SAMPLE_FILES[info.path]
            for role in ROLES:
                headers = dict(anonymous_headers)
                if role != ANONYMOUS and info.path.startswith("/api/"):
                    headers["Authorization"] = f"Bearer {tokens[role]}"
                elif role != ANONYMOUS:
                    session_of = sign_in(users[role])
                    headers = session_of.headers
                    headers["X-CSRF-Token"] = session_of.csrf
                response = web.request(method, path, headers=headers)
                checked += 1
                key = ("MOUNT" if info.methods == frozenset({"MOUNT"}) else method, info.path)
                allowed = role in POLICY[key]
                status = response.status_code
                if allowed:
                    to_login = status in (302, 303) and response.headers.get("location", "").startswith("/login")
                    if status in (401, 403) or to_login or status >= 500:
                        failures.append(f"{role} {method} {path}: expected access, got {status}")
                elif status not in _expected_denial(role, info.path):
                    expected = _expected_denial(role, info.path)
                    failures.append(f"{role} {method} {path}: expected {expected}, got {status}")
                elif status == 303 and not response.headers["location"].startswith("/login?next="):
                    failures.append(f"{role} {method} {path}: redirected to {response.headers['location']}")
    assert checked > 200
    assert not failures, "\n".join(failures)


def test_a_route_without_a_decision_is_refused(client: TestClient, admin_token: str) -> None:
    app = _app(client)

    @app.get("/undeclared-route")
    def undeclared() -> dict[str, str]:
        return {"leak": "yes"}

    response = client.get("/undeclared-route", headers={"Authorization": f"Bearer {admin_token}"})
    assert response.status_code == 403
    assert "no authorisation decision" in response.text
