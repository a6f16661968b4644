"""Test fixtures: a real, migrated database (SQLite, or PostgreSQL when MST_TEST_DATABASE_URL names one),
rolled back after every test."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app.config import get_settings
from app.db import make_engine, temporary_postgres_database
from app.migrate import upgrade

SHARED_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of an empty database for this test session."""
    server_url = os.environ.get("MST_TEST_DATABASE_URL")
    if server_url and not server_url.startswith("sqlite"):
        with temporary_postgres_database(server_url, "mst_test") as url:
            yield url
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    """An engine over the migrated test database."""
    engine = make_engine(database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture()
def db_session(engine: Engine) -> Iterator[Session]:
    """A session inside a transaction that is rolled back after the test (commits become savepoints)."""
    connection = engine.connect()
    transaction = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield session
    finally:
        session.close()
        if transaction.is_active:
            transaction.rollback()
        connection.close()


@pytest.fixture()
def client(engine: Engine, db_session: Session) -> Iterator[TestClient]:
    """An API client whose requests share the test's rolled-back session."""
    from app.api.deps import get_session
    from app.main import create_app

    app = create_app(engine, migrate=False)

    def _test_session() -> Iterator[Session]:
        yield db_session
        db_session.flush()

    app.dependency_overrides[get_session] = _test_session
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(autouse=True)
def _isolated_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Each test reads settings afresh, with state files under its own temporary folder."""
    monkeypatch.setenv("MST_ENVIRONMENT", "test")
    # Restored after each test even when the code under test sets it (the demo allows private networks in-process).
    monkeypatch.delenv("MST_ALLOW_PRIVATE_NETWORKS", raising=False)
    monkeypatch.setenv("MST_DATA_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data, or skip the test when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA


@pytest.fixture()
def scratch_database_url(tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database of the configured kind for code that commits (CLI, jobs); dropped afterwards."""
    server_url = os.environ.get("MST_TEST_DATABASE_URL")
    if server_url and not server_url.startswith("sqlite"):
        with temporary_postgres_database(server_url, "mst_test") as url:
            yield url
    else:
        yield f"sqlite:///{tmp_path / 'scratch.sqlite3'}"


@pytest.fixture()
def cli_database(scratch_database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Point MST_DATABASE_URL (and the cached engine) at a scratch database for commands that commit."""
    from app.db import get_engine, get_sessionmaker

    monkeypatch.setenv("MST_DATABASE_URL", scratch_database_url)
    get_settings.cache_clear()
    get_engine.cache_clear()
    get_sessionmaker.cache_clear()
    yield scratch_database_url
    get_engine().dispose()
    get_engine.cache_clear()
    get_sessionmaker.cache_clear()


@pytest.fixture()
def admin_token(db_session: Session) -> str:
    """A bearer token of a fresh administrator, in the test's rolled-back session."""
    from app.accounts import service

    email = f"admin-{uuid.uuid4().hex[:8]}@example.org"
    admin = service.create_user(db_session, email, "correct horse battery", "admin")
    raw, _ = service.create_api_token(db_session, admin, "tests", "admin", actor=admin)
    return raw
