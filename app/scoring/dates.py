"""Find and parse the dates statements write: '31 March 2024', 'March 31, 2024', '31/03/2024', '30.06.2020'."""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?P<year>(?:19|20)\d\d)"
DATE_PATTERNS = [
    re.compile(rf"\b{DAY}(?:\s+(?:day\s+)?of)?\s+{MONTH},?\s+{YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{MONTH}\s+{DAY},?\s+{YEAR}\b", re.IGNORECASE),
    re.compile(r"\b(?P<day>[0-3]?\d)[/.](?P<month>[01]?\d)[/.](?P<year>(?:19|20)\d\d)\b"),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
]
MONTH_YEAR = re.compile(rf"\b{MONTH},?\s+{YEAR}\b", re.IGNORECASE)
DATE_ANY = (
    "(?:"
    + "|".join(
        [
            r"[0-3]?\d(?:st|nd|rd|th)?(?:\s+(?:day\s+)?of)?\s+[A-Za-z]{3,9}\.?,?\s+(?:19|20)\d\d",
            r"[A-Za-z]{3,9}\.?\s+[0-3]?\d(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d",
            r"[0-3]?\d[/.][01]?\d[/.](?:19|20)\d\d",
            r"(?:19|20)\d\d-[01]\d-[0-3]\d",
            r"[A-Za-z]{3,9}\s+(?:19|20)\d\d",
        ]
    )
    + ")"
)


def _build(year: str, month: str, day: str) -> date | None:
    """A date from matched parts, or None when the parts are not a calendar date."""
    month_number = MONTHS.get(month.lower().rstrip(".")) if not month.isdigit() else int(month)
    try:
        return date(int(year), month_number or 0, int(day))
    except ValueError:
        return None


def parse_date(text: str, *, month_end: bool = False) -> date | None:
    """The first full date in `text`; with month_end, 'March 2024' means the last day of that month."""
    for pattern in DATE_PATTERNS:
        match = pattern.search(text)
        if match:
            found = _build(match["year"], match["month"], match["day"])
            if found:
                return found
    match = MONTH_YEAR.search(text)
    if match:
        month = MONTHS[match["month"].lower().rstrip(".")]
        year = int(match["year"])
        if not month_end:
            return date(year, month, 1)
        following = date(year + (month == 12), month % 12 + 1, 1)
        return date.fromordinal(following.toordinal() - 1)
    return None
