"""Alembic environment: the URL comes from settings (or a connection handed in by app.migrate)."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy.engine import Connection

from app.config import get_settings
from app.db import is_sqlite, make_engine, normalise_url
from app.models import Base
from app.models.base import UTCDateTime

config = context.config
target_metadata = Base.metadata


def _render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Render project column types as plain SQLAlchemy types in migration files."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _configure(connection: Connection) -> None:
    """Configure the context for a live connection (batch mode on SQLite)."""
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=_render_item,
    )


def run_offline() -> None:
    """Emit SQL without a database."""
    url = normalise_url(config.get_main_option("sqlalchemy.url") or get_settings().database_url)
    context.configure(
        url=url, target_metadata=target_metadata, literal_binds=True, render_as_batch=is_sqlite(url)
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    """Apply migrations over a connection (the one handed in, or a new one)."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = config.get_main_option("sqlalchemy.url") or get_settings().database_url
    engine = make_engine(url)
    with engine.connect() as new_connection:
        _configure(new_connection)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
