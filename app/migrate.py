"""Apply Alembic migrations from code (the CLI, the service start-up and the tests use this)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from app.config import PROJECT_ROOT
from app.db import normalise_url


def alembic_config(url: str | None = None) -> Config:
    """The Alembic config of this repository, optionally pointed at a URL."""
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    if url is not None:
        config.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Bring the database behind the engine up to the given revision (all heads by default)."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_heads() -> tuple[str, ...]:
    """The head revisions the code expects."""
    from alembic.script import ScriptDirectory

    return tuple(ScriptDirectory.from_config(alembic_config()).get_heads())
