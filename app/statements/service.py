"""Turn a discovery result into archive rows, statement versions, coverage and the homepage-link evidence."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.discovery.fetcher import FetchResult
from app.discovery.ranking import same_site
from app.discovery.result import DiscoveryResult
from app.extraction import ExtractedDocument, extract_safely
from app.models import (
    DiscoveryCheck,
    Organisation,
    Snapshot,
    Statement,
    StatementCoverage,
    StatementVersion,
    utcnow,
)
from app.organisations.normalise import core_key, fold_text
from app.scoring.detector import Detection, detect_statement
from app.statements.archive import archive_fetch, record_attempt
from app.statements.flow import Followed, follow_new_version, follow_removed
from app.statements.store import ContentStore

Analyse = Callable[[bytes, str | None], tuple[ExtractedDocument, Detection]]
UNKNOWABLE = ("unreachable", "blocked_by_robots")


def analyse_document(data: bytes, content_type: str | None) -> tuple[ExtractedDocument, Detection]:
    """Extract the text in a limited worker and run the statement detector on it."""
    document = extract_safely(data, content_type=content_type)
    if document.status != "ok":
        return document, Detection(False, 0.0, [f"extraction: {document.status}"])
    return document, detect_statement(document.text, title=document.title)


@dataclass
class Recorded:
    """What recording one discovery result changed."""

    check: DiscoveryCheck
    statement: Statement | None = None
    new_version: bool = False
    removed: list[Statement] = field(default_factory=list)
    versions: list[StatementVersion] = field(default_factory=list)
    followed: list[Followed] = field(default_factory=list)


def record_discovery(
    session: Session,
    organisation: Organisation,
    result: DiscoveryResult,
    store: ContentStore,
    analyse: Analyse = analyse_document,
) -> Recorded:
    """Archive the fetches, version the statement, cover the organisations it names, keep the evidence (flushes)."""
    snapshots: dict[str, Snapshot | None] = {}
    for fetch in result.documents:
        keep = fetch.url in (result.statement_url, result.homepage_url, result.url, *result.history)
        snapshot = archive_fetch(session, fetch, store) if keep else None
        snapshots[fetch.url] = snapshot
        record_attempt(session, organisation.id, fetch, _purpose(fetch.url, result), snapshot)
    recorded = Recorded(_check(organisation, result))
    if result.outcome == "found" and result.statement_url and result.statement_document is not None:
        fetch = result.statement_document
        statement, recorded.new_version = _version(
            session, organisation, result, fetch, snapshots.get(fetch.url), analyse, result.statement_title
        )
        recorded.statement, recorded.check.statement_id = statement, statement.id
        if result.found_via != "request":  # a URL the organisation gave says nothing about its homepage
            _note_homepage_link(statement, organisation, result)
        if recorded.new_version:
            recorded.versions.append(statement.versions[-1])
        for earlier in _history_fetches(result):
            older, added = _version(session, organisation, result, earlier, snapshots.get(earlier.url), analyse, None)
            if added:
                recorded.versions.append(older.versions[-1])
    if result.outcome not in UNKNOWABLE:
        recorded.removed = _mark_removed(session, organisation, result)
    session.add(recorded.check)
    session.flush()
    # After the check is stored (homepage-link fact and coverage in place): score, announce, recompute.
    recorded.followed = [follow_new_version(session, version) for version in recorded.versions]
    if recorded.removed:
        follow_removed(session, recorded.removed)
    return recorded


def _purpose(url: str, result: DiscoveryResult) -> str:
    """Why a URL was fetched."""
    if url.endswith("/robots.txt"):
        return "robots"
    if url in (result.url, result.homepage_url):
        return "homepage"
    return "statement" if url == result.statement_url else "search"


def _check(organisation: Organisation, result: DiscoveryResult) -> DiscoveryCheck:
    """The evidence row of one run."""
    link = result.homepage_link
    return DiscoveryCheck(
        organisation_id=organisation.id,
        checked_at=utcnow(),
        start_url=result.url,
        homepage_url=result.homepage_url,
        outcome=result.outcome,
        statement_url=result.statement_url,
        found_via=result.found_via,
        link_found=link.found,
        link_prominent=link.prominent,
        link_direct=link.direct,
        link_text=(link.text or "")[:500] or None,
        link_href=link.href,
        link_location=link.location,
        link_path=link.path,
        history=result.history,
        requests=result.requests,
        detail=result.detail,
        broken_links=[
            {"text": b.text, "href": b.href, "status": b.status, "error": b.error} for b in result.broken_links
        ],
        elapsed_ms=int(result.elapsed_seconds * 1000),
    )


def _note_homepage_link(statement: Statement, organisation: Organisation, result: DiscoveryResult) -> None:
    """Hand the s54(7) fact to the rules engine: declared["homepage_link"] (the publisher's site decides it)."""
    link = result.homepage_link
    declared = dict(statement.declared or {})
    per_site = dict(declared.get("homepage_links") or {})
    per_site[str(organisation.id)] = {
        "found": link.found,
        "prominent": link.prominent,
        "text": link.text,
        "href": link.href,
        "location": link.location,
        "checked_at": utcnow().isoformat(),
    }
    declared["homepage_links"] = per_site
    if statement.publisher_id == organisation.id or "homepage_link" not in declared:
        declared["homepage_link"] = link.found and link.prominent
    statement.declared = declared


def _history_fetches(result: DiscoveryResult) -> list[FetchResult]:
    """The successful fetches of earlier statements listed beside the current one."""
    wanted = set(result.history)
    return [f for f in result.documents if f.url in wanted and f.ok and f.body]


def _version(
    session: Session,
    organisation: Organisation,
    result: DiscoveryResult,
    fetch: FetchResult,
    snapshot: Snapshot | None,
    analyse: Analyse,
    title: str | None,
) -> tuple[Statement, bool]:
    """The statement at the fetched URL; a new version when its bytes changed, else only 'last seen' moves."""
    now = fetch.fetched_at
    url = fetch.url
    statement = session.scalar(select(Statement).where(Statement.source == "discovery", Statement.source_key == url))
    if statement is None:
        publisher = organisation if same_site(url, result.homepage_url or result.url) else None
        statement = Statement(
            source="discovery",
            source_key=url,
            url=url,
            publisher_id=(publisher or organisation.parent or organisation).id,
            title=(title or "")[:500] or None,
            first_seen_at=now,
            last_seen_at=now,
        )
        session.add(statement)
        session.flush()
    statement.state, statement.removed_at, statement.last_seen_at = "current", None, now
    digest = snapshot.document_sha256 if snapshot is not None else None
    latest = statement.versions[-1] if statement.versions else None
    if latest is not None and latest.document_sha256 == digest:
        latest.last_seen_at = now
        _cover(session, statement, organisation, latest.text)
        return statement, False
    document, detection = analyse(fetch.body, fetch.content_type)
    version = StatementVersion(
        statement_id=statement.id,
        version_no=(latest.version_no + 1) if latest else 1,
        document_sha256=digest,
        snapshot_id=snapshot.id if snapshot is not None else None,
        extraction_status=document.status,
        extraction_error=document.error,
        text=document.text,
        pages=[[p.number, p.start, p.end] for p in document.pages],
        is_statement=detection.is_statement,
        detection_confidence=detection.confidence,
        detection_reasons=list(detection.reasons),
        first_seen_at=now,
        last_seen_at=now,
    )
    statement.versions.append(version)
    session.flush()
    _cover(session, statement, organisation, document.text)
    return statement, True


def _cover(session: Session, statement: Statement, organisation: Organisation, text: str) -> None:
    """Link the statement to its publisher and to the organisations of the same group its text names."""
    folded = f" {fold_text(text)} "
    candidates = {organisation.id: organisation}
    publisher = session.get(Organisation, statement.publisher_id) if statement.publisher_id else None
    if publisher is not None:
        candidates[publisher.id] = publisher
        candidates.update({o.id: o for o in publisher.subsidiaries})
    existing = {c.organisation_id for c in statement.coverage}
    for candidate in candidates.values():
        if candidate.id in existing:
            continue
        if candidate.id == statement.publisher_id:
            statement.coverage.append(StatementCoverage(organisation_id=candidate.id, source="publisher"))
        elif f" {core_key(candidate.name)} " in folded:
            statement.coverage.append(StatementCoverage(organisation_id=candidate.id, source="named_in_text"))
    session.flush()


def _mark_removed(session: Session, organisation: Organisation, result: DiscoveryResult) -> list[Statement]:
    """Statements this organisation's site used to lead to that are now gone (earlier versions stay readable)."""
    still_there = {result.statement_url, *result.history}
    covered = select(StatementCoverage.statement_id).where(StatementCoverage.organisation_id == organisation.id)
    previous = session.scalars(
        select(Statement).where(
            Statement.source == "discovery", Statement.state == "current", Statement.id.in_(covered)
        )
    )
    removed = []
    failed = {b.href for b in result.broken_links}
    for statement in previous:
        gone = statement.url in failed or (result.outcome != "found" and statement.url not in still_there)
        if gone:
            statement.state, statement.removed_at = "removed", _now()
            removed.append(statement)
    return removed


def _now() -> datetime:
    """The current UTC time."""
    return utcnow()
