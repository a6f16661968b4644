"""Small wording helpers shared by reasons, feeds and exports."""

from __future__ import annotations

from datetime import date
from functools import lru_cache


@lru_cache(maxsize=8192)  # a recomputation writes the same few hundred deadlines and period ends over and over
def long_date(day: date) -> str:
    """A date as a person reads it: 31 December 2025."""
    return f"{day.day} {day.strftime('%B')} {day.year}"


def plural(count: int, word: str) -> str:
    """'1 day', '3 days'."""
    return f"{count} {word}{'' if count == 1 else 's'}"
