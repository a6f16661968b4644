"""The service starts, migrates, and answers health checks on a real database."""

from __future__ import annotations

import gc

from fastapi.testclient import TestClient
from sqlalchemy import Engine, inspect, text
from sqlalchemy.orm import Session

from app.migrate import current_heads


def test_healthz_reports_database_reachable(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == {"reachable": True}


def test_healthz_reports_unreachable_database() -> None:
    from app.db import make_engine
    from app.main import create_app

    engine = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1")
    with TestClient(create_app(engine, migrate=False)) as client:
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"]["reachable"] is False


def test_start_up_objects_are_frozen_while_the_app_serves(engine: Engine) -> None:
    from app.main import create_app

    app = create_app(engine, migrate=False)
    assert gc.get_freeze_count() == 0
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200
        assert gc.get_freeze_count() > 10_000  # the modules, routes and templates loaded at start-up
        gc.collect()
        assert gc.get_freeze_count() > 10_000  # a full pass leaves them where they are
    assert gc.get_freeze_count() == 0  # handed back when the app stops


def test_migrations_reach_every_head(engine: Engine) -> None:
    with engine.connect() as connection:
        applied = {row[0] for row in connection.execute(text("SELECT version_num FROM alembic_version"))}
    assert applied == set(current_heads())
    assert "organisations" in inspect(engine).get_table_names()


def test_openapi_is_served(client: TestClient) -> None:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"]


def test_unknown_path_is_json_404(client: TestClient) -> None:
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_rollback_isolates_tests(db_session: Session) -> None:
    count = db_session.execute(text("SELECT count(*) FROM organisations")).scalar_one()
    assert count == 0
