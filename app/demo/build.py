"""Build a demo database: fresh, migrated, and filled with the synthetic register through the real importer."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, MetaData, func, inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import aliased, sessionmaker

from app.config import Settings, get_settings
from app.db import is_sqlite, make_engine, normalise_url, session_scope
from app.demo.register import DEMO_SEED, DEMO_SIZE, WebsiteFor, register_csv
from app.errors import Conflict, Forbidden
from app.migrate import upgrade
from app.models.organisations import Organisation
from app.organisations.imports import ImportReport, import_organisations

DEMO_FILE_NAME = "demo-register.csv"


@dataclass
class DemoBuild:
    """What building the demo database did."""

    url: str
    organisations: int
    groups: int
    subsidiaries: int
    scope: dict[str, int]
    report: ImportReport
    seconds: float
    recreated: str = ""
    jurisdictions: dict[str, int] = field(default_factory=dict)


def demo_database_url(settings: Settings | None = None) -> str:
    """MST_DATABASE_URL when it is set, otherwise the demo's own SQLite file under the data folder."""
    settings = settings or get_settings()
    if "database_url" in settings.model_fields_set:
        return settings.database_url
    return f"sqlite:///{settings.data_dir / 'demo.sqlite3'}"


def _delete_sqlite_file(url: str) -> bool:
    """Delete an SQLite database file and its WAL companions; True when there was one."""
    database = make_url(normalise_url(url)).database
    if not database or database == ":memory:":
        return False
    path = Path(database)
    existed = path.exists()
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        candidate.unlink(missing_ok=True)
    return existed


def _drop_everything(engine: Engine) -> None:
    """Drop every table in the database (including Alembic's version table)."""
    metadata = MetaData()
    metadata.reflect(engine)
    metadata.drop_all(engine)


def _organisation_count(engine: Engine) -> int:
    """Organisations already stored (0 when the table does not exist yet)."""
    if not inspect(engine).has_table(Organisation.__tablename__):
        return 0
    with engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(Organisation)) or 0)


def prepare_database(url: str, *, own_file: bool, reset: bool) -> tuple[Engine, str]:
    """An engine over an empty, migrated database; say how it was made fresh."""
    settings = get_settings()
    how = "created"
    if own_file and is_sqlite(url) and _delete_sqlite_file(url):
        how = "deleted and recreated"
    engine = make_engine(url)
    if not own_file:
        stored = _organisation_count(engine)
        if stored and not reset:
            engine.dispose()
            raise Conflict(
                f"the database already holds {stored} organisations; pass --reset to wipe it for the demo",
                details={"organisations": stored},
            )
        if reset:
            if settings.environment == "production":
                engine.dispose()
                raise Forbidden("refusing to wipe a database while MST_ENVIRONMENT=production")
            _drop_everything(engine)
            how = "wiped and recreated"
    upgrade(engine)
    return engine, how


def build_demo_database(
    url: str | None = None,
    n: int = DEMO_SIZE,
    seed: int = DEMO_SEED,
    *,
    reset: bool = False,
    website_for: WebsiteFor | None = None,
) -> tuple[Engine, DemoBuild]:
    """Make the demo database fresh, import `n` generated organisations, and report the result."""
    own_file = url is None and "database_url" not in get_settings().model_fields_set
    url = url or demo_database_url()
    started = time.perf_counter()
    engine, how = prepare_database(url, own_file=own_file, reset=reset)
    data = register_csv(n, seed, website_for)
    with session_scope(sessionmaker(bind=engine, expire_on_commit=False)) as session:
        report = import_organisations(session, data, DEMO_FILE_NAME, file_format="generic", source="demo")
    if report.problems or not report.stored:
        engine.dispose()
        shown = "; ".join(str(p) for p in report.problems[:5])
        raise RuntimeError(f"the generated register did not import cleanly: {shown}")
    build = summarise(engine, report)
    build.url = engine.url.render_as_string(hide_password=True)
    build.seconds = time.perf_counter() - started
    build.recreated = how
    return engine, build


def summarise(engine: Engine, report: ImportReport) -> DemoBuild:
    """Counts of organisations, groups, subsidiaries, scope statuses and jurisdictions in the database."""
    child = aliased(Organisation)
    with engine.connect() as connection:
        total = int(connection.scalar(select(func.count()).select_from(Organisation)) or 0)
        subsidiaries = int(connection.scalar(select(func.count()).where(Organisation.parent_id.is_not(None))) or 0)
        tops = select(func.count(func.distinct(Organisation.id))).join(child, child.parent_id == Organisation.id)
        groups = int(connection.scalar(tops.where(Organisation.parent_id.is_(None))) or 0)
        scope_rows = connection.execute(
            select(Organisation.scope_status, func.count()).group_by(Organisation.scope_status)
        )
        scope = {str(status): int(count) for status, count in scope_rows}
        place_rows = connection.execute(
            select(Organisation.jurisdiction, func.count()).group_by(Organisation.jurisdiction)
        )
        jurisdictions = {str(code): int(count) for code, count in place_rows}
    return DemoBuild("", total, groups, subsidiaries, scope, report, 0.0, jurisdictions=jurisdictions)
