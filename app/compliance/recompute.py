"""Writes statuses: compute each organisation's years, and write only the rows whose inputs changed."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import cast

from sqlalchemy import Connection, Table, delete, func, insert, literal, select
from sqlalchemy.orm import Session

from app.compliance import status_store
from app.compliance.compute import (
    ChunkResult,
    Existing,
    StatusEncoder,
    compute_chunk,
    to_wire,
)
from app.compliance.loader import RawInputs, Span, load_raw
from app.compliance.regimes import Regime, default_regime
from app.compliance.summary_lock import serialise_summary_refresh
from app.compliance.worker import ChunkWorker
from app.models.base import UTCDateTime, utcnow
from app.models.compliance import ComplianceStatus, ComplianceSummary
from app.models.organisations import Organisation

CHUNK = 1000
PARALLEL_MIN = 5_000  # organisations from which a worker process computes while this one reads and writes


@dataclass
class StatusChange:
    """A status that moved from one value to another."""

    organisation_id: int
    statement_year: int
    previous: str | None
    current: str


@dataclass
class RecomputeReport:
    """What a recomputation examined and wrote."""

    regime: str
    organisations: int = 0
    examined: int = 0
    written: int = 0
    changes: list[StatusChange] = field(default_factory=list)
    worker_cpu_seconds: float = 0.0  # CPU time of the worker process, when one computed the chunks


def years_for(regime: Regime, today: date) -> list[int]:
    """The tracked statement years: the regime's window ending this year (never before the regime began)."""
    return [y for y in range(today.year - regime.track_years + 1, today.year + 1) if y >= regime.first_statement_year]


def _existing(connection: Connection, span: Span, regime: str) -> Existing:
    """(organisation, year) -> (row id, fingerprint, status) of stored statuses."""
    c = ComplianceStatus
    rows = connection.execute(
        select(c.organisation_id, c.statement_year, c.id, c.inputs_fingerprint, c.status).where(
            span.where(c.organisation_id), c.regime == regime
        )
    )
    return {(r[0], r[1]): (r[2], r[3], r[4]) for r in rows}


def _load(session: Session, span: Span, regime: Regime, years: list[int]) -> tuple[list[RawInputs], Existing]:
    """A chunk's raw inputs (statements only from the first period end that counts) and its stored statuses."""
    raws = load_raw(session, span, since=regime.earliest_period_end(min(years)), all_rules=False)
    return list(raws.values()), _existing(session.connection(), span, regime.code)


def _apply(session: Session, done: ChunkResult, report: RecomputeReport) -> None:
    """Write a computed chunk and count it."""
    status_store.write(session.connection(), done.inserts, done.moved, done.same)
    report.organisations += done.organisations
    report.examined += done.examined
    report.written += len(done.inserts) + len(done.moved) + len(done.same)
    report.changes.extend(StatusChange(*change) for change in done.changes)
    report.worker_cpu_seconds += done.cpu_seconds


def recompute_for_organisations(
    session: Session, ids: Iterable[int], regime: Regime | None = None, today: date | None = None
) -> RecomputeReport:
    """Recompute the statuses of some organisations (after an import, a statement, an assessment, a year end)."""
    unique = sorted(set(ids))
    spans = [Span.of(unique[i : i + CHUNK]) for i in range(0, len(unique), CHUNK)]
    return _recompute(session, spans, len(unique), regime, today)


def _recompute(
    session: Session, spans: list[Span], count: int, regime: Regime | None, today: date | None
) -> RecomputeReport:
    """Recompute the organisations of each span in turn, then refresh the summaries and queue notifications."""
    regime = regime or default_regime()
    today = today or datetime.now(UTC).date()
    report = RecomputeReport(regime.code)
    years = years_for(regime, today)
    if not years:
        return report
    session.flush()  # inputs are read through the session's connection: pending ORM changes must be there
    automatic_gc = gc.isenabled()
    gc.disable()  # a batch allocates many short-lived objects: collect per chunk, not whenever counts trip
    try:
        if count >= PARALLEL_MIN:
            _in_worker(session, spans, regime, today, years, report)
        else:
            for span in spans:
                raws, existing = _load(session, span, regime, years)
                encode = StatusEncoder(_postgresql(session), status_store.bound_now(session.connection(), utcnow()))
                _apply(session, compute_chunk(raws, existing, regime, today, years, encode), report)
                gc.collect(0)
    finally:
        if automatic_gc:
            gc.enable()
    if report.written:
        refresh_summaries(session, regime.code, years)
    session.flush()
    _notify(session, report)
    return report


def _postgresql(session: Session) -> bool:
    """Whether the session's database is PostgreSQL."""
    return session.connection().dialect.name == "postgresql"


def _in_worker(
    session: Session, spans: list[Span], regime: Regime, today: date, years: list[int], report: RecomputeReport
) -> None:
    """A worker process computes each chunk while this one loads the next and writes the last (2 cores). Only one
    chunk is in the pipe at a time: this side sends the next chunk right after taking the last one's result."""
    postgresql = _postgresql(session)
    with ChunkWorker() as worker:
        waiting = False
        for span in spans:
            raws, existing = _load(session, span, regime, years)
            now = status_store.bound_now(session.connection(), utcnow())
            task = ([to_wire(raw) for raw in raws], existing, regime, today, years, postgresql, now)
            del raws
            done = worker.result() if waiting else None
            worker.send(task)
            waiting = True
            del task
            if done is not None:
                _apply(session, done, report)
            gc.collect(0)
        if waiting:
            _apply(session, worker.result(), report)


def refresh_summaries(session: Session, regime: str, years: Sequence[int]) -> None:
    """Rebuild the summary counts of the regime's years from the stored statuses (one INSERT ... SELECT)."""
    c, summary = ComplianceStatus, ComplianceSummary
    serialise_summary_refresh(session, regime)
    session.execute(delete(summary).where(summary.regime == regime, summary.statement_year.in_(years)))
    grouped = (c.regime, c.statement_year, c.status, c.sector, c.turnover_band, c.ruleset_key)
    counts = (
        select(*grouped, func.count(), literal(utcnow(), UTCDateTime()))
        .where(c.regime == regime, c.statement_year.in_(years))
        .group_by(*grouped)
    )
    columns = ["regime", "statement_year", "status", "sector", "turnover_band", "ruleset_key", "count", "refreshed_at"]
    session.execute(insert(cast(Table, summary.__table__)).from_select(columns, counts))


def recompute_all(session: Session, regime: Regime | None = None, today: date | None = None) -> RecomputeReport:
    """Recompute every organisation (for a new ruleset version or the daily deadline pass), in id ranges."""
    ids = list(session.scalars(select(Organisation.id).order_by(Organisation.id)))
    spans = [Span(ids[i], ids[min(i + CHUNK, len(ids)) - 1]) for i in range(0, len(ids), CHUNK)]
    return _recompute(session, spans, len(ids), regime, today)


def _notify(session: Session, report: RecomputeReport) -> None:
    """Queue notifications for organisations that became late or missing."""
    from app.compliance.notifications import emit

    for change in report.changes:
        if change.current in ("late", "missing") and change.previous not in (None, change.current):
            emit(
                session,
                "organisation.status_changed",
                {
                    "organisation_id": change.organisation_id,
                    "statement_year": change.statement_year,
                    "regime": report.regime,
                    "previous_status": change.previous,
                    "status": change.current,
                },
            )
