"""Organisation users: claim, wait for approval, correct their own details only, and download their report."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.accounts import OrganisationClaim, RediscoveryRequest, User
from tests.web.conftest import Seeded, SignedIn
from tests.web.pages import error_summary, page, table_rows, text


def test_claim_then_admin_approval_then_corrections(
    web: TestClient, db_session: Session, seeded: Seeded, make_user: Callable[..., User],
    sign_in: Callable[[User], SignedIn],
) -> None:
    owner = sign_in(make_user("organisation"))
    status = page(web.get(f"/status/{seeded.small.id}", headers=owner.headers))
    assert "Do you work for this organisation?" in text(status)
    claim = {"csrf_token": owner.csrf, "organisation_id": seeded.small.id, "evidence": "Finance director"}
    assert web.post("/account/claims", data=claim, headers=owner.headers).status_code == 303
    assert web.post("/account/claims", data=claim, headers=owner.headers).status_code == 409  # no duplicates
    mine = page(web.get("/account", headers=owner.headers))
    assert table_rows(mine) == [["Tiny Teas Ltd", "Waiting for approval"]]
    assert web.get(f"/account/organisations/{seeded.small.id}", headers=owner.headers).status_code == 403

    admin = sign_in(make_user("admin"))
    claims_page = page(web.get("/admin/claims", headers=admin.headers))
    assert "Finance director" in text(claims_page)
    form = claims_page.select_one("form[action^='/admin/claims/']")
    assert form is not None
    decided = web.post(str(form["action"]), data={"csrf_token": admin.csrf, "decision": "approve", "note": "checked"},
                       headers=admin.headers)
    assert decided.status_code == 303
    assert table_rows(page(web.get("/account", headers=owner.headers))) == [["Tiny Teas Ltd", "Approved"]]

    url = f"/account/organisations/{seeded.small.id}"
    saved = page(web.post(f"{url}/year-end", data={"csrf_token": owner.csrf, "day": "30", "month": "6"},
                          headers=owner.headers))
    assert "The financial year end has been changed." in text(saved)
    db_session.refresh(seeded.small)
    assert (seeded.small.financial_year_end_month, seeded.small.financial_year_end_day) == (6, 30)

    bad = web.post(f"{url}/year-end", data={"csrf_token": owner.csrf, "day": "31", "month": "2"}, headers=owner.headers)
    assert bad.status_code == 422 and error_summary(page(bad))
    words = web.post(f"{url}/year-end", data={"csrf_token": owner.csrf, "day": "end", "month": "June"},
                     headers=owner.headers)
    assert words.status_code == 422

    sent = page(web.post(f"{url}/statement-url", data={"csrf_token": owner.csrf,
                                                       "url": "https://tinyteas.example/modern-slavery"},
                         headers=owner.headers))
    assert "We will look for the statement at that address." in text(sent)
    queued = db_session.scalars(select(RediscoveryRequest).where(
        RediscoveryRequest.organisation_id == seeded.small.id)).one()
    assert (queued.status, queued.statement_url, queued.requested_by_id) == (
        "queued", "https://tinyteas.example/modern-slavery", owner.user.id)
    for wrong in ("javascript:alert(1)", "tinyteas.example", "ftp://tinyteas.example/x"):
        response = web.post(f"{url}/statement-url", data={"csrf_token": owner.csrf, "url": wrong},
                            headers=owner.headers)
        assert response.status_code == 422
        assert error_summary(page(response)) == ["enter the full web address of the statement, starting with https://"]


def test_organisation_users_cannot_touch_other_organisations(
    web: TestClient, seeded: Seeded, make_user: Callable[..., User], sign_in: Callable[[User], SignedIn],
    approved_claim: Callable[..., OrganisationClaim],
) -> None:
    user = make_user("organisation")
    approved_claim(user, seeded.small)
    owner = sign_in(user)
    other = f"/account/organisations/{seeded.parent.id}"
    assert web.get(other, headers=owner.headers).status_code == 403
    assert web.get(f"{other}/report.csv", headers=owner.headers).status_code == 403
    changed = web.post(f"{other}/year-end", data={"csrf_token": owner.csrf, "day": "1", "month": "1"},
                       headers=owner.headers)
    assert changed.status_code == 403
    assert web.get("/regulator", headers=owner.headers).status_code == 403


def test_report_csv_is_their_own_and_formula_safe(
    web: TestClient, db_session: Session, seeded: Seeded, make_user: Callable[..., User],
    sign_in: Callable[[User], SignedIn], approved_claim: Callable[..., OrganisationClaim],
) -> None:
    user = make_user("organisation")
    approved_claim(user, seeded.parent)
    seeded.parent.scope_reason = "=HYPERLINK(\"http://evil\")"
    db_session.flush()
    owner = sign_in(user)
    response = web.get(f"/account/organisations/{seeded.parent.id}/report.csv", headers=owner.headers)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.text)))
    values = {(section, field): value for section, field, value in rows[1:]}
    assert values[("organisation", "name")] == "Harbour Retail Group plc"
    assert values[("organisation", "scope_reason")].startswith("'=")
    assert values[(f"statement {seeded.statement.id}", "statement_year")] == "2025"
