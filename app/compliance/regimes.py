"""Reporting regimes as data: deadline per statement year, statement-year rule, basis and citation."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml

from app.errors import InvalidInput

REGIMES_FILE = Path(__file__).with_name("regimes.yaml")
Basis = Literal["law", "guidance", "registry", "proposed"]
BASES = ("law", "guidance", "registry", "proposed")


@lru_cache(maxsize=65536)
def add_months(day: date, months: int) -> date:
    """The same day N months later, clamped to the month's end (31 Aug + 6 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@lru_cache(maxsize=65536)
def year_end_in(year: int, month: int, day: int) -> date:
    """The financial year end falling in a calendar year (29 Feb becomes 28 Feb outside leap years)."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Regime:
    """One reporting regime: how a statement year maps to a period end and a deadline."""

    code: str
    title: str
    jurisdiction: str
    kind: Literal["months_after_year_end", "fixed_date"]
    basis: Basis
    citation: str
    minimum_bases: tuple[str, ...]
    first_statement_year: int
    track_years: int
    penalty_note: str
    months: int = 6
    month: int = 0
    day: int = 0
    covers_month: int = 12
    covers_day: int = 31
    covers_year_offset: int = 0

    def period_end_for(self, year: int, fye_month: int, fye_day: int) -> date:
        """The financial year end whose statement is due in statement year `year`."""
        if self.kind == "months_after_year_end":
            for candidate_year in (year, year - 1, year - 2):
                candidate = year_end_in(candidate_year, fye_month, fye_day)
                if add_months(candidate, self.months).year == year:
                    return candidate
            raise AssertionError("unreachable: a 6-month rule always lands in one of three years")
        limit = self.covers_limit(year)
        candidate = year_end_in(limit.year, fye_month, fye_day)
        return candidate if candidate <= limit else year_end_in(limit.year - 1, fye_month, fye_day)

    def covers_limit(self, year: int) -> date:
        """For a fixed-date regime: the last period end that statement year `year` covers."""
        return year_end_in(year + self.covers_year_offset, self.covers_month, self.covers_day)

    def deadline_for(self, year: int, period_end: date) -> date:
        """The date by which the statement for `year` (covering `period_end`) is due."""
        if self.kind == "months_after_year_end":
            return add_months(period_end, self.months)
        return year_end_in(year, self.month, self.day)

    def statement_year_of(self, period_end: date) -> int:
        """The statement year a statement for a period ending on `period_end` belongs to."""
        if self.kind == "months_after_year_end":
            return add_months(period_end, self.months).year
        base = period_end.year - self.covers_year_offset
        return base if period_end <= self.covers_limit(base) else base + 1

    def earliest_period_end(self, year: int) -> date:
        """The first period end whose statement belongs to statement year `year` or later (the statement year of
        a period end never decreases as the period end moves later, so a binary search over days finds it)."""
        low, high = date(year - 5, 1, 1).toordinal(), date(year + 1, 12, 31).toordinal()
        while low < high:
            middle = (low + high) // 2
            if self.statement_year_of(date.fromordinal(middle)) >= year:
                high = middle
            else:
                low = middle + 1
        return date.fromordinal(low)

    def deadline_text(self) -> str:
        """The deadline rule in words."""
        if self.kind == "months_after_year_end":
            return f"{self.months} months after the financial year end"
        return f"{self.day} {calendar.month_name[self.month]} each year"

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of a regime."""
        return {
            "code": self.code,
            "title": self.title,
            "jurisdiction": self.jurisdiction,
            "deadline": self.deadline_text(),
            "basis": self.basis,
            "citation": self.citation,
            "minimum_bases": list(self.minimum_bases),
            "penalty_note": self.penalty_note,
        }


def _parse(code: str, raw: dict[str, Any], source: Path) -> Regime:
    """One regime from its YAML mapping, or a clear error naming the file and regime."""
    try:
        deadline = raw["deadline"]
        covers = deadline.get("covers_period_ending", {})
        regime = Regime(
            code=code,
            title=str(raw["title"]),
            jurisdiction=str(raw["jurisdiction"]),
            kind=deadline["kind"],
            basis=raw["basis"],
            citation=str(raw["citation"]),
            minimum_bases=tuple(raw["minimum_bases"]),
            first_statement_year=int(raw["first_statement_year"]),
            track_years=int(raw.get("track_years", 3)),
            penalty_note=str(raw["penalty_note"]),
            months=int(deadline.get("months", 6)),
            month=int(deadline.get("month", 0)),
            day=int(deadline.get("day", 0)),
            covers_month=int(covers.get("month", 12)),
            covers_day=int(covers.get("day", 31)),
            covers_year_offset=int(covers.get("year_offset", 0)),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{source}: regime {code!r}: missing or bad field ({exc})") from exc
    if regime.kind not in ("months_after_year_end", "fixed_date"):
        raise ValueError(f"{source}: regime {code!r}: unknown deadline kind {regime.kind!r}")
    if regime.basis not in BASES or not set(regime.minimum_bases) <= set(BASES):
        raise ValueError(f"{source}: regime {code!r}: basis must be one of {', '.join(BASES)}")
    if regime.kind == "fixed_date":
        for month, day in ((regime.month, regime.day), (regime.covers_month, regime.covers_day)):
            if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(2024, month)[1]):
                raise ValueError(f"{source}: regime {code!r}: {day}/{month} is not a date")
    return regime


@lru_cache
def load_regimes(path: Path = REGIMES_FILE) -> dict[str, Regime]:
    """Every configured regime by code."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {code: _parse(code, raw, path) for code, raw in (data.get("regimes") or {}).items()}


def get_regime(code: str) -> Regime:
    """A regime by code, or InvalidInput listing the known ones."""
    regimes = load_regimes()
    if code not in regimes:
        raise InvalidInput(f"unknown regime {code!r}", details={"known": sorted(regimes)})
    return regimes[code]


def default_regime() -> Regime:
    """The deployment's regime (MST_REGIME)."""
    from app.config import get_settings

    return get_regime(get_settings().regime)
