"""The demo database builder and `mst demo --build-only`, on SQLite and (with MST_TEST_DATABASE_URL) PostgreSQL."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from app.cli import app as cli_app
from app.config import get_settings
from app.demo.build import build_demo_database, demo_database_url
from app.demo.register import generate_register
from app.errors import Conflict, Forbidden
from app.models.organisations import ImportRun, Organisation, OrganisationAlias

N, SEED = 400, 4


def _gbp(amount: Decimal | None, currency: str | None) -> Decimal | None:
    """Only GBP figures are compared directly in these checks."""
    return amount if currency == "GBP" else None


def test_builder_imports_the_register_with_its_groups_and_scope_mix(scratch_database_url: str) -> None:
    generated = generate_register(N, SEED)
    engine, build = build_demo_database(scratch_database_url, N, SEED)
    try:
        assert build.organisations == build.report.created == N
        assert build.subsidiaries == sum(1 for o in generated if o.parent_company_number)
        assert build.groups == len({o.group for o in generated if o.group is not None})
        assert build.jurisdictions.keys() == {"UK", "AU", "CA"}
        assert all(build.scope.get(status, 0) > 0 for status in ("in_scope", "out_of_scope", "unknown"))
        assert sum(build.scope.values()) == N
        with Session(engine) as session:
            stored = {(o.jurisdiction, o.company_number, o.name): o for o in session.scalars(select(Organisation))}
            by_name = {o.name: o for o in stored.values()}
            assert session.scalar(select(func.count()).select_from(ImportRun)) == 1
            aliases = sum(len(o.former_names) + len(o.trading_names) + len(o.aliases) for o in generated)
            assert session.scalar(select(func.count()).select_from(OrganisationAlias)) == aliases
            for organisation in generated:
                row = by_name[organisation.name]
                parent = row.parent
                assert (parent.company_number if parent else None) == organisation.parent_company_number
                assert row.sector is not None  # presumed from the SIC codes
                standalone_gbp = organisation.group is None and organisation.jurisdiction == "UK"
                if standalone_gbp and organisation.legal_form == "company" and organisation.turnover is None:
                    assert row.scope_status == "unknown"
                if standalone_gbp and _gbp(organisation.turnover, organisation.turnover_currency) == 36_000_000:
                    assert row.scope_status == "in_scope"  # exactly the threshold is in scope
            holding_in_scope = [
                o
                for o in generated
                if o.group == o.index
                and o.turnover_basis == "entity"
                and o.turnover_currency == "GBP"
                and o.turnover is not None
                and o.turnover < 36_000_000
                and by_name[o.name].scope_status == "in_scope"
            ]
            assert holding_in_scope, "a holding company under the threshold is in scope through its subsidiaries"
            assert "subsidiaries" in (by_name[holding_in_scope[0].name].scope_reason or "")
            consolidated_out = [
                o
                for o in generated
                if o.group == o.index
                and o.turnover_basis == "consolidated"
                and o.turnover is not None
                and o.turnover_currency == "GBP"
                and o.turnover < 36_000_000
            ]
            for organisation in consolidated_out:
                assert by_name[organisation.name].scope_status == "out_of_scope"
    finally:
        engine.dispose()


def test_own_demo_file_is_deleted_and_recreated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("MST_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    assert demo_database_url() == f"sqlite:///{tmp_path / 'var' / 'demo.sqlite3'}"
    engine, first = build_demo_database(n=30, seed=1)
    with Session(engine) as session:
        session.add(Organisation(name="Left Over Ltd", name_key="left over ltd"))
        session.commit()
    engine.dispose()
    engine, second = build_demo_database(n=30, seed=1)
    try:
        assert first.recreated == "created" and second.recreated == "deleted and recreated"
        assert second.organisations == 30 and second.report.created == 30
        assert (tmp_path / "var" / "demo.sqlite3").exists()
    finally:
        engine.dispose()


def test_a_named_database_with_organisations_is_only_wiped_with_reset(scratch_database_url: str) -> None:
    engine, _ = build_demo_database(scratch_database_url, 20, 2)
    engine.dispose()
    with pytest.raises(Conflict, match="already holds 20 organisations"):
        build_demo_database(scratch_database_url, 25, 2)
    engine, build = build_demo_database(scratch_database_url, 25, 2, reset=True)
    engine.dispose()
    assert build.recreated == "wiped and recreated" and build.organisations == 25


def test_reset_is_refused_in_production(monkeypatch: pytest.MonkeyPatch, scratch_database_url: str) -> None:
    engine, _ = build_demo_database(scratch_database_url, 10, 2)
    engine.dispose()
    monkeypatch.setenv("MST_ENVIRONMENT", "production")
    monkeypatch.setenv("MST_SECRET_KEY", "x" * 40)
    get_settings.cache_clear()
    with pytest.raises(Forbidden):
        build_demo_database(scratch_database_url, 10, 2, reset=True)


def test_cli_builds_without_serving_and_says_what_it_did(
    monkeypatch: pytest.MonkeyPatch, scratch_database_url: str
) -> None:
    monkeypatch.setenv("MST_DATABASE_URL", scratch_database_url)
    get_settings.cache_clear()
    runner = CliRunner()
    result = runner.invoke(cli_app, ["demo", "--build-only", "--organisations", "40", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "Imported 40 organisations" in result.output
    assert "Groups:" in result.output and "Presumed scope:" in result.output
    assert "Serving" not in result.output
    again = runner.invoke(cli_app, ["demo", "--build-only", "-n", "40"])
    assert again.exit_code == 1
    assert "already holds 40 organisations; pass --reset" in again.output


def test_cli_reports_an_unreachable_database_without_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MST_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")
    get_settings.cache_clear()
    result = CliRunner().invoke(cli_app, ["demo", "--build-only", "-n", "5"])
    assert result.exit_code == 1
    assert "error: cannot use the database" in result.output
    assert "Traceback" not in result.output
