"""Fixtures: a job context whose sessions join the test's rolled-back transaction."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from app.config import get_settings
from app.jobs.context import JobContext


@pytest.fixture()
def sessions(db_session: Session) -> sessionmaker[Session]:
    """Sessions on the test's connection: their commits become savepoints, rolled back after the test."""
    return sessionmaker(bind=db_session.connection(), join_transaction_mode="create_savepoint", expire_on_commit=False)


@pytest.fixture()
def context(sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> JobContext:
    """A job context for loopback test servers, with no politeness delay."""
    monkeypatch.setenv("MST_ALLOW_PRIVATE_NETWORKS", "true")
    monkeypatch.setenv("MST_CRAWL_PER_HOST_DELAY", "0")
    monkeypatch.setenv("MST_CRAWL_READ_TIMEOUT", "2")
    monkeypatch.setenv("MST_CRAWL_TOTAL_TIMEOUT", "3")
    get_settings.cache_clear()
    return JobContext(settings=get_settings(), sessions=sessions)
