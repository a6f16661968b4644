"""Enforcement pages: candidates with reasons, select and export, cases worked with the trail shown."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.accounts import User
from app.models.compliance import ReviewCase
from tests.compliance.conftest import Scenario, scenario  # noqa: F401  (the fixture, reused)
from tests.web.conftest import SignedIn
from tests.web.pages import error_summary, heading, page, table_rows, text


def test_candidates_show_reasons_and_export_the_selection(
    web: TestClient, scenario: Scenario, make_user: Callable[..., User], sign_in: Callable[[User], SignedIn],  # noqa: F811
) -> None:
    officer = sign_in(make_user("enforcement"))
    soup = page(web.get("/enforcement", headers=officer.headers))
    assert heading(soup) == "Penalty-review candidates"
    assert "no financial penalty exists in UK law today" in text(soup)
    rows = table_rows(soup, "Candidates for penalty review")
    assert rows, "no candidates"
    names = {row[1].split(" 0000")[0] for row in rows}
    assert "Cobalt Builders Ltd" in names
    assert all("Basis:" in row[3] for row in rows)

    selected = web.get("/enforcement/export", params={"format": "csv", "organisation_id": scenario.incomplete.id},
                       headers=officer.headers)
    assert selected.status_code == 200 and selected.headers["content-type"].startswith("text/csv")
    data = [row for row in csv.reader(io.StringIO(selected.text)) if row and not row[0].startswith("#")]
    body = [row for row in data[1:] if row[0].isdigit()]
    assert body and {row[1] for row in body} == {"Cobalt Builders Ltd"}

    every = web.get("/enforcement/export", params={"format": "xlsx"}, headers=officer.headers)
    assert every.status_code == 200 and "spreadsheetml" in every.headers["content-type"]
    sheet_rows = list(load_workbook(io.BytesIO(every.content))["Data"].iter_rows(values_only=True))
    assert len(sheet_rows) - 1 == len(rows)
    assert not any(str(cell).startswith("=") for row in sheet_rows for cell in row if cell is not None)


def test_enforcement_opens_assigns_notes_and_moves_a_case_with_the_trail(
    web: TestClient, db_session: Session, scenario: Scenario, make_user: Callable[..., User],  # noqa: F811
    sign_in: Callable[[User], SignedIn],
) -> None:
    officer = sign_in(make_user("enforcement", "officer@example.org"))
    assert web.post("/enforcement/flag", data={"csrf_token": officer.csrf, "regime": "uk-guidance"},
                    headers=officer.headers).status_code == 303
    case = db_session.scalars(select(ReviewCase).where(ReviewCase.organisation_id == scenario.incomplete.id)).first()
    assert case is not None
    url = f"/enforcement/cases/{case.id}"
    listing = table_rows(page(web.get("/enforcement/cases", params={"state": "candidate"}, headers=officer.headers)))
    assert any(row[0] == f"Case {case.id}" for row in listing)

    assert web.post(f"{url}/assign", data={"csrf_token": officer.csrf, "assignee": "officer@example.org"},
                    headers=officer.headers).status_code == 303
    assert web.post(f"{url}/note", data={"csrf_token": officer.csrf, "text": "Phoned the company secretary."},
                    headers=officer.headers).status_code == 303
    assert web.post(f"{url}/transition", data={"csrf_token": officer.csrf, "to_state": "under_review",
                                                "reason": "Reviewing"}, headers=officer.headers).status_code == 303
    illegal = web.post(f"{url}/transition", data={"csrf_token": officer.csrf, "to_state": "candidate"},
                       headers=officer.headers)
    assert illegal.status_code == 409 and "cannot move to 'candidate'" in error_summary(page(illegal))[0]
    empty = web.post(f"{url}/note", data={"csrf_token": officer.csrf, "text": "  "}, headers=officer.headers)
    assert empty.status_code == 422

    soup = page(web.get(url, headers=officer.headers))
    assert text(soup.find(id="case-state")) == "Under review"  # type: ignore[arg-type]
    trail = table_rows(soup, "Every change to this case")
    assert [(row[1], row[2]) for row in trail] == [
        ("system", "opened: → candidate"), ("officer@example.org", "updated"), ("officer@example.org", "note"),
        ("officer@example.org", "transition: candidate → under review"),
    ]
    assert "Phoned the company secretary." in trail[2][3]

    regulator = sign_in(make_user("regulator"))
    read_only = page(web.get(url, headers=regulator.headers))
    assert read_only.find(id="case-actions") is None
    assert web.post(f"{url}/note", data={"csrf_token": regulator.csrf, "text": "x"},
                    headers=regulator.headers).status_code == 403
