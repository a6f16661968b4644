"""Normalised forms used for matching: Companies House numbers and organisation names."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from app.errors import InvalidInput

_PREFIXED = re.compile(r"^([A-Z]{2})(\d{1,6})$")
_R_PREFIX = re.compile(r"^R(\d{1,7})$")
_MUTUAL = re.compile(r"^(IP|SP|NP|RS)\d{1,6}(RS|R)$")  # FCA mutuals register, kept as written
_NUMBER_SEPARATORS = re.compile(r"[\s.\-/]")
_NON_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")

# Spelling variants of legal forms, folded to one token so "Ltd" and "Limited" compare equal.
_LEGAL_PHRASES: tuple[tuple[str, str], ...] = (
    ("public limited company", "plc"),
    ("limited liability partnership", "llp"),
    ("limited partnership", "lp"),
    ("community interest company", "cic"),
    ("private limited company", "ltd"),
    ("limited", "ltd"),
    ("incorporated", "inc"),
    ("corporation", "corp"),
    ("company", "co"),
    ("p l c", "plc"),
    ("l l p", "llp"),
)
_PADDED_PHRASES = tuple((f" {phrase} ", f" {token} ") for phrase, token in _LEGAL_PHRASES)
LEGAL_TOKENS = frozenset({"ltd", "plc", "llp", "lp", "cic", "inc", "corp", "co", "uk"})


def normalise_company_number(raw: str) -> str:
    """Companies House number: upper case, zero-padded to 8 characters, prefix (SC, NI, OC, LP...) kept."""
    if raw.isdigit() and len(raw) <= 8:
        return raw.zfill(8)
    value = _NUMBER_SEPARATORS.sub("", raw or "").upper()
    if not value:
        raise InvalidInput("company number is empty")
    if value.isdigit():
        if len(value) > 8:
            raise InvalidInput(f"company number {raw!r} has more than 8 digits")
        return value.zfill(8)
    if match := _PREFIXED.match(value):
        return match.group(1) + match.group(2).zfill(6)
    if match := _R_PREFIX.match(value):
        return "R" + match.group(1).zfill(7)
    if _MUTUAL.match(value):
        return value
    raise InvalidInput(
        f"company number {raw!r} is not a Companies House number (8 digits, or a 2-letter prefix and 6 digits)"
    )


def fold_text(text: str) -> str:
    """NFKC, accents removed, case folded, '&' as 'and', punctuation dropped, spaces collapsed."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold()
    text = text.replace("&", " and ").replace("'", "").replace("’", "")
    text = _NON_WORD.sub(" ", text).replace("_", " ")
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=262_144)
def name_key(name: str) -> str:
    """The matching key of a name: folded, leading 'the' dropped, legal forms spelled one way."""
    text = f" {fold_text(name)} "
    for phrase, token in _PADDED_PHRASES:
        text = text.replace(phrase, token)
    text = _SPACES.sub(" ", text).strip()
    return text.removeprefix("the ").strip()


@lru_cache(maxsize=262_144)
def core_key(name: str) -> str:
    """The name key without legal-form words, for fuzzy comparison and blocking."""
    words = [word for word in name_key(name).split() if word not in LEGAL_TOKENS]
    return " ".join(words) or name_key(name)
