"""`mst demo --build-only` runs the whole loop on its simulated web: statements, assessments, statuses, cases, users."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from app.accounts.secrets import verify_password
from app.cli import app as cli_app
from app.config import get_settings
from app.db import make_engine
from app.demo.register import generate_register
from app.demo.simulated import chosen_for_simulation
from app.models import Organisation
from app.models.accounts import ROLES, OrganisationClaim, User
from app.models.assessments import Assessment
from app.models.compliance import ComplianceStatus, ReviewCase
from app.models.statements import Statement, StatementVersion

N, SITES, SEED = 150, 30, 5


@pytest.fixture()
def demo_env(monkeypatch: pytest.MonkeyPatch, scratch_database_url: str) -> Iterator[str]:
    """MST_DATABASE_URL on a scratch database; the private-network switch the demo sets is undone afterwards."""
    monkeypatch.setenv("MST_DATABASE_URL", scratch_database_url)
    monkeypatch.setenv("MST_ALLOW_PRIVATE_NETWORKS", "false")
    get_settings.cache_clear()
    yield scratch_database_url
    get_settings.cache_clear()


def test_build_only_runs_discovery_scoring_and_compliance_on_the_simulated_web(demo_env: str) -> None:
    result = CliRunner().invoke(
        cli_app, ["demo", "--build-only", "-n", str(N), "--sites", str(SITES), "--seed", str(SEED)]
    )
    assert result.exit_code == 0, result.output
    found = re.search(r"Discovery on the simulated web \((\d+) organisations\): (\d+) found", result.output)
    assert found is not None, result.output
    assert int(found.group(1)) == SITES and int(found.group(2)) > 0
    assert "Serving" not in result.output
    passwords = dict(re.findall(r"^\s+\w+\s+(\S+@demo\.local)\s+(\S+)$", result.output, re.MULTILINE))
    engine = make_engine(demo_env)
    try:
        with Session(engine) as session:
            simulated = session.scalars(select(Organisation).where(Organisation.website.like("http://%"))).all()
            assert len(simulated) == SITES
            assert all(".localhost:" in (o.website or "") for o in simulated)
            others = session.scalar(
                select(func.count()).select_from(Organisation).where(Organisation.website.not_like("http://%"))
            )
            assert others == 0  # no organisation outside the simulated web has an address that could be fetched
            statements = session.scalars(select(Statement).where(Statement.source == "discovery")).all()
            assert statements and all(".localhost:" in (s.url or "") for s in statements)
            assert session.scalar(select(func.count()).select_from(StatementVersion)) >= len(statements)
            assert session.scalar(select(func.count()).select_from(Assessment)) > 0
            kinds = set(session.scalars(select(ComplianceStatus.status).distinct()))
            assert len(kinds) >= 3 and "missing" in kinds
            assert session.scalar(select(func.count()).select_from(ReviewCase)) > 0
            users = {u.email: u for u in session.scalars(select(User))}
            assert {u.role for u in users.values()} == set(ROLES)
            assert passwords.keys() == users.keys()
            assert all(verify_password(users[e].password_hash, p) for e, p in passwords.items())
            claim = session.scalars(select(OrganisationClaim)).one()
            assert claim.user_id == users["organisation@demo.local"].id and claim.status == "approved"
            assert claim.organisation_id in {s.publisher_id for s in statements}
    finally:
        engine.dispose()


def test_the_simulated_subset_is_deterministic_and_uk_only() -> None:
    register = generate_register(N, SEED)
    chosen = chosen_for_simulation(register, SITES)
    assert chosen == chosen_for_simulation(generate_register(N, SEED), SITES)
    assert len(chosen) == len(set(chosen)) == SITES
    assert all(register[i].jurisdiction == "UK" and register[i].website for i in chosen)
    assert chosen_for_simulation(register, 0) == []
    everyone = chosen_for_simulation(register, 10_000)
    assert len(everyone) == sum(1 for o in register if o.jurisdiction == "UK" and o.website)


def test_sites_zero_builds_without_a_simulated_web(demo_env: str) -> None:
    result = CliRunner().invoke(cli_app, ["demo", "--build-only", "-n", "30", "--sites", "0", "--seed", "2"])
    assert result.exit_code == 0, result.output
    assert "simulated web of" not in result.output
    assert "Discovery on the simulated web (0 organisations): 0 found" in result.output
    assert "admin@demo.local" in result.output


def test_demo_refuses_to_run_with_production_settings(demo_env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MST_ENVIRONMENT", "production")
    monkeypatch.setenv("MST_SECRET_KEY", "x" * 40)
    get_settings.cache_clear()
    result = CliRunner().invoke(cli_app, ["demo", "--build-only", "-n", "10", "--sites", "2"])
    assert result.exit_code == 1
    assert "production settings refuse" in result.output
    assert "Traceback" not in result.output
