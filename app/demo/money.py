"""Synthetic finances: year ends, turnovers spread around the £36m threshold, currencies and sources."""

from __future__ import annotations

import calendar
import math
import random
from datetime import date
from decimal import Decimal

from app.organisations.scope import exchange_rates

THRESHOLD_GBP = Decimal(36_000_000)
# Accounts filed by this date are the latest the synthetic register knows about (fixed: output is a pure function).
ACCOUNTS_KNOWN_BY = date(2026, 9, 30)

# (month, day, weight): mostly 31 December and 31 March, as at Companies House.
YEAR_ENDS: tuple[tuple[int, int, int], ...] = (
    (12, 31, 46), (3, 31, 24), (6, 30, 8), (9, 30, 6), (4, 30, 3), (1, 31, 2), (7, 31, 2), (8, 31, 2),
    (10, 31, 2), (5, 31, 1), (2, 28, 1), (11, 30, 1), (1, 28, 1), (9, 27, 1),
)  # fmt: skip
SOURCES: tuple[tuple[str, int], ...] = (
    ("Annual report and accounts", 55),
    ("Companies House filing", 25),
    ("Self-declared", 12),
    ("Estimate from a credit reference agency", 8),
)


def year_end(rng: random.Random) -> tuple[int, int]:
    """A financial year end (month, day)."""
    choice = rng.choices(YEAR_ENDS, weights=[w for _, _, w in YEAR_ENDS])[0]
    return choice[0], choice[1]


def period_end(month: int, day: int) -> date:
    """The latest year end whose accounts are filed (nine months allowed) by ACCOUNTS_KNOWN_BY."""
    for year in range(ACCOUNTS_KNOWN_BY.year, ACCOUNTS_KNOWN_BY.year - 3, -1):
        end = date(year, month, min(day, calendar.monthrange(year, month)[1]))
        filed_by = _add_months(end, 9)
        if filed_by <= ACCOUNTS_KNOWN_BY:
            return end
    raise AssertionError("unreachable: a year end three years back is always filed")


def _add_months(when: date, months: int) -> date:
    """The same day some months later (clamped to the month's length)."""
    month0 = when.month - 1 + months
    year, month = when.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(when.day, calendar.monthrange(year, month)[1]))


def standalone_turnover(rng: random.Random) -> Decimal | None:
    """Turnover in GBP of an organisation: log-normal around the threshold, some exactly on it, some unknown."""
    roll = rng.random()
    if roll < 0.10:
        return None
    if roll < 0.115:
        return THRESHOLD_GBP
    if roll < 0.125:
        return THRESHOLD_GBP - Decimal(rng.choice((1, 1_000, 50_000, 250_000)))
    return round_money(math.exp(rng.gauss(math.log(38_000_000), 1.1)))


def subsidiary_turnover(rng: random.Random) -> Decimal | None:
    """Turnover of a group member: smaller than a standalone organisation's, more often unknown."""
    if rng.random() < 0.12:
        return None
    return round_money(math.exp(rng.gauss(math.log(9_000_000), 1.3)))


def holding_turnover(rng: random.Random) -> Decimal:
    """A holding company's own turnover (management charges, rents): small."""
    return round_money(math.exp(rng.gauss(math.log(1_500_000), 1.0)))


def round_money(amount: float) -> Decimal:
    """Round to the nearest thousand pounds, as accounts usually report."""
    return Decimal(max(1, round(amount / 1000))) * 1000


def in_currency(amount_gbp: Decimal, currency: str) -> Decimal:
    """A GBP amount expressed in another currency at the shipped reference rate, to the thousand."""
    if currency == "GBP":
        return amount_gbp
    return round_money(float(amount_gbp * exchange_rates()[currency]))


def employees_for(turnover: Decimal | None, rng: random.Random) -> int | None:
    """Head count roughly in line with turnover (about £120k a head, widely spread)."""
    if turnover is None:
        return None if rng.random() < 0.5 else rng.randint(5, 400)
    return max(1, round(float(turnover) / math.exp(rng.gauss(math.log(120_000), 0.6))))


def total_assets_for(turnover: Decimal | None, rng: random.Random) -> Decimal | None:
    """Balance-sheet total, a multiple of turnover."""
    if turnover is None or rng.random() < 0.3:
        return None
    return round_money(float(turnover) * math.exp(rng.gauss(math.log(0.8), 0.7)))


def source(rng: random.Random, period: date) -> str:
    """Where the turnover figure came from."""
    name = rng.choices([s for s, _ in SOURCES], weights=[w for _, w in SOURCES])[0]
    return f"{name} {period.year}" if name != "Self-declared" else name
