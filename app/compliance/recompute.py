"""Writes statuses: compute each organisation's years, and write only the rows whose inputs changed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from app.compliance.inputs import StatusInputs, StatusResult
from app.compliance.loader import load_inputs
from app.compliance.regimes import Regime, default_regime
from app.compliance.status import compute_status, statement_year_of
from app.models.base import utcnow
from app.models.compliance import ComplianceStatus
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


def years_for(inputs: StatusInputs, regime: Regime, today: date) -> list[int]:
    """The tracked statement years plus any year a statement belongs to (never before the regime began)."""
    years = set(range(today.year - regime.track_years + 1, today.year + 1))
    years |= {y for s in inputs.statements if (y := statement_year_of(s, regime)) is not None and y <= today.year + 1}
    return sorted(y for y in years if y >= regime.first_statement_year)


def fingerprint(inputs: StatusInputs, result: StatusResult, regime: Regime, today: date) -> str:
    """A hash of what the year's status depends on: the organisation, the year's statements, the searches made
    after the period ended, the regime and year, and whether the deadline has passed."""
    phase = "due" if result.deadline is None or today > result.deadline else "before"
    year = result.statement_year
    statements = [asdict(s) for s in inputs.statements if statement_year_of(s, regime) == year]
    after = result.period_end
    fetches = [asdict(f) for f in inputs.fetches if after is None or f.attempted_at.date() > after]
    blob = json.dumps(
        [asdict(inputs.organisation), statements, fetches, result.regime, year, phase], default=str, sort_keys=True
    )
    return hashlib.sha256(blob.encode()).hexdigest()


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
    """Compute one chunk of organisations and write what changed."""
    inputs_by_org = load_inputs(session, ids)
    existing = _existing(session, ids, regime.code)
    now = utcnow()
    inserts: list[dict[str, Any]] = []
    for org_id, inputs in inputs_by_org.items():
        for year in years_for(inputs, regime, today):
            result = compute_status(inputs, year, regime, today)
            print_ = fingerprint(inputs, result, regime, today)
            report.examined += 1
            stored = existing.get((org_id, year))
            if stored is not None and stored[1] == print_:
                continue
            values = _row(inputs, result, print_, now)
            if stored is None:
                inserts.append({**values, "changed_at": now, "previous_status": None})
                report.changes.append(StatusChange(org_id, year, None, result.status))
            else:
                if stored[2] != result.status:
                    values.update(changed_at=now, previous_status=stored[2])
                    report.changes.append(StatusChange(org_id, year, stored[2], result.status))
                session.execute(update(ComplianceStatus).where(ComplianceStatus.id == stored[0]).values(**values))
            report.written += 1
    if inserts:
        session.execute(insert(ComplianceStatus), inserts)
    report.organisations += len(inputs_by_org)


def recompute_for_organisations(
    session: Session, ids: Iterable[int], regime: Regime | None = None, today: date | None = None
) -> RecomputeReport:
    """Recompute the statuses of some organisations (after an import, a statement, an assessment, a year end)."""
    regime = regime or default_regime()
    today = today or datetime.now(UTC).date()
    report = RecomputeReport(regime.code)
    unique = sorted(set(ids))
    for start in range(0, len(unique), CHUNK):
        _recompute_chunk(session, unique[start : start + CHUNK], regime, today, report)
    session.flush()
    _notify(session, report)
    return report


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
