"""Regulator and administrator pages, read as the person using them."""

from __future__ import annotations

import json
from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.compliance.service import today_utc
from app.models.accounts import AuditEvent, User
from tests.web.conftest import Seeded, SignedIn
from tests.web.pages import error_summary, heading, page, table_rows, text


def test_overview_counts_the_statuses_of_the_year_in_charts_and_tables(
    web: TestClient, seeded: Seeded, make_user: Callable[..., User], sign_in: Callable[[User], SignedIn]
) -> None:
    regulator = sign_in(make_user("regulator"))
    year = today_utc().year - 1  # every deadline of last year's statements has passed
    soup = page(web.get("/regulator", params={"year": year}, headers=regulator.headers))
    assert heading(soup) == "Overview"
    assert text(soup.select_one("#headline")) == (  # type: ignore[arg-type]
        "Organisations in scope 2 Published 0 Compliant 0 Late 0 Incomplete 0 Missing 2")
    notes = text(soup.select_one("#headline-notes"))  # type: ignore[arg-type]
    assert "Outside this regime 1 presumed out of scope" in notes and "Scope not known 0" in notes
    assert table_rows(soup, "By sector") == [
        ["Food and beverages, agriculture and fishing", "2", "0", "0", "0", "0", "2", "0", "0"]]
    bands = table_rows(soup, "By turnover band")
    assert bands == [["£36m to £60m", "1", "0", "0", "0", "0", "1", "0", "0"],
                     ["£100m to £500m", "1", "0", "0", "0", "0", "1", "0", "0"]]
    chart = json.loads(text(soup.find("script", id="band-data")))  # type: ignore[arg-type]
    assert chart["labels"] == ["£36m to £60m", "£100m to £500m"]
    assert {d["label"]: d["data"] for d in chart["datasets"]}["Missing"] == [1, 1]
    trend = {row[0]: row[1] for row in table_rows(soup, "by statement year")}
    assert trend[str(year)] == "2" and list(trend) == sorted(trend)
    assert soup.find("script", src="/assets/vendor/chart.js/chart.umd.min.js") is not None
    empty = page(web.get("/regulator", params={"regime": "au", "year": year}, headers=regulator.headers))
    assert f"No compliance statuses have been worked out for statement year {year} under this regime yet." in text(
        empty)


def test_register_list_filters_sorts_and_links(
    web: TestClient, seeded: Seeded, make_user: Callable[..., User], sign_in: Callable[[User], SignedIn]
) -> None:
    regulator = sign_in(make_user("enforcement"))
    soup = page(web.get("/regulator/organisations", params={"sort": "-turnover"}, headers=regulator.headers))
    names = [row[0] for row in table_rows(soup)]
    assert names == ["Harbour Retail Group plc", "Harbour Stores Limited", "Tiny Teas Ltd"]
    link = soup.find("a", string="Tiny Teas Ltd")
    assert link is not None and link["href"] == f"/regulator/organisations/{seeded.small.id}"
    scoped = page(web.get("/regulator/organisations", params={"scope_status": "out_of_scope"},
                          headers=regulator.headers))
    assert [row[0] for row in table_rows(scoped)] == ["Tiny Teas Ltd"]
    fragment = web.get("/regulator/organisations", params={"q": "07000002"},
                       headers={**regulator.headers, "HX-Request": "true"})
    assert "<html" not in fragment.text and [r[0] for r in table_rows(page(fragment))] == ["Harbour Stores Limited"]
    assert web.get("/regulator/organisations", params={"sort": "evil"}, headers=regulator.headers).status_code == 422


def test_organisation_page_shows_register_scope_group_statements_versions_and_fetches(
    web: TestClient, seeded: Seeded, make_user: Callable[..., User], sign_in: Callable[[User], SignedIn]
) -> None:
    regulator = sign_in(make_user("regulator"))
    soup = page(web.get(f"/regulator/organisations/{seeded.child.id}", headers=regulator.headers))
    assert heading(soup) == "Harbour Stores Limited"
    tree = soup.select_one(".app-tree")
    assert tree is not None and "Harbour Retail Group plc" in text(tree)
    assert text(tree.select_one("[aria-current=page]")) == "Harbour Stores Limited"  # type: ignore[arg-type]
    parent = page(web.get(f"/regulator/organisations/{seeded.parent.id}", headers=regulator.headers))
    body = text(parent)
    assert "Harbour Holdings (former)" in body
    assert "Statement year 2025" in body and "Archived versions 2" in body
    assert "Changed from version 1: 2 lines added, 1 removed." in body
    assert [text(i) for i in parent.select("pre ins")] == ["+We train all buyers and suppliers.",
                                                          "+Board approved on 12 June."]
    assert "homepage" in text(parent.select_one("#fetches ~ table"))  # type: ignore[arg-type]


def test_organisation_page_highlights_each_rules_evidence_in_the_statement_text(
    web: TestClient, seeded: Seeded, make_user: Callable[..., User], sign_in: Callable[[User], SignedIn]
) -> None:
    regulator = sign_in(make_user("regulator"))
    soup = page(web.get(f"/regulator/organisations/{seeded.parent.id}", headers=regulator.headers))
    assert "Assessment: uk-msa-s54 2026.11.2, score 55 of 100, minimum requirements not met" in text(soup)
    rules = table_rows(soup, "Each rule's verdict, basis and evidence for version 2")
    assert [(r[0], r[1]) for r in rules] == [("training", "pass Basis: guidance"), ("approval", "partial Basis: law"),
                                             ("due_diligence", "fail Basis: guidance")]
    assert rules[2][3] == "None"
    marks = soup.select(".app-statement-text mark")
    assert [(text(m), m["data-rules"]) for m in marks] == [("We train all buyers and suppliers.", "training"),
                                                            ("Board approved on 12 June.", "approval")]
    links = [a["href"] for a in soup.select(".app-rules a")]
    assert links == [f"#{marks[0]['id']}", f"#{marks[1]['id']}"]
    assert "Not assessed yet." in text(soup)  # version 1 has no assessment


def test_admin_creates_users_and_sees_errors(
    web: TestClient, db_session: Session, make_user: Callable[..., User], sign_in: Callable[[User], SignedIn]
) -> None:
    admin = sign_in(make_user("admin"))
    base = {"csrf_token": admin.csrf, "role": "regulator", "password": "long enough password"}
    created = web.post("/admin/users", data={**base, "email": "rita@example.org"}, headers=admin.headers)
    assert created.status_code == 303
    rows = table_rows(page(web.get("/admin/users", headers=admin.headers)), "Every account")
    assert any(r[0] == "rita@example.org" and r[1] == "regulator" for r in rows)
    for data, message in [
        ({"email": "rita@example.org"}, "a user with email rita@example.org already exists"),
        ({"email": "not-an-email"}, "email address is not valid"),
        ({"email": "short@example.org", "password": "short"}, "password must be at least 12 characters"),
        ({"email": "role@example.org", "role": "superuser"}, "role must be one of"),
    ]:
        response = web.post("/admin/users", data={**base, **data}, headers=admin.headers)
        assert response.status_code in (409, 422)
        assert error_summary(page(response))[0].startswith(message)
    assert db_session.scalars(select(AuditEvent.action).where(AuditEvent.action == "user.create")).all()


def test_admin_disables_a_user_and_cannot_lock_themselves_out(
    web: TestClient, make_user: Callable[..., User], sign_in: Callable[[User], SignedIn]
) -> None:
    admin = sign_in(make_user("admin"))
    victim_user = make_user("regulator")
    victim = sign_in(victim_user)
    disable = {"csrf_token": admin.csrf, "role": "regulator", "active": "false"}
    assert web.post(f"/admin/users/{victim_user.id}", data=disable, headers=admin.headers).status_code == 303
    assert web.get("/regulator", headers=victim.headers).status_code == 303  # signed out
    self_demote = {"csrf_token": admin.csrf, "role": "regulator", "active": "true"}
    response = web.post(f"/admin/users/{admin.user.id}", data=self_demote, headers=admin.headers)
    assert response.status_code == 422 and "cannot remove your own administrator access" in response.text


def test_admin_makes_a_token_shown_once_and_revokes_it(
    web: TestClient, make_user: Callable[..., User], sign_in: Callable[[User], SignedIn]
) -> None:
    admin = sign_in(make_user("admin"))
    owner = make_user("regulator")
    made = page(web.post("/admin/tokens", data={"csrf_token": admin.csrf, "owner_id": owner.id, "name": "nightly",
                                                "role": "regulator", "days": "30"}, headers=admin.headers))
    raw = text(made.find(id="new-token"))  # type: ignore[arg-type]
    assert raw.startswith("mst_")
    assert web.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).json()["email"] == owner.email
    listing = web.get("/admin/tokens", headers=admin.headers)
    assert raw not in listing.text and "nightly" in listing.text
    refused = page(web.post("/admin/tokens", data={"csrf_token": admin.csrf, "owner_id": owner.id, "name": "x",
                                                   "role": "admin"}, headers=admin.headers))
    assert error_summary(refused) == ["a regulator user's token can only have the regulator role"]
    form = page(web.get("/admin/tokens", headers=admin.headers)).select_one("form[action$='/revoke']")
    assert form is not None
    assert web.post(str(form["action"]), data={"csrf_token": admin.csrf}, headers=admin.headers).status_code == 303
    assert web.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_audit_log_lists_sign_ins_and_changes(
    web: TestClient, db_session: Session, make_user: Callable[..., User], sign_in: Callable[[User], SignedIn]
) -> None:
    from app.accounts import service

    make_user("regulator", "audited@example.org")
    service.authenticate(db_session, "audited@example.org", "correct horse battery staple", "192.0.2.7")
    admin = sign_in(make_user("admin"))
    soup = page(web.get("/admin/audit", params={"action": "sign_in"}, headers=admin.headers))
    rows = table_rows(soup, "Audit events")
    assert rows[0][1] == "audited@example.org" and rows[0][2] == "sign_in" and rows[0][4] == "192.0.2.7"
