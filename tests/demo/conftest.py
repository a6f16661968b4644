"""Demo fixtures: a database of the test's own (the demo builder commits, so it never shares the suite's)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.db import normalise_url


@pytest.fixture()
def scratch_database_url(tmp_path: Path) -> Iterator[str]:
    """An empty database for one test: a new PostgreSQL database when MST_TEST_DATABASE_URL names a server,
    otherwise an SQLite file under the test's temporary folder."""
    server = os.environ.get("MST_TEST_DATABASE_URL")
    if not server or server.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
        return
    url = make_url(normalise_url(server))
    name = f"mst_demo_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
