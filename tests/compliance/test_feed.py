"""The Atom feed of newly found and changed statements."""

from __future__ import annotations

from datetime import date
from xml.etree import ElementTree as ET

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.models.statements import StatementVersion
from tests.compliance.factories import add_organisation, add_statement, at

ATOM = "{http://www.w3.org/2005/Atom}"


def test_feed_is_valid_atom_with_found_and_changed_entries(client: TestClient, db_session: Session) -> None:
    organisation = add_organisation(db_session, "Fern & Co <Ltd>")
    statement, _ = add_statement(db_session, organisation, seen=date(2025, 3, 1))
    db_session.add(
        StatementVersion(
            statement_id=statement.id,
            version_no=2,
            extraction_status="ok",
            text="New",
            first_seen_at=at(date(2025, 5, 1)),
        )
    )
    db_session.flush()
    response = client.get("/feeds/statements.atom")
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed" and feed.find(f"{ATOM}id") is not None
    entries = feed.findall(f"{ATOM}entry")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert titles == [
        "Fern & Co <Ltd>: modern slavery statement changed (version 2)",
        "Fern & Co <Ltd>: modern slavery statement found",
    ]
    assert all(e.find(f"{ATOM}updated") is not None and e.find(f"{ATOM}id") is not None for e in entries)
    assert feed.findtext(f"{ATOM}updated") == entries[0].findtext(f"{ATOM}updated")
    assert client.get("/feeds/statements.atom", params={"limit": 0}).status_code == 422
