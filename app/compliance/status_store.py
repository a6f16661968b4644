"""Writes status rows at driver speed: plain tuples by COPY (PostgreSQL) or executemany (SQLite)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Table

from app.db import bulk_insert_tuples
from app.models.compliance import ComplianceStatus

TABLE = "compliance_statuses"
# What every write sets, in this order; an insert adds previous status and changed-at, an update the row id.
COLUMNS = (
    "organisation_id",
    "statement_year",
    "regime",
    "status",
    "basis",
    "sector",
    "turnover_band",
    "flags",
    "details",
    "period_end",
    "deadline",
    "statement_id",
    "assessment_id",
    "ruleset_versions",
    "ruleset_key",
    "reason_text",
    "inputs_fingerprint",
    "computed_at",
)
INSERT_COLUMNS = (*COLUMNS, "previous_status", "changed_at")
MOVED_COLUMNS = (*COLUMNS, "changed_at", "previous_status")


def bound_now(connection: Connection, now: datetime) -> Any:
    """The computed-at time as the connection's dialect binds it (COPY takes the datetime itself)."""
    if connection.dialect.name == "postgresql":
        return now
    column = cast(Table, ComplianceStatus.__table__).c.computed_at
    processor = column.type.dialect_impl(connection.dialect).bind_processor(connection.dialect)
    return processor(now) if processor is not None else now


def _assignments(columns: Sequence[str], value: Callable[[str], str]) -> str:
    """`name = <value>` for each column."""
    return ", ".join(f"{name} = {value(name)}" for name in columns)


def write(
    connection: Connection,
    inserts: list[tuple[Any, ...]],
    moved: list[tuple[Any, ...]],
    same: list[tuple[Any, ...]],
) -> None:
    """Insert new statuses (INSERT_COLUMNS), update those whose status moved (MOVED_COLUMNS + id) and those that
    only changed in detail (COLUMNS + id; their previous status and changed-at stay)."""
    bulk_insert_tuples(connection, TABLE, INSERT_COLUMNS, inserts)
    if connection.dialect.name == "postgresql":
        _update_by_copy(connection, moved, same)
        return
    for columns, rows in ((MOVED_COLUMNS, moved), (COLUMNS, same)):
        if rows:
            sql = f"UPDATE {TABLE} SET {_assignments(columns, lambda _: '?')} WHERE id = ?"
            connection.exec_driver_sql(sql, rows)


def _update_by_copy(connection: Connection, moved: list[tuple[Any, ...]], same: list[tuple[Any, ...]]) -> None:
    """PostgreSQL: COPY the new values into a temporary table, then one UPDATE ... FROM it."""
    if not moved and not same:
        return
    staging = "compliance_status_updates"
    connection.exec_driver_sql(
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {staging} ON COMMIT DROP AS "
        f"SELECT {', '.join(MOVED_COLUMNS)}, id FROM {TABLE} WITH NO DATA"
    )
    rows = [*moved, *((*row[:-1], None, None, row[-1]) for row in same)]  # no changed-at: the status stayed
    bulk_insert_tuples(connection, staging, (*MOVED_COLUMNS, "id"), rows)
    kept = {
        "changed_at": "coalesce(u.changed_at, t.changed_at)",
        "previous_status": "CASE WHEN u.changed_at IS NULL THEN t.previous_status ELSE u.previous_status END",
    }
    assignments = _assignments(MOVED_COLUMNS, lambda name: kept.get(name, f"u.{name}"))
    connection.exec_driver_sql(f"UPDATE {TABLE} AS t SET {assignments} FROM {staging} AS u WHERE t.id = u.id")
    connection.exec_driver_sql(f"TRUNCATE {staging}")
