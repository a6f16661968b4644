"""The extraction command: a summary line per document, JSON on request, exit code 1 on failure."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from app.extraction.cli import extract_app
from tests.extraction.conftest import make_pdf


def test_summary_and_json(tmp_path: Path) -> None:
    statement = tmp_path / "statement.pdf"
    statement.write_bytes(make_pdf(["First page of the statement", "Second page of the statement"]))
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7 nothing else")
    runner = CliRunner()

    result = runner.invoke(extract_app, ["file", str(statement), "--text", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert f"{statement}: ok pdf - 57 characters, 2 page(s)" in result.output
    assert "Second page of the statement" in result.output

    result = runner.invoke(extract_app, ["file", str(statement), str(broken), "--json", "--workers", "1"])
    assert result.exit_code == 1
    first, second = (json.loads(line) for line in result.output.splitlines())
    assert first["pages"][1] == {"number": 2, "start": 29, "end": 57}
    assert (second["status"], second["path"]) == ("error", str(broken))
    assert second["error"].startswith("truncated or malformed PDF")
