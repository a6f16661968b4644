"""Bulk loading: build a table's indexes once, after the rows are in, instead of row by row."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection, text


@dataclass(frozen=True)
class _Deferred:
    """A dropped index or constraint and the statement that puts it back."""

    drop: str
    restore: str
    order: int  # unique keys first, then plain indexes, then foreign keys (which need the keys they check)


def _quote(name: str) -> str:
    """A double-quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


_PG_INDEXES = text(
    """
    SELECT i.relname, pg_get_indexdef(i.oid)
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
    WHERE x.indrelid = CAST(:t AS regclass)
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid)
    ORDER BY i.relname
    """
)
# The table's foreign keys, and its primary and unique keys that no foreign key (of any table) relies on.
_PG_CONSTRAINTS = text(
    """
    SELECT c.conname, c.contype, pg_get_constraintdef(c.oid)
    FROM pg_constraint c
    WHERE c.conrelid = CAST(:t AS regclass)
      AND (c.contype = 'f' OR (c.contype IN ('p', 'u') AND NOT EXISTS (
            SELECT 1 FROM pg_constraint r WHERE r.contype = 'f' AND r.conindid = c.conindid)))
    ORDER BY c.conname
    """
)


def _postgres(connection: Connection, table: str) -> list[_Deferred]:
    """Secondary indexes, foreign keys and unreferenced unique keys of a PostgreSQL table."""
    found: list[_Deferred] = []
    for name, definition in connection.execute(_PG_INDEXES, {"t": table}):
        found.append(_Deferred(f"DROP INDEX {_quote(name)}", definition, 1))
    for name, kind, definition in connection.execute(_PG_CONSTRAINTS, {"t": table}):
        found.append(
            _Deferred(
                f"ALTER TABLE {_quote(table)} DROP CONSTRAINT {_quote(name)}",
                f"ALTER TABLE {_quote(table)} ADD CONSTRAINT {_quote(name)} {definition}",
                2 if kind == "f" else 0,
            )
        )
    return found


def _sqlite(connection: Connection, table: str) -> list[_Deferred]:
    """Explicitly created indexes of an SQLite table (keys declared in the table itself cannot be dropped)."""
    rows = connection.execute(
        text("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :t AND sql IS NOT NULL"),
        {"t": table},
    )
    return [_Deferred(f"DROP INDEX {_quote(name)}", sql, 1) for name, sql in rows]


@contextmanager
def deferred_indexes(connection: Connection, tables: Sequence[str]) -> Iterator[None]:
    """Drop the tables' secondary indexes (on PostgreSQL also their foreign keys and unreferenced unique keys),
    run the body, then rebuild every one of them in the same transaction.

    Rebuilding sorts each index once, which is far cheaper than growing it row by row when a load adds at least
    as many rows as the table held. Unique and foreign keys are checked in full when they are put back, so a
    violation still fails the transaction. On PostgreSQL the drop locks the tables against readers until the
    transaction ends: use it for loads that dwarf the table, not for everyday writes.
    """
    inspect = _postgres if connection.dialect.name == "postgresql" else _sqlite
    deferred = [item for table in tables for item in inspect(connection, table)]
    for item in sorted(deferred, key=lambda d: -d.order):  # foreign keys go before the keys they use
        connection.exec_driver_sql(item.drop)
    yield
    for item in sorted(deferred, key=lambda d: d.order):
        connection.exec_driver_sql(item.restore)
