"""When to visit an organisation's website next: regularly, more often near its deadline, less after failures."""

from __future__ import annotations

import calendar
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

CADENCE_FILE = Path(__file__).with_name("cadence.yaml")
STATEMENT_DUE_MONTHS = 6


@dataclass(frozen=True)
class Cadence:
    """The cadence rules (see cadence.yaml)."""

    base_days: float
    found_days: float
    due_window_days: float
    due_days: float
    overdue_window_days: float
    overdue_days: float
    failure_outcomes: tuple[str, ...]
    failure_first_days: float
    failure_factor: float
    failure_max_days: float
    jitter: float


@lru_cache
def load_cadence(path: Path = CADENCE_FILE) -> Cadence:
    """Read the cadence rules; a missing or mistyped key is an error naming the file and key."""
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    try:
        numbers = {name: float(data[name]) for name in Cadence.__dataclass_fields__ if name != "failure_outcomes"}
        return Cadence(failure_outcomes=tuple(str(o) for o in data["failure_outcomes"]), **numbers)
    except KeyError as missing:
        raise ValueError(f"{path}: missing key {missing}") from None
    except (TypeError, ValueError) as error:
        raise ValueError(f"{path}: {error}") from None


def statement_deadlines(today: date, year_end_month: int | None, year_end_day: int | None) -> tuple[date, date] | None:
    """The latest deadline on or before today and the next one after it (financial year end + 6 months)."""
    if not year_end_month:
        return None
    deadlines = [
        _plus_months(_year_end(year, year_end_month, year_end_day), STATEMENT_DUE_MONTHS)
        for year in range(today.year - 2, today.year + 2)
    ]
    past = max((d for d in deadlines if d <= today), default=deadlines[0])
    future = min(d for d in deadlines if d > today)
    return past, future


def next_visit(
    now: datetime,
    outcome: str,
    failures: int,
    year_end: tuple[int | None, int | None],
    rng: random.Random | None = None,
) -> tuple[datetime, float, str]:
    """(next visit time, interval in days, the reason) after a visit that ended with `outcome`."""
    rules = load_cadence()
    if outcome in rules.failure_outcomes and failures > 0:
        days = min(rules.failure_first_days * rules.failure_factor ** (failures - 1), rules.failure_max_days)
        reason = f"site failed {failures} time(s) in a row: backing off"
    else:
        days, reason = (rules.found_days, "statement found") if outcome == "found" else (rules.base_days, "regular")
        deadlines = statement_deadlines(now.date(), *year_end)
        if deadlines is not None:
            past, future = deadlines
            if (future - now.date()).days <= rules.due_window_days:
                days, reason = min(days, rules.due_days), f"statement due by {future.isoformat()}"
            elif (now.date() - past).days <= rules.overdue_window_days and outcome != "found":
                days, reason = min(days, rules.overdue_days), f"statement was due by {past.isoformat()}"
    spread = 1 + (rng or random).uniform(-rules.jitter, rules.jitter)
    return now + timedelta(days=days * spread), days, reason


def _year_end(year: int, month: int, day: int | None) -> date:
    """The financial year end in `year` (the month's last day when the day is unknown or too large)."""
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day or last, last))


def _plus_months(start: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
