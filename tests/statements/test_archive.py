"""The archive: bytes stored once by sha256, snapshots whose 'last seen' moves, every attempt kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from app.discovery.fetcher import FetchResult
from app.models import Document, FetchAttempt, Snapshot
from app.statements.archive import archive_fetch, record_attempt
from app.statements.store import sha256_of

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def fetched(url: str, body: bytes, at: datetime = T0, status: int = 200) -> FetchResult:
    return FetchResult(
        url=url, status=status, headers={"content-type": "application/pdf", "x-junk": "1"}, body=body, fetched_at=at
    )


def test_same_bytes_again_only_move_last_seen(db_session, store) -> None:
    first = archive_fetch(db_session, fetched("https://a.test/s.pdf", b"%PDF-1.4 one"), store)
    again = archive_fetch(db_session, fetched("https://a.test/s.pdf", b"%PDF-1.4 one", T0 + timedelta(days=3)), store)
    assert first is not None and again is not None and first.id == again.id
    assert again.first_seen_at == T0 and again.last_seen_at == T0 + timedelta(days=3)
    assert db_session.scalar(select(func.count()).select_from(Document)) == 1
    assert again.headers == {"content-type": "application/pdf"}


def test_changed_bytes_are_a_new_snapshot_and_old_bytes_stay(db_session, store) -> None:
    old = archive_fetch(db_session, fetched("https://a.test/s.pdf", b"%PDF-1.4 one"), store)
    new = archive_fetch(db_session, fetched("https://a.test/s.pdf", b"%PDF-1.4 two", T0 + timedelta(days=30)), store)
    assert old is not None and new is not None and old.id != new.id
    assert store.get(old.document_sha256) == b"%PDF-1.4 one" and store.get(new.document_sha256) == b"%PDF-1.4 two"
    assert db_session.get(Document, sha256_of(b"%PDF-1.4 two")).kind == "pdf"


def test_store_never_overwrites(store) -> None:
    digest = store.put(b"abc")
    path = store.path_of(digest)
    stamp = path.stat().st_mtime_ns
    assert store.put(b"abc") == digest and path.stat().st_mtime_ns == stamp and path.read_bytes() == b"abc"


def test_failures_are_attempts_without_snapshots(db_session, store, make_organisation) -> None:
    organisation = make_organisation("Acme Ltd")
    failed = FetchResult(url="https://a.test/gone.pdf", status=404, fetched_at=T0)
    timeout = FetchResult(url="https://a.test/slow", error="timeout", detail="no answer within 5s", fetched_at=T0)
    assert archive_fetch(db_session, failed, store) is None
    record_attempt(db_session, organisation.id, failed, "statement", None)
    record_attempt(db_session, organisation.id, timeout, "homepage", None)
    db_session.flush()
    attempts = db_session.scalars(select(FetchAttempt).order_by(FetchAttempt.id)).all()
    assert [(a.outcome, a.status_code) for a in attempts[-2:]] == [("http_error", 404), ("timeout", None)]
    assert db_session.scalar(select(func.count()).select_from(Snapshot)) == 0
