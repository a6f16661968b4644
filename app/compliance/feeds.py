"""The Atom feed of newly found and changed statements."""

from __future__ import annotations

from typing import Annotated
from xml.etree import ElementTree as ET

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from app.api.deps import DbSession
from app.compliance import repository
from app.models.base import utcnow
from app.models.statements import Statement, StatementVersion

ATOM = "http://www.w3.org/2005/Atom"
router = APIRouter(prefix="/feeds", tags=["feeds"])


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    """Append an Atom element."""
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def _entry(feed: ET.Element, base: str, version: StatementVersion, statement: Statement, name: str | None) -> None:
    """One entry: a statement found (version 1) or changed (a later version)."""
    who = name or "An unknown publisher"
    what = "found" if version.version_no == 1 else f"changed (version {version.version_no})"
    entry = _sub(feed, "entry")
    _sub(entry, "id", f"{base}/api/v1/statements/{statement.id}/versions/{version.version_no}")
    period = f" for the period ending {statement.period_end.isoformat()}" if statement.period_end else ""
    _sub(entry, "title", f"{who}: modern slavery statement {what}")
    _sub(entry, "updated", version.first_seen_at.isoformat())
    if statement.url:
        _sub(entry, "link", href=statement.url, rel="alternate")
    if statement.publisher_id:
        _sub(entry, "link", href=f"{base}/api/v1/organisations/{statement.publisher_id}/statements", rel="related")
    _sub(entry, "summary", f"Statement{period} {what}; source: {statement.source}.")
    _sub(entry, "category", term="found" if version.version_no == 1 else "changed")


def build_feed(base: str, rows: list[tuple[StatementVersion, Statement, str | None]]) -> bytes:
    """The Atom document."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _sub(feed, "id", f"{base}/feeds/statements.atom")
    _sub(feed, "title", "Modern slavery statements: newly found and changed")
    _sub(feed, "updated", (rows[0][0].first_seen_at if rows else utcnow()).isoformat())
    _sub(feed, "link", href=f"{base}/feeds/statements.atom", rel="self")
    author = _sub(feed, "author")
    _sub(author, "name", "Modern Slavery Statement Tracker")
    for version, statement, name in rows:
        _entry(feed, base, version, statement, name)
    return bytes(ET.tostring(feed, encoding="utf-8", xml_declaration=True))


@router.get("/statements.atom", summary="Atom feed of newly found and changed statements")
def statements_feed(session: DbSession, request: Request, limit: Annotated[int, Query(ge=1, le=500)] = 100) -> Response:
    """The most recent statement versions as Atom entries."""
    base = str(request.base_url).rstrip("/")
    body = build_feed(base, repository.recent_versions(session, limit))
    return Response(body, media_type="application/atom+xml; charset=utf-8")
