"""Scheduled work for the archive: the job `archive.check_store`."""

from __future__ import annotations

from sqlalchemy import select

from app.db import session_scope
from app.jobs.context import JobContext, JobOutcome
from app.models import Document
from app.statements.store import ContentStore, sha256_of


def check_store(context: JobContext) -> JobOutcome:
    """Re-hash every archived document's bytes; report the missing and the corrupted (it never changes them)."""
    store = ContentStore(context.settings.data_dir / "archive")
    missing: list[str] = []
    corrupted: list[str] = []
    with session_scope(context.sessions) as session:
        digests = list(session.scalars(select(Document.sha256).order_by(Document.sha256).limit(context.limit)))
    for digest in digests:
        if not store.has(digest):
            missing.append(digest)
        elif sha256_of(store.get(digest)) != digest:
            corrupted.append(digest)
    return JobOutcome(len(digests), {"checked": len(digests), "missing": missing[:50], "corrupted": corrupted[:50]})
