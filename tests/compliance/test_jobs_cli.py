"""The compliance jobs and `mst compliance` commands on a scratch database of their own."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from app.cli import app
from app.db import get_engine, session_scope
from app.jobs.runner import default_context, run_job
from app.migrate import upgrade
from tests.compliance.factories import add_organisation


def _seed() -> None:
    upgrade(get_engine())
    with session_scope() as session:
        add_organisation(session, "Hazel Retail Ltd", company_number="20000001")
        add_organisation(session, "Ivy Foods Ltd", company_number="20000002", scope_status="out_of_scope")


def test_jobs_recompute_flag_and_deliver(cli_database: str) -> None:
    _seed()
    first = run_job("compliance.recompute_statuses", default_context())
    assert first.status == "succeeded" and first.summary["organisations"] == 2 and first.summary["yielded"] == 6
    again = run_job("compliance.recompute_statuses", default_context())
    assert again.summary["yielded"] == 0  # idempotent: nothing changed, nothing written
    flagged = run_job("compliance.flag_candidates", default_context())
    assert flagged.status == "succeeded" and flagged.summary["yielded"] >= 1
    assert run_job("compliance.flag_candidates", default_context()).summary["yielded"] == 0
    assert run_job("notifications.deliver_webhooks", default_context()).status == "succeeded"


def test_cli_recompute_summary_and_candidates(cli_database: str) -> None:
    _seed()
    runner = CliRunner()
    result = runner.invoke(app, ["compliance", "recompute", "--today", "2026-11-22"])
    assert result.exit_code == 0 and "2 organisations, 6 statuses examined, 6 written" in result.output
    result = runner.invoke(app, ["compliance", "summary", "--year", "2025"])
    assert json.loads(result.output)["missing"] == 1 and json.loads(result.output)["out_of_scope"] == 1
    result = runner.invoke(app, ["compliance", "flag-candidates"])
    assert result.exit_code == 0 and "new cases opened" in result.output
    result = runner.invoke(app, ["compliance", "recompute", "--regime", "mars"])
    assert result.exit_code == 2 and "unknown regime 'mars'" in result.output and "Traceback" not in result.output


def test_cli_refuses_a_bad_date(cli_database: str) -> None:
    result = CliRunner().invoke(app, ["compliance", "recompute", "--today", "yesterday"])
    assert result.exit_code == 2 and "--today must be a date" in result.output
