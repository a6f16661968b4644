"""Parsers for single cells; each raises ValueError with a reason a person can act on."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache

_MONTHS = {name.casefold(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.casefold(): number for number, name in enumerate(calendar.month_abbr) if name})
_MULTIPLIERS = {"k": Decimal(1_000), "m": Decimal(1_000_000), "bn": Decimal(1_000_000_000), "b": Decimal(1_000_000_000)}
_CURRENCY_SYMBOLS = {"£": "GBP", "$": None, "€": "EUR"}
_AMOUNT = re.compile(r"(-?\d+(?:\.\d+)?)(k|m|bn|b)?", flags=re.IGNORECASE)
_CURRENCY_CODE = re.compile(r"[A-Z]{3}")
_HAS_SCHEME = re.compile(r"^https?://", flags=re.IGNORECASE)
_WEB_ADDRESS = re.compile(
    r"https?://[^\s/$.?#][^\s]*\.[^\s]+|https?://[^\s/]+(:\d+)?(/[^\s]*)?", flags=re.IGNORECASE
)
_LIST_SEPARATOR = re.compile(r"[;|]")


def parse_decimal(raw: str) -> Decimal:
    """'36000000', '£36,000,000', '36m', '1.2bn' as a Decimal amount."""
    if raw.isdigit():
        return Decimal(raw)
    text = raw.strip().replace(",", "").replace(" ", "")
    for symbol in _CURRENCY_SYMBOLS:
        text = text.replace(symbol, "")
    match = _AMOUNT.fullmatch(text)
    if not match:
        raise ValueError("not a number")
    try:
        amount = Decimal(match.group(1)) * _MULTIPLIERS.get((match.group(2) or "").lower(), Decimal(1))
    except InvalidOperation as exc:
        raise ValueError("not a number") from exc
    if amount < 0:
        raise ValueError("must not be negative")
    return amount


def parse_int(raw: str) -> int:
    """A whole, non-negative number (commas allowed)."""
    text = raw.strip().replace(",", "")
    if not text.isdigit():
        raise ValueError("not a whole number")
    return int(text)


@lru_cache(maxsize=4096)
def parse_date(raw: str) -> date:
    """ISO (2024-03-31) or UK style (31/03/2024) dates."""
    text = raw.strip()
    if len(text) == 10 and text[4] == "-":
        try:
            return date.fromisoformat(text)  # strptime re-reads the locale on every call
        except ValueError:
            pass
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError("not a date (use YYYY-MM-DD)")


@lru_cache(maxsize=4096)
def parse_year_end(raw: str) -> tuple[int, int]:
    """A financial year end as (month, day): '03-31', '31/03', '31 March', '2024-03-31'."""
    text = raw.strip()
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        month, day = int(match.group(2)), int(match.group(3))
    elif match := re.fullmatch(r"(\d{1,2})-(\d{1,2})", text):
        month, day = int(match.group(1)), int(match.group(2))
    elif match := re.fullmatch(r"(\d{1,2})/(\d{1,2})(?:/\d{2,4})?", text):
        day, month = int(match.group(1)), int(match.group(2))
    elif match := re.fullmatch(r"(\d{1,2})\s+([A-Za-z]+)", text):
        day, month = int(match.group(1)), _MONTHS.get(match.group(2).casefold(), 0)
    else:
        raise ValueError("not a financial year end (use MM-DD, e.g. 03-31)")
    return check_year_end(month, day)


def check_year_end(month: int, day: int) -> tuple[int, int]:
    """Validate a month/day pair (29 February allowed)."""
    if not 1 <= month <= 12:
        raise ValueError("month must be 1-12")
    if not 1 <= day <= calendar.monthrange(2024, month)[1]:
        raise ValueError(f"day {day} does not exist in {calendar.month_name[month]}")
    return month, day


@lru_cache(maxsize=1024)
def parse_currency(raw: str) -> str:
    """An ISO 4217 code (three letters) or a pound sign."""
    text = raw.strip().upper()
    if text in ("£", "GBP", "STERLING"):
        return "GBP"
    if not _CURRENCY_CODE.fullmatch(text):
        raise ValueError("not a three-letter currency code")
    return text


def parse_website(raw: str) -> str:
    """An http(s) URL; a bare domain gets https://."""
    text = raw.strip()
    if not _HAS_SCHEME.match(text):
        text = "https://" + text
    if not _WEB_ADDRESS.fullmatch(text):
        raise ValueError("not a web address")
    return text


def split_list(raw: str) -> list[str]:
    """A ';' or '|' separated cell as a list of trimmed, non-empty values."""
    if ";" not in raw and "|" not in raw:
        return [raw.strip()] if raw.strip() else []
    return [part.strip() for part in _LIST_SEPARATOR.split(raw) if part.strip()]
