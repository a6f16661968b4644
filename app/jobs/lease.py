"""A database lease: at most one scheduler holds it; another takes over once it expires."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.models import JobLease, utcnow

SCHEDULER_LEASE = "scheduler"


def acquire(session: Session, holder: str, ttl_seconds: float, name: str = SCHEDULER_LEASE) -> bool:
    """Take or renew the lease for `ttl_seconds`; False while someone else holds an unexpired one."""
    now = utcnow()
    expires = now + timedelta(seconds=ttl_seconds)
    taken = session.execute(
        update(JobLease)
        .where(JobLease.name == name, or_(JobLease.holder == holder, JobLease.expires_at < now))
        .values(holder=holder, expires_at=expires, acquired_at=now)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount:  # type: ignore[attr-defined]
        return True
    if session.get(JobLease, name) is not None:
        return False
    try:
        with session.begin_nested():
            session.add(JobLease(name=name, holder=holder, acquired_at=now, expires_at=expires))
    except IntegrityError:
        return False
    return True


def release(session: Session, holder: str, name: str = SCHEDULER_LEASE) -> None:
    """Give the lease up (only if we hold it), so a standby can take over at once."""
    session.execute(
        update(JobLease)
        .where(JobLease.name == name, JobLease.holder == holder)
        .values(expires_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def holder_of(session: Session, name: str = SCHEDULER_LEASE) -> str | None:
    """Who holds an unexpired lease now, if anyone."""
    lease = session.get(JobLease, name)
    if lease is None or lease.expires_at <= utcnow():
        return None
    return lease.holder
