"""Synthetic identities: unique names, unique registry numbers, addresses and web addresses."""

from __future__ import annotations

import random
import re

from app.demo import words
from app.organisations.normalise import name_key

# Companies House number series: prefix, lowest and highest serial, digits.
_SERIES: dict[str, tuple[int, int, int]] = {
    "": (100_000, 15_999_999, 8),
    "SC": (100, 799_999, 6),
    "NI": (100, 699_999, 6),
    "OC": (300_000, 449_999, 6),
    "SO": (300_000, 309_999, 6),
    "FC": (10_000, 39_999, 6),
}


def acn_check_digit(first_eight: str) -> int:
    """The check digit of an Australian Company Number (weights 8..1, complement of the sum mod 10)."""
    total = sum(int(digit) * weight for digit, weight in zip(first_eight, range(8, 0, -1), strict=True))
    return (10 - total % 10) % 10


def luhn_check_digit(first_eight: str) -> int:
    """The Luhn check digit (Canada's business numbers end in one)."""
    total = 0
    for position, digit in enumerate(reversed(first_eight)):
        value = int(digit) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return (10 - total % 10) % 10


class Identities:
    """Hands out names and numbers that are never repeated within one generated register."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.numbers: set[str] = set()
        self.name_keys: set[str] = set()
        self.slugs: set[str] = set()
        self.group_stems: set[str] = set()

    def company_number(self, prefix: str) -> str:
        """A fresh Companies House number in the prefix's series."""
        low, high, digits = _SERIES[prefix]
        while True:
            number = f"{prefix}{self.rng.randint(low, high):0{digits}d}"
            if number not in self.numbers:
                self.numbers.add(number)
                return number

    def foreign_number(self, jurisdiction: str) -> str:
        """A fresh, check-digit-valid Australian ACN or Canadian business number."""
        while True:
            body = f"{self.rng.randint(0, 99_999_999):08d}"
            check = acn_check_digit(body) if jurisdiction == "AU" else luhn_check_digit(body)
            number = f"{body}{check}"
            if number not in self.numbers:
                self.numbers.add(number)
                return number

    def stem(self) -> str:
        """A brand stem: an invented place-like word, or a surname."""
        if self.rng.random() < 0.3:
            return self.rng.choice(words.SURNAMES)
        return self.rng.choice(words.STEM_FIRSTS) + self.rng.choice(words.STEM_SECONDS)

    def group_stem(self) -> str:
        """A stem no other group uses yet (two surnames, or an invented word), so each group has its own brand."""
        stem = self.stem()
        for _ in range(50):
            if self.rng.random() < 0.35:
                stem = f"{self.rng.choice(words.SURNAMES)} {self.rng.choice(words.SURNAMES)}"
            else:
                stem = self.rng.choice(words.STEM_FIRSTS) + self.rng.choice(words.STEM_SECONDS)
            if stem not in self.group_stems:
                break
        self.group_stems.add(stem)
        return stem

    def claim(self, candidates: list[str]) -> str:
        """The first candidate name not yet used (by normalised key); numbered variants as a last resort."""
        for name in candidates:
            if self.free(name):
                return name
        base, _, suffix = candidates[0].rpartition(" ")
        for number in range(2, 10_000):
            name = f"{base} (No. {number}) {suffix}"
            if self.free(name):
                return name
        raise RuntimeError(f"cannot find a free name like {candidates[0]!r}")

    def free(self, name: str) -> bool:
        """Reserve the name if no other organisation has it; True when reserved."""
        key = name_key(name)
        if key in self.name_keys:
            return False
        self.name_keys.add(key)
        return True

    def release(self, name: str) -> None:
        """Give a reserved name back (an alias that was not used after all)."""
        self.name_keys.discard(name_key(name))

    def website(self, name: str) -> str:
        """`https://<slug>.example`, unique within the register."""
        core = re.sub(r"\b(limited|ltd|plc|llp|lp|inc|corporation|pty|gmbh|sa|bv|dac|uk)\b", "", name.lower())
        slug = re.sub(r"[^a-z0-9]+", "-", core).strip("-")[:50].strip("-") or "organisation"
        candidate, number = slug, 2
        while candidate in self.slugs:
            candidate, number = f"{slug}-{number}", number + 1
        self.slugs.add(candidate)
        return f"https://{candidate}.example"

    def address(self, nation: str) -> tuple[str, str, str]:
        """Street address with town, postcode, and country as the registry writes it."""
        towns = {"Scotland": words.SCOTTISH_TOWNS, "Northern Ireland": words.NI_TOWNS}.get(nation, words.TOWNS)
        town, area, country = self.rng.choice(towns)
        name = self.rng.choice(words.STREETS)
        if self.rng.random() < 0.25:
            street = f"Unit {self.rng.randint(1, 40)}, {name} {self.rng.choice(words.BUSINESS_PARKS)}"
        else:
            street = f"{self.rng.randint(1, 250)} {name} {self.rng.choice(words.STREET_KINDS)}"
        letters = "".join(self.rng.choice(words.POSTCODE_LETTERS) for _ in range(2))
        postcode = f"{area}{self.rng.randint(1, 20)} {self.rng.randint(1, 9)}{letters}"
        return f"{street}, {town}", postcode, country

    def foreign_address(self, jurisdiction: str) -> tuple[str, str, str]:
        """An Australian or Canadian street address, postcode and country."""
        town, postcode, country = self.rng.choice(words.FOREIGN_TOWNS[jurisdiction])
        if jurisdiction == "CA":
            letter = self.rng.choice("ABCEGHJKLMNPRSTVXY")
            postcode = f"{postcode} {self.rng.randint(1, 9)}{letter}{self.rng.randint(1, 9)}"
        street = f"{self.rng.randint(1, 900)} {self.rng.choice(words.STREETS)} {self.rng.choice(words.STREET_KINDS)}"
        return f"{street}, {town}", postcode, country
