"""The revisit cadence: regular, closer to the deadline, backing off on failing sites."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

from app.jobs.cadence import load_cadence, next_visit, statement_deadlines

NOW = datetime(2026, 8, 10, 12, 0, tzinfo=UTC)


def days(outcome: str, failures: int = 0, year_end: tuple[int | None, int | None] = (None, None)) -> float:
    return next_visit(NOW, outcome, failures, year_end, random.Random(1))[1]


def test_deadline_is_six_months_after_the_financial_year_end() -> None:
    assert statement_deadlines(date(2026, 8, 10), 3, 31) == (date(2025, 9, 30), date(2026, 9, 30))
    assert statement_deadlines(date(2026, 8, 10), 12, None) == (date(2026, 6, 30), date(2027, 6, 30))
    assert statement_deadlines(date(2026, 8, 10), None, None) is None


def test_regular_and_found_intervals() -> None:
    rules = load_cadence()
    assert days("not_found") == rules.base_days and days("found") == rules.found_days


def test_more_often_as_the_statement_falls_due() -> None:
    assert days("found", year_end=(3, 31)) == load_cadence().due_days  # due 30 September, 51 days away


def test_often_just_after_a_missed_deadline() -> None:
    assert days("not_found", year_end=(12, 31)) == load_cadence().overdue_days  # was due 30 June, 41 days ago
    assert days("found", year_end=(12, 31)) == load_cadence().found_days


def test_failing_sites_back_off_up_to_a_ceiling() -> None:
    rules = load_cadence()
    assert [days("unreachable", n) for n in (1, 2, 3)] == [1, 2, 4]
    assert days("unreachable", 30) == rules.failure_max_days


def test_visits_are_spread_by_jitter() -> None:
    when, interval, reason = next_visit(NOW, "not_found", 0, (None, None), random.Random(3))
    spread = (when - NOW).total_seconds() / 86400 / interval
    assert 0.9 <= spread <= 1.1 and reason == "regular"
