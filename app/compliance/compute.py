"""Computes a chunk of statuses from raw inputs (no database): in the process, or in a worker while it writes."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date
from operator import attrgetter
from typing import Any

from app.compliance.inputs import FetchFacts, OrganisationFacts, StatusInputs, StatusResult
from app.compliance.loader import RawInputs
from app.compliance.regimes import Regime
from app.compliance.status import compute_status, timing

# (organisation, year) -> (row id, fingerprint, status) of the stored statuses.
Existing = dict[tuple[int, int], tuple[int, str, str]]


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


class StatusEncoder:
    """Turns results into rows of plain values as the database stores them (JSON as the text SQLAlchemy writes;
    dates as SQLite's ISO text, or as dates for PostgreSQL's COPY); `now` comes already converted."""

    def __init__(self, postgresql: bool, now: Any) -> None:
        from sqlalchemy.dialects.sqlite.base import DATE, SQLiteDialect

        self.now = now
        self._date = None if postgresql else DATE().bind_processor(SQLiteDialect())  # type: ignore[no-untyped-call]
        self._dates: dict[date, Any] = {}
        self._lists: dict[tuple[str, ...], str] = {}

    def day(self, value: date | None) -> Any:
        """A date as bound (memoised: a chunk has few distinct days)."""
        if value is None or self._date is None:
            return value
        bound = self._dates.get(value)
        if bound is None:
            bound = self._dates[value] = self._date(value)
        return bound

    def text_list(self, values: list[str]) -> str:
        """A short list of codes as JSON text (memoised: the same few combinations recur)."""
        key = tuple(values)
        text = self._lists.get(key)
        if text is None:
            text = self._lists[key] = json.dumps(values)
        return text

    def row(self, organisation: OrganisationFacts, result: StatusResult, fingerprint: str) -> tuple[Any, ...]:
        """The status_store.COLUMNS values of a result."""
        versions = result.ruleset_versions
        return (
            result.organisation_id,
            result.statement_year,
            result.regime,
            result.status,
            result.basis,
            organisation.sector,
            organisation.turnover_band,
            self.text_list(result.flag_codes),
            json.dumps(result.details()),
            self.day(result.period_end),
            self.day(result.deadline),
            result.statement_id,
            result.assessment_id,
            self.text_list(versions),
            ",".join(sorted(versions)),
            " | ".join(result.reasons),
            fingerprint,
            self.now,
        )


@dataclass
class ChunkResult:
    """What to write for a chunk: new rows, rows whose status moved, rows that changed only in detail; the moves
    as (organisation, year, previous, current) and the counts."""

    inserts: list[tuple[Any, ...]] = field(default_factory=list)
    moved: list[tuple[Any, ...]] = field(default_factory=list)
    same: list[tuple[Any, ...]] = field(default_factory=list)
    changes: list[tuple[int, int, str | None, str]] = field(default_factory=list)
    organisations: int = 0
    examined: int = 0
    cpu_seconds: float = 0.0  # the worker's CPU time for the chunk


def compute_chunk(
    raws: Iterable[RawInputs], existing: Existing, regime: Regime, today: date, years: list[int], encode: StatusEncoder
) -> ChunkResult:
    """Fingerprint every organisation-year, and compute and encode those whose fingerprint changed."""
    out = ChunkResult()
    for raw in raws:
        out.organisations += 1
        org_id = raw.organisation.id
        fingerprint = Fingerprinter(raw, regime)
        for year in years:
            print_ = fingerprint(year, today)
            out.examined += 1
            stored = existing.get((org_id, year))
            if stored is not None and stored[1] == print_:
                continue
            result = compute_status(raw.build(), year, regime, today)
            values = encode.row(raw.organisation, result, print_)
            if stored is None:
                out.inserts.append((*values, None, encode.now))
                out.changes.append((org_id, year, None, result.status))
            elif stored[2] != result.status:
                out.moved.append((*values, encode.now, stored[2], stored[0]))
                out.changes.append((org_id, year, stored[2], result.status))
            else:
                out.same.append((*values, stored[0]))
    return out


_ORGANISATION = attrgetter(*(f.name for f in fields(OrganisationFacts)))
_FETCH = attrgetter(*(f.name for f in fields(FetchFacts)))
# RawInputs as plain tuples: about half the cost of pickling the dataclasses for the worker.
Wire = tuple[tuple[Any, ...], list[tuple[Any, ...]], list[tuple[Any, ...]], dict[tuple[int, int], tuple[int, bool]]]


def to_wire(raw: RawInputs) -> Wire:
    """A RawInputs as plain tuples."""
    return _ORGANISATION(raw.organisation), raw.statements, [_FETCH(f) for f in raw.fetches], raw.links


def from_wire(wire: Wire) -> RawInputs:
    """The RawInputs back from plain tuples."""
    organisation, statements, fetches, links = wire
    return RawInputs(OrganisationFacts(*organisation), statements, [FetchFacts(*f) for f in fetches], links)


def compute_wire_chunk(
    wires: list[Wire],
    existing: Existing,
    regime: Regime,
    today: date,
    years: list[int],
    postgresql: bool,
    now: Any,
) -> ChunkResult:
    """The worker's task: compute_chunk over inputs sent as plain tuples."""
    return compute_chunk(map(from_wire, wires), existing, regime, today, years, StatusEncoder(postgresql, now))
