"""Writes statuses: compute each organisation's years, and write only the rows whose inputs changed."""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from app.compliance.inputs import StatusInputs, StatusResult
from app.compliance.loader import RawInputs, load_raw
from app.compliance.regimes import Regime, default_regime
from app.compliance.status import compute_status, timing
from app.compliance.summary_lock import serialise_summary_refresh
from app.models.base import utcnow
from app.models.compliance import ComplianceStatus, ComplianceSummary
from app.models.organisations import Organisation

CHUNK = 1000


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


def years_for(regime: Regime, today: date) -> list[int]:
    """The tracked statement years: the regime's window ending this year (never before the regime began)."""
    return [y for y in range(today.year - regime.track_years + 1, today.year + 1) if y >= regime.first_statement_year]


class Fingerprinter:
    """Hashes what one year's status depends on: the organisation, that year's statements, the searches made after
    the period ended, the regime and year, and whether the deadline has passed (from the raw rows, unparsed)."""

    def __init__(self, raw: RawInputs, regime: Regime) -> None:
        self.raw, self.regime = raw, regime
        self.organisation = repr(raw.organisation)
        self.by_year: dict[int | None, list[str]] = {}
        for row in raw.statements:
            period_end, stored_year = row[5], row[6]
            year = regime.statement_year_of(period_end) if period_end is not None else stored_year
            self.by_year.setdefault(year, []).append(repr((row, raw.links.get((raw.organisation.id, row[1])))))
        self.fetches = [(f.attempted_at.date(), repr(f)) for f in raw.fetches]

    def __call__(self, year: int, today: date) -> str:
        """The fingerprint of one year."""
        org = self.raw.organisation
        known = bool(org.fye_month and org.fye_day)
        times = timing(self.raw.build() if not known else StatusInputs(org), year, self.regime)
        period_end, phase = (times[0], "due" if today > times[1] else "before") if times else (None, "n/a")
        parts = [self.organisation, self.regime.code, str(year), phase, *self.by_year.get(year, ())]
        parts += [text for day, text in self.fetches if period_end is None or day > period_end]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _row(inputs: StatusInputs, result: StatusResult, print_: str, now: datetime) -> dict[str, Any]:
    """The column values for a status."""
    return {
        "sector": inputs.organisation.sector,
        "turnover_band": inputs.organisation.turnover_band,
        "organisation_id": result.organisation_id,
        "statement_year": result.statement_year,
        "regime": result.regime,
        "status": result.status,
        "basis": result.basis,
        "flags": result.flag_codes,
        "details": result.details(),
        "period_end": result.period_end,
        "deadline": result.deadline,
        "statement_id": result.statement_id,
        "assessment_id": result.assessment_id,
        "ruleset_versions": result.ruleset_versions,
        "ruleset_key": ",".join(sorted(result.ruleset_versions)),
        "reason_text": " | ".join(result.reasons),
        "inputs_fingerprint": print_,
        "computed_at": now,
    }


def _existing(session: Session, ids: Sequence[int], regime: str) -> dict[tuple[int, int], tuple[int, str, str]]:
    """(organisation, year) -> (row id, fingerprint, status) of stored statuses."""
    c = ComplianceStatus
    rows = session.execute(
        select(c.organisation_id, c.statement_year, c.id, c.inputs_fingerprint, c.status).where(
            c.organisation_id.in_(ids), c.regime == regime
        )
    )
    return {(r[0], r[1]): (r[2], r[3], r[4]) for r in rows}


def _recompute_chunk(
    session: Session, ids: Sequence[int], regime: Regime, today: date, report: RecomputeReport
) -> None:
    """Compute one chunk of organisations and write what changed (unchanged fingerprints are not recomputed)."""
    years = years_for(regime, today)
    if not years:
        return
    raw_by_org = load_raw(session, ids, since=date(min(years) - 2, 1, 1))
    existing = _existing(session, ids, regime.code)
    now = utcnow()
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for org_id, raw in raw_by_org.items():
        fingerprint = Fingerprinter(raw, regime)
        for year in years:
            print_ = fingerprint(year, today)
            report.examined += 1
            stored = existing.get((org_id, year))
            if stored is not None and stored[1] == print_:
                continue
            inputs = raw.build()
            result = compute_status(inputs, year, regime, today)
            values = _row(inputs, result, print_, now)
            if stored is None:
                inserts.append({**values, "changed_at": now, "previous_status": None})
                report.changes.append(StatusChange(org_id, year, None, result.status))
            else:
                changed = stored[2] != result.status
                values.update(changed_at=now if changed else None, previous_status=stored[2], b_id=stored[0])
                updates.append(values)
                if changed:
                    report.changes.append(StatusChange(org_id, year, stored[2], result.status))
            report.written += 1
    _write(session, inserts, updates)
    report.organisations += len(raw_by_org)


def _write(session: Session, inserts: list[dict[str, Any]], updates: list[dict[str, Any]]) -> None:
    """One executemany for new statuses, one per kind of update (status moved, or only its details)."""
    table = cast(Table, ComplianceStatus.__table__)
    if inserts:
        session.execute(insert(table), inserts)
    moved = [u for u in updates if u["changed_at"] is not None]
    same = [
        {k: v for k, v in u.items() if k not in ("changed_at", "previous_status")}
        for u in updates
        if u["changed_at"] is None
    ]
    for rows in (moved, same):
        if rows:
            columns: dict[str, Any] = {k: bindparam(k) for k in rows[0] if k != "b_id"}
            session.execute(update(table).where(table.c.id == bindparam("b_id")).values(columns), rows)


def recompute_for_organisations(
    session: Session, ids: Iterable[int], regime: Regime | None = None, today: date | None = None
) -> RecomputeReport:
    """Recompute the statuses of some organisations (after an import, a statement, an assessment, a year end)."""
    regime = regime or default_regime()
    today = today or datetime.now(UTC).date()
    report = RecomputeReport(regime.code)
    unique = sorted(set(ids))
    automatic_gc = gc.isenabled()
    gc.disable()  # a batch allocates many short-lived objects: collect per chunk, not whenever counts trip
    try:
        for start in range(0, len(unique), CHUNK):
            _recompute_chunk(session, unique[start : start + CHUNK], regime, today, report)
            gc.collect(0)
    finally:
        if automatic_gc:
            gc.enable()
    if report.written:
        refresh_summaries(session, regime.code, years_for(regime, today))
    session.flush()
    _notify(session, report)
    return report


def refresh_summaries(session: Session, regime: str, years: Sequence[int]) -> None:
    """Rebuild the summary counts of the regime's years from the stored statuses."""
    c, summary = ComplianceStatus, ComplianceSummary
    serialise_summary_refresh(session, regime)
    session.execute(delete(summary).where(summary.regime == regime, summary.statement_year.in_(years)))
    rows = session.execute(
        select(c.statement_year, c.status, c.sector, c.turnover_band, c.ruleset_key, func.count())
        .where(c.regime == regime, c.statement_year.in_(years))
        .group_by(c.statement_year, c.status, c.sector, c.turnover_band, c.ruleset_key)
    ).all()
    now = utcnow()
    if rows:
        session.execute(
            insert(cast(Table, summary.__table__)),
            [
                {
                    "regime": regime,
                    "statement_year": r[0],
                    "status": r[1],
                    "sector": r[2],
                    "turnover_band": r[3],
                    "ruleset_key": r[4],
                    "count": r[5],
                    "refreshed_at": now,
                }
                for r in rows
            ],
        )


def recompute_all(session: Session, regime: Regime | None = None, today: date | None = None) -> RecomputeReport:
    """Recompute every organisation (for a new ruleset version or the daily deadline pass)."""
    ids = list(session.scalars(select(Organisation.id).order_by(Organisation.id)))
    return recompute_for_organisations(session, ids, regime, today)


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
