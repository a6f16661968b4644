"""Archive fetches: documents by sha256, snapshots (URL x document, last seen moves), and every attempt."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.discovery.fetcher import FetchResult
from app.discovery.verify import document_kind
from app.models import Document, FetchAttempt, Snapshot
from app.statements.store import ContentStore

KEPT_HEADERS = ("content-type", "content-length", "etag", "last-modified", "location", "server", "date")


def archive_fetch(
    session: Session, fetch: FetchResult, store: ContentStore, final_url: str | None = None
) -> Snapshot | None:
    """Store a successful fetch's bytes and its snapshot; the same bytes at the same URL only move last_seen_at."""
    if not fetch.ok or not fetch.body:
        return None
    digest = store.put(fetch.body)
    if session.get(Document, digest) is None:
        kind = document_kind(fetch.body, fetch.content_type)
        session.add(
            Document(
                sha256=digest,
                size=len(fetch.body),
                content_type=fetch.content_type,
                kind=kind,
                first_seen_at=fetch.fetched_at,
            )
        )
        session.flush()
    snapshot = session.scalar(select(Snapshot).where(Snapshot.url == fetch.url, Snapshot.document_sha256 == digest))
    if snapshot is None:
        snapshot = Snapshot(
            url=fetch.url,
            final_url=final_url or fetch.url,
            document_sha256=digest,
            status_code=fetch.status or 0,
            headers=_kept(fetch),
            first_seen_at=fetch.fetched_at,
            last_seen_at=fetch.fetched_at,
        )
        session.add(snapshot)
    else:
        snapshot.last_seen_at = max(snapshot.last_seen_at, fetch.fetched_at)
        snapshot.status_code, snapshot.headers = fetch.status or snapshot.status_code, _kept(fetch)
    session.flush()
    return snapshot


def record_attempt(
    session: Session, organisation_id: int | None, fetch: FetchResult, purpose: str, snapshot: Snapshot | None
) -> FetchAttempt:
    """Keep one request as evidence of what was tried, when, and what came back."""
    attempt = FetchAttempt(
        organisation_id=organisation_id,
        url=fetch.url[:2000],
        purpose=purpose,
        attempted_at=fetch.fetched_at,
        status_code=fetch.status,
        outcome=_outcome(fetch),
        error=fetch.detail,
        snapshot_id=snapshot.id if snapshot else None,
    )
    session.add(attempt)
    return attempt


def latest_seen(session: Session, url: str) -> datetime | None:
    """When any snapshot of `url` was last seen."""
    return session.scalar(
        select(Snapshot.last_seen_at).where(Snapshot.url == url).order_by(Snapshot.last_seen_at.desc()).limit(1)
    )


def _kept(fetch: FetchResult) -> dict[str, str]:
    """The response headers worth keeping."""
    return {name: value for name, value in fetch.headers.items() if name in KEPT_HEADERS}


def _outcome(fetch: FetchResult) -> str:
    """ok, not_modified, http_error, or the network error's name."""
    if fetch.error:
        return fetch.error
    if fetch.status == 304:
        return "not_modified"
    return "ok" if fetch.ok else "http_error"
