"""Sign-in rate limits kept in the database, so they hold across workers and restarts."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.models.accounts import LoginAttempt
from app.models.base import utcnow

WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_IP = 20


def _failures(session: Session, column: InstrumentedAttribute[str], value: str) -> int:
    """Failed attempts in the window for one account or address."""
    since = utcnow() - WINDOW
    query = select(func.count()).where(
        column == value,
        LoginAttempt.succeeded.is_(False),
        LoginAttempt.attempted_at >= since,
    )
    return session.scalar(query) or 0


def is_limited(session: Session, email: str, ip: str) -> bool:
    """True when the account or the address has failed too often lately."""
    return (
        _failures(session, LoginAttempt.email, email) >= MAX_FAILURES_PER_ACCOUNT
        or _failures(session, LoginAttempt.ip, ip) >= MAX_FAILURES_PER_IP
    )


def note_attempt(session: Session, email: str, ip: str, succeeded: bool) -> None:
    """Remember one attempt."""
    session.add(LoginAttempt(email=email, ip=ip, succeeded=succeeded))
    session.flush()
