"""Exports: neutralised CSV cells, streaming, XLSX readable with its metadata, large XLSX as a background job."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from app.compliance.exports import CHUNK_CHARS, ExportMeta, SafeRows, csv_chunks, neutralise, write_xlsx
from app.compliance.recompute import recompute_all
from app.compliance.regimes import get_regime
from app.db import make_engine, session_scope
from app.models.compliance import ExportJob
from app.scoring.rulesets import get_ruleset
from tests.compliance.conftest import TODAY, Scenario
from tests.compliance.factories import add_organisation

META = ExportMeta("Test", "uk-guidance", "guidance", ["uk-msa-s54@2026.11.1"], datetime(2026, 11, 22, tzinfo=UTC))


@pytest.mark.parametrize("text", ["=1+1", "+44 20", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_starts_are_neutralised(text: str) -> None:
    assert neutralise(text) == "'" + text


def test_harmless_values_pass_unchanged() -> None:
    assert [neutralise(v) for v in ("Acme", "a=b", -2, None, 3.5)] == ["Acme", "a=b", -2, None, 3.5]


def test_csv_is_streamed_lazily_in_chunks() -> None:
    consumed = itertools.count()

    def endless() -> Iterator[tuple[int, str]]:
        for n in consumed:
            yield n, "=cmd"

    chunks = csv_chunks(META, ["n", "text"], endless())
    first = next(chunks)
    second = next(chunks)
    assert CHUNK_CHARS <= len(first) < 2 * CHUNK_CHARS and CHUNK_CHARS <= len(second) < 2 * CHUNK_CHARS
    lines = (first + second).count("\r\n")
    assert next(consumed) < lines + 200  # only what the two chunks hold (and one batch) was read from an endless source
    rows = list(csv.reader(io.StringIO(first + second)))
    assert rows[0] == ["# title", "Test"] and ["# ruleset_versions", "uk-msa-s54@2026.11.1"] in rows
    assert ["# produced_at", "2026-11-22T00:00:00+00:00"] in rows
    assert rows[rows.index([]) + 1] == ["n", "text"] and rows[rows.index([]) + 2] == ["0", "'=cmd"]


def test_safe_rows_are_written_as_they_come_in_chunks_of_about_64_kb() -> None:
    batches = ([(n, "'=cmd", None, 'a, "b"') for n in range(start, start + 2000)] for start in range(0, 10_000, 2000))
    chunks = list(csv_chunks(META, ["n", "text", "none", "quoted"], SafeRows(batches)))
    assert all(CHUNK_CHARS <= len(chunk) < CHUNK_CHARS + 128 * 40 for chunk in chunks[:-1])
    rows = list(csv.reader(io.StringIO("".join(chunks))))
    data = rows[rows.index([]) + 2 :]
    assert len(data) == 10_000 and data[0] == ["0", "'=cmd", "", 'a, "b"'] and data[-1][0] == "9999"


def test_xlsx_is_readable_and_states_its_metadata() -> None:
    buffer = io.BytesIO()
    assert write_xlsx(buffer, META, ["name", "when"], [("=evil()", datetime(2025, 1, 2, tzinfo=UTC))]) == 1
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    assert book.sheetnames == ["About", "Data"]
    assert dict(book["About"].iter_rows(values_only=True))["regime"] == "uk-guidance (basis: guidance)"
    assert list(book["Data"].iter_rows(values_only=True)) == [
        ("name", "when"),
        ("'=evil()", "2025-01-02T00:00:00+00:00"),
    ]


def test_status_csv_export_over_the_api(client: TestClient, scenario: Scenario) -> None:
    response = client.get("/api/v1/compliance/statuses", params={"year": 2025, "format": "csv"})
    assert response.headers["x-mst-ruleset-versions"] == f"uk-msa-s54@{get_ruleset('uk-msa-s54').version}"
    rows = list(csv.reader(io.StringIO(response.text)))
    data = rows[rows.index([]) + 2 :]
    assert len(data) == 7 and {r[7] for r in data} >= {"compliant", "missing", "incomplete"}
    assert all(not r[1].startswith("=") for r in data)


def test_an_xlsx_export_under_the_limit_is_inline(client: TestClient, scenario: Scenario) -> None:
    response = client.get("/api/v1/compliance/statuses", params={"year": 2025, "format": "xlsx"})
    assert response.status_code == 200
    assert len(list(load_workbook(io.BytesIO(response.content))["Data"].iter_rows())) == 8


def test_a_large_xlsx_export_runs_in_the_background(scratch_database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy.orm import sessionmaker

    from app.main import create_app

    monkeypatch.setenv("MST_EXPORT_BACKGROUND_ROWS", "2")
    engine = make_engine(scratch_database_url)
    app = create_app(engine)
    with session_scope(sessionmaker(bind=engine)) as session:
        for n in range(4):
            add_organisation(session, f"Org {n}", company_number=f"1000000{n}")
        recompute_all(session, get_regime("uk-guidance"), TODAY)
        from app.accounts import service as accounts

        regulator = accounts.create_user(session, "exports@example.org", "correct horse battery", "regulator")
        raw, _ = accounts.create_api_token(session, regulator, "exports", "regulator", actor=regulator)
    with TestClient(app, headers={"Authorization": f"Bearer {raw}"}) as client:
        started = client.get("/api/v1/compliance/statuses", params={"year": 2025, "format": "xlsx"})
        assert started.status_code == 202 and started.json()["state"] == "running"
        done = client.get(started.headers["location"])
        assert done.status_code == 200
        rows = list(load_workbook(io.BytesIO(done.content))["Data"].iter_rows(values_only=True))
        assert len(rows) == 5 and rows[1][7] == "missing"
    engine.dispose()


def test_export_download_answers_202_while_running_and_409_when_failed(client: TestClient, db_session: Session) -> None:
    running = ExportJob(kind="statuses", format="xlsx", params={}, state="running")
    failed = ExportJob(kind="statuses", format="xlsx", params={}, state="failed", error="disk full")
    db_session.add_all([running, failed])
    db_session.flush()
    assert client.get(f"/api/v1/exports/{running.id}").status_code == 202
    response = client.get(f"/api/v1/exports/{failed.id}")
    assert response.status_code == 409 and response.json()["error"]["details"] == {"error": "disk full"}
    assert client.get("/api/v1/exports/999999").status_code == 404
