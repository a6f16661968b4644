"""`mst import organisations` and `mst db upgrade` from the command line, on a real database file."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from app.cli import app


def test_import_dry_run_then_real_then_idempotent(cli_database: str, tmp_path: Path) -> None:
    path = tmp_path / "orgs.csv"
    path.write_text("name,company_number\nCli Test One Ltd,90000001\nCli Test Two Ltd,90000002\n")
    runner = CliRunner()
    dry = runner.invoke(app, ["import", "organisations", str(path), "--dry-run", "--json"])
    assert dry.exit_code == 0, dry.output
    assert json.loads(dry.output)["created"] == 2 and json.loads(dry.output)["stored"] is False
    real = runner.invoke(app, ["import", "organisations", str(path), "--format", "generic", "--json"])
    assert json.loads(real.output)["stored"] is True
    again = runner.invoke(app, ["import", "organisations", str(path), "--json"])
    assert (json.loads(again.output)["created"], json.loads(again.output)["unchanged"]) == (0, 2)


def test_bad_file_exits_non_zero_with_line_and_field(cli_database: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("name,company_number\nCli Bad Ltd,NOTANUMBER\n")
    result = CliRunner().invoke(app, ["import", "organisations", str(path)])
    assert result.exit_code == 1
    assert f"{path}:2: company_number:" in result.output
    assert "Nothing was stored" in result.output


def test_db_upgrade(cli_database: str) -> None:
    result = CliRunner().invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0 and "up to date" in result.output
