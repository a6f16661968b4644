"""Web fixtures: users of each role, signed-in clients, and a small seeded register with statements."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.accounts import service
from app.accounts.auth import SESSION_COOKIE
from app.models.accounts import OrganisationClaim, User, WebSession
from app.models.assessments import Assessment, AssessmentRule
from app.models.organisations import Organisation, OrganisationAlias
from app.models.statements import FetchAttempt, Statement, StatementCoverage, StatementVersion
from app.organisations import service as organisation_service
from app.organisations.schemas import OrganisationCreate

PASSWORD = "correct horse battery staple"


@dataclass
class SignedIn:
    """A user with a live web session: the headers to send and the CSRF token forms need."""

    user: User
    cookie: str
    csrf: str

    @property
    def headers(self) -> dict[str, str]:
        """Cookie header for this session."""
        return {"Cookie": f"{SESSION_COOKIE}={self.cookie}"}


@pytest.fixture()
def make_user(db_session: Session) -> Callable[..., User]:
    """Create a user of a role (argon2-hashed password PASSWORD)."""

    def _make(role: str, email: str | None = None) -> User:
        return service.create_user(db_session, email or f"{role}-{uuid.uuid4().hex[:8]}@example.org", PASSWORD, role)

    return _make


@pytest.fixture()
def sign_in(db_session: Session) -> Callable[[User], SignedIn]:
    """A fresh web session for a user, without going through the form."""

    def _sign_in(user: User) -> SignedIn:
        raw = service.start_session(db_session, user, "testclient")
        web_session = db_session.query(WebSession).filter(WebSession.user_id == user.id).order_by(
            WebSession.id.desc()).first()
        assert web_session is not None
        return SignedIn(user=user, cookie=raw, csrf=web_session.csrf_token)

    return _sign_in


@dataclass
class Seeded:
    """The seeded organisations and records the tests point at."""

    parent: Organisation
    child: Organisation
    small: Organisation
    statement: Statement


def _organisation(session: Session, name: str, number: str, amount: str, **extra: object) -> Organisation:
    """Create an organisation through the register service (so scope is computed as in real life)."""
    payload = OrganisationCreate.model_validate({
        "name": name, "company_number": number, "legal_form": "company",
        "sector": "Food and beverages, agriculture and fishing",
        "turnover": {"amount": amount, "currency": "GBP", "source": "annual report"}, **extra,
    })
    return organisation_service.create(session, payload)


def _assess(session: Session, statement: Statement) -> None:
    """An assessment of the latest version: training passes with evidence, approval is partial."""
    version = max(statement.versions, key=lambda v: v.version_no)
    text = version.text
    training, approval = "We train all buyers and suppliers.", "Board approved on 12 June."
    assessment = Assessment(statement_version_id=version.id, ruleset_id="uk-msa-s54", ruleset_version="2026.11.2",
                            legal_form="company", status="ok", is_statement=True, detection_confidence=0.9, score=55,
                            minimum_requirements_met=False, facts={}, inputs={})
    session.add(assessment)
    session.flush()
    session.add_all([
        AssessmentRule(assessment_id=assessment.id, position=1, rule_id="training", verdict="pass", basis="guidance",
                       weight=1.0, citation="s54(5)(f)", explanation="Training for staff is described.",
                       evidence=[{"text": training, "start": text.index(training),
                                  "end": text.index(training) + len(training), "page": 1}]),
        AssessmentRule(assessment_id=assessment.id, position=2, rule_id="approval", verdict="partial", basis="law",
                       weight=1.0, citation="s54(6)(a)", explanation="Approval is stated but not by the board.",
                       evidence=[{"text": approval, "start": text.index(approval),
                                  "end": text.index(approval) + len(approval), "page": 1},
                                 {"text": "out of range", "start": 9999, "end": 10010, "page": 1}]),
        AssessmentRule(assessment_id=assessment.id, position=3, rule_id="due_diligence", verdict="fail",
                       basis="guidance", weight=1.0, citation="s54(5)(c)", explanation="No due diligence found.",
                       evidence=[]),
    ])
    session.flush()


@pytest.fixture()
def seeded(db_session: Session) -> Seeded:
    """A parent in scope with a child, a small company, one statement with two archived versions."""
    parent = _organisation(db_session, "Harbour Retail Group plc", "07000001", "120000000",
                           website="https://harbour.example", financial_year_end="03-31")
    child = _organisation(db_session, "Harbour Stores Limited", "07000002", "40000000", parent_id=parent.id)
    small = _organisation(db_session, "Tiny Teas Ltd", "07000003", "2000000")
    db_session.add(OrganisationAlias(organisation_id=parent.id, name="Harbour Holdings", name_key="harbour holdings",
                                     kind="former"))
    statement = Statement(source="discovery", source_key="https://harbour.example/msa-2025.pdf",
                          url="https://harbour.example/msa-2025.pdf", publisher_id=parent.id, statement_year=2025,
                          approved_on=date(2025, 6, 12), first_seen_at=datetime(2025, 7, 1, tzinfo=UTC))
    db_session.add(statement)
    db_session.flush()
    db_session.add_all([
        StatementCoverage(statement_id=statement.id, organisation_id=parent.id, source="publisher"),
        StatementVersion(statement_id=statement.id, version_no=1, extraction_status="ok",
                         text="Our supply chains.\nWe train buyers.\n"),
        StatementVersion(statement_id=statement.id, version_no=2, extraction_status="ok",
                         text="Our supply chains.\nWe train all buyers and suppliers.\nBoard approved on 12 June.\n"),
        FetchAttempt(organisation_id=parent.id, url="https://harbour.example/", purpose="homepage", outcome="ok",
                     status_code=200),
    ])
    db_session.flush()
    _assess(db_session, statement)
    assert parent.scope_status == "in_scope" and small.scope_status == "out_of_scope"
    return Seeded(parent=parent, child=child, small=small, statement=statement)


@pytest.fixture()
def approved_claim(db_session: Session) -> Callable[[User, Organisation], OrganisationClaim]:
    """Record an approved claim directly (the claim flow itself is tested through the pages)."""

    def _approve(user: User, organisation: Organisation) -> OrganisationClaim:
        claim = OrganisationClaim(user_id=user.id, organisation_id=organisation.id, status="approved",
                                  evidence="Company secretary")
        db_session.add(claim)
        db_session.flush()
        return claim

    return _approve


@pytest.fixture()
def web(client: TestClient) -> TestClient:
    """The shared client, not following redirects (tests look at them)."""
    client.follow_redirects = False
    return client
