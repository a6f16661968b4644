"""One transaction at a time rebuilds a regime's compliance summary (PostgreSQL; SQLite has one writer anyway)."""

from __future__ import annotations

import zlib

from sqlalchemy import func, select
from sqlalchemy.orm import Session

SUMMARY_LOCK = 5_410_001  # the first key of the advisory lock, the regime's checksum is the second


def serialise_summary_refresh(session: Session, regime: str) -> None:
    """Wait for any other transaction rebuilding the regime's summary to commit, and hold the turn until this one
    ends: under READ COMMITTED two rebuilds would otherwise each keep their own rows, and every count would double."""
    if session.get_bind().dialect.name != "postgresql":
        return
    key = zlib.crc32(regime.encode()) - 2**31  # a signed 32-bit integer
    session.execute(select(func.pg_advisory_xact_lock(SUMMARY_LOCK, key)))
