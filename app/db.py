"""Engine, session factory and session_scope(); SQLite pragmas for the embedded default."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Connection, Engine, Float, Numeric, Table, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from app.config import get_settings


def normalise_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs that name no driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def is_sqlite(url: str) -> bool:
    """True for an SQLite URL."""
    return make_url(url).get_backend_name() == "sqlite"


def _ensure_sqlite_dir(url: str) -> None:
    """Create the folder that holds an SQLite file."""
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)


def _install_sqlite_pragmas(engine: Engine) -> None:
    """Foreign keys, WAL, a busy timeout, and real transactions (SAVEPOINT support)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let SQLAlchemy emit BEGIN itself
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA cache_size=-65536")  # 64 MB: index pages of a 100k register stay in memory
        cursor.execute("PRAGMA temp_store=MEMORY")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for the URL, with the embedded-database pragmas where they apply."""
    url = normalise_url(url)
    if is_sqlite(url):
        _ensure_sqlite_dir(url)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs)
        _install_sqlite_pragmas(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


@lru_cache
def get_engine() -> Engine:
    """The process-wide engine for MST_DATABASE_URL."""
    return make_engine(get_settings().database_url)


@lru_cache
def get_sessionmaker() -> sessionmaker[Session]:
    """The process-wide session factory."""
    return sessionmaker(bind=get_engine(), expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session] | None = None) -> Iterator[Session]:
    """A session for a job or command: commit on success, roll back on error."""
    session = (factory or get_sessionmaker())()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def database_reachable(engine: Engine) -> tuple[bool, str | None]:
    """Whether a trivial query succeeds, and the error if not."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True, None
    except Exception as exc:  # reachability is the answer, not an error
        return False, f"{type(exc).__name__}: {exc}"


def bulk_insert_tuples(
    connection: Connection, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    """Insert many plain-value rows at driver speed: COPY on PostgreSQL, executemany on SQLite."""
    if not rows:
        return
    names = ", ".join(columns)
    if connection.dialect.name == "postgresql":
        raw = connection.connection.driver_connection
        assert raw is not None
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" for _ in columns)
    connection.exec_driver_sql(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def bulk_insert_rows(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows of one shape at driver speed, converting values as SQLAlchemy would."""
    if not rows:
        return
    names = tuple(column.name for column in table.columns if column.name in rows[0])
    columns = {name: [row[name] for row in rows] for name in names}
    to_driver_values(connection, table, columns)
    bulk_insert_tuples(connection, table.name, names, list(zip(*columns.values(), strict=True)))


def to_driver_values(connection: Connection, table: Table, columns: dict[str, list[Any]]) -> None:
    """Convert column-wise values in place to what the driver stores, exactly as SQLAlchemy's bind processing would.

    PostgreSQL's COPY adapts Python values itself and takes JSON as its text; SQLite gets SQLAlchemy's own bind
    processors, remembered per distinct value for the types whose values repeat (dates, timestamps, JSON).
    """
    dialect = connection.dialect
    for name, values in columns.items():
        column_type = table.columns[name].type
        if dialect.name == "postgresql":
            if isinstance(column_type, JSON):
                columns[name] = [None if v is None else json.dumps(v) for v in values]
            continue
        process = column_type.dialect_impl(dialect).bind_processor(dialect)
        if process is None:
            continue
        if isinstance(column_type, Numeric) and not isinstance(column_type, Float):
            columns[name] = [None if v is None else process(v) for v in values]
            continue
        keys = [tuple(v) if isinstance(v, list) else v for v in values] if isinstance(column_type, JSON) else values
        distinct = dict(zip(keys, values, strict=True))  # equal keys are equal values: one conversion each
        converted = {key: process(value) for key, value in distinct.items()}
        columns[name] = list(map(converted.__getitem__, keys))


@contextmanager
def temporary_postgres_database(server_url: str, prefix: str = "mst_tmp") -> Iterator[str]:
    """A new, empty PostgreSQL database on the server named by the URL, dropped (forcibly) afterwards."""
    server = make_url(normalise_url(server_url))
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
