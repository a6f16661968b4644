"""`mst score`: the JSON shape and the table, on a text file, a PDF and a URL served on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import app

runner = CliRunner()
FACT_KEYS = {"period_end", "approval_date", "approved_by", "signatory", "company_numbers", "jurisdiction"}


def check_shape(report: dict) -> None:
    """The keys and types the issue promises."""
    assert isinstance(report["is_statement"], bool)
    assert isinstance(report["confidence"], float)
    assert isinstance(report["ruleset"], str) and isinstance(report["ruleset_version"], str)
    assert isinstance(report["score"], int) and 0 <= report["score"] <= 100
    assert set(report["facts"]) >= FACT_KEYS
    assert report["status"] in ("ok", "needs_ocr", "error")
    for rule in report["rules"]:
        assert rule["verdict"] in ("pass", "partial", "fail", "unknown", "not_applicable")
        assert rule["basis"] in ("law", "guidance", "registry", "proposed")
        for evidence in rule["evidence"]:
            assert set(evidence) == {"text", "start", "end", "page"}


def test_json_on_a_text_file(tmp_path: Path, company_statement: str) -> None:
    path = tmp_path / "statement.txt"
    path.write_text(company_statement, encoding="utf-8")
    result = runner.invoke(app, ["score", str(path), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    check_shape(report)
    assert report["is_statement"] is True
    assert report["ruleset"] == "uk-msa-s54"
    assert report["facts"]["period_end"] == "2024-03-31"
    assert report["facts"]["signatory"] == {"name": "Jane Morrow", "role": "Chief Executive Officer and Director"}
    assert report["facts"]["company_numbers"] == ["04567890"]
    assert report["error"] is None
    ids = {rule["id"] for rule in report["rules"]}
    assert {
        "structure",
        "policies",
        "due_diligence",
        "risk",
        "effectiveness",
        "training",
        "approval",
        "signature",
        "approval_date",
        "homepage_link",
    } <= ids
    approval = next(rule for rule in report["rules"] if rule["id"] == "approval")
    evidence = approval["evidence"][0]
    assert company_statement[evidence["start"] : evidence["end"]] == evidence["text"]


def test_table_output_and_legal_form(tmp_path: Path, llp_statement: str) -> None:
    path = tmp_path / "llp.txt"
    path.write_text(llp_statement, encoding="utf-8")
    result = runner.invoke(app, ["score", str(path), "--legal-form", "llp", "--homepage-link"])
    assert result.exit_code == 0, result.output
    assert "approval" in result.stdout and "the right body for an LLP" in result.stdout
    assert "minimum requirements met: yes" in result.stdout


def test_json_on_a_pdf_with_pages(tmp_path: Path, company_statement: str) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    paragraphs = company_statement.split("\n\n")
    for half in (paragraphs[: len(paragraphs) // 2], paragraphs[len(paragraphs) // 2 :]):
        pdf.add_page()
        for paragraph in half:
            pdf.multi_cell(0, 6, paragraph.replace("—", "-"))
            pdf.ln(3)
    path = tmp_path / "statement.pdf"
    pdf.output(str(path))
    result = runner.invoke(app, ["score", str(path), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    check_shape(report)
    assert report["is_statement"] is True
    approval = next(rule for rule in report["rules"] if rule["id"] == "approval")
    assert approval["verdict"] == "pass" and approval["evidence"][0]["page"] == 2
    structure = next(rule for rule in report["rules"] if rule["id"] == "structure")
    assert structure["evidence"][0]["page"] == 1


@pytest.fixture
def served(tmp_path: Path, company_statement: str) -> Iterator[str]:
    """A statement page served by http.server on 127.0.0.1."""
    body = "".join(f"<p>{p}</p>" for p in company_statement.split("\n\n"))
    (tmp_path / "statement.html").write_text(
        f"<html><head><title>Modern Slavery Statement</title></head><body><main>{body}</main></body></html>",
        encoding="utf-8",
    )
    handler = partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_json_on_a_url(served: str) -> None:
    result = runner.invoke(app, ["score", f"{served}/statement.html", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    check_shape(report)
    assert report["is_statement"] is True
    assert report["facts"]["approval_date"] == "2024-09-12"


def test_missing_url_is_a_clean_error(served: str) -> None:
    result = runner.invoke(app, ["score", f"{served}/nothing-here.pdf", "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["status"] == "error" and "404" in report["error"]


def test_missing_file_is_a_clean_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["score", str(tmp_path / "absent.txt"), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["status"] == "error" and "absent.txt" in report["error"]


def test_image_only_pdf_needs_ocr(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 50, style="F")
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    result = runner.invoke(app, ["score", str(path), "--json"])
    report = json.loads(result.stdout)
    assert report["status"] in ("needs_ocr", "error")
    assert report["is_statement"] is False
    assert all(rule["verdict"] == "unknown" for rule in report["rules"])


def test_unknown_ruleset_and_legal_form_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_text("Modern slavery statement", encoding="utf-8")
    assert runner.invoke(app, ["score", str(path), "--ruleset", "nope"]).exit_code == 2
    assert runner.invoke(app, ["score", str(path), "--legal-form", "guild"]).exit_code == 2


def test_rulesets_command_lists_all() -> None:
    result = runner.invoke(app, ["rulesets"])
    assert result.exit_code == 0
    assert "uk-msa-s54" in result.stdout and "au-msa-2018" in result.stdout and "ca-s211" in result.stdout


def test_rescore_command_on_an_empty_database(cli_database: str) -> None:
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    result = runner.invoke(app, ["rescore"])
    assert result.exit_code == 0, result.output
    assert "uk-msa-s54: scored 0, already current 0" in result.stdout
