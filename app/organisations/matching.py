"""Match incoming records to the register: identifier first, then normalised name, fuzzy only for review."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import fuzz, process

from app.organisations.normalise import core_key, name_key

REVIEW_THRESHOLD = 90.0

MAX_BLOCK = 2000  # a word shared by more names than this says nothing about identity

MatchKind = Literal["identifier", "name", "new", "review"]


def block_keys(core: str) -> set[str]:
    """Blocking keys: the first word's first four letters, and every word of four or more letters."""
    words = core.split()
    if not words:
        return set()
    return {"^" + words[0][:4]} | {word for word in words if len(word) >= 4}


@dataclass(frozen=True)
class Known:
    """What matching needs to know about a stored organisation."""

    id: int
    jurisdiction: str
    company_number: str | None
    name: str


@dataclass(frozen=True)
class MatchDecision:
    """How an incoming record relates to the register, with the reason."""

    kind: MatchKind
    organisation_id: int | None = None
    score: float = 0.0
    reason: str = ""


@dataclass
class MatchIndex:
    """In-memory lookups over the register: numbers, name keys (with aliases), and fuzzy blocks."""

    by_number: dict[tuple[str, str], int] = field(default_factory=dict)
    by_key: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    numbers: dict[int, str | None] = field(default_factory=dict)
    cores: dict[int, str] = field(default_factory=dict)
    blocks: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))

    def add(self, known: Known, aliases: list[str] | None = None) -> None:
        """Index one organisation under its number, its name and its aliases."""
        if known.company_number:
            self.by_number[(known.jurisdiction, known.company_number)] = known.id
        self.numbers[known.id] = known.company_number
        for name in [known.name, *(aliases or [])]:
            self.by_key[name_key(name)].add(known.id)
            core = core_key(name)
            if known.id not in self.cores:
                self.cores[known.id] = core
            for block in block_keys(core):
                self.blocks[block].append(known.id)

    def match(self, jurisdiction: str, company_number: str | None, name: str) -> MatchDecision:
        """Decide: same identifier, same name (no conflicting identifier), an uncertain look-alike, or new."""
        if company_number and (found := self.by_number.get((jurisdiction, company_number))) is not None:
            return MatchDecision("identifier", found, 100.0, f"same company number {company_number}")
        key = name_key(name)
        same_name = [i for i in self.by_key.get(key, ()) if not (company_number and self.numbers.get(i))]
        if len(same_name) == 1:
            return MatchDecision("name", same_name[0], 100.0, f"same normalised name '{key}'")
        if len(same_name) > 1:
            return MatchDecision(
                "review", min(same_name), 100.0, f"{len(same_name)} organisations share the name '{key}'"
            )
        return self._fuzzy(company_number, name)

    def _fuzzy(self, company_number: str | None, name: str) -> MatchDecision:
        """A close but not identical name goes to review; identifiers that differ mean different organisations."""
        if not self.blocks:  # an empty register: nothing to resemble
            return MatchDecision("new")
        core = core_key(name)
        candidates = {
            i
            for block in block_keys(core)
            if len(self.blocks.get(block, ())) <= MAX_BLOCK
            for i in self.blocks.get(block, ())
            if not (company_number and self.numbers.get(i))
        }
        if not candidates:
            return MatchDecision("new")
        choices = {i: self.cores[i] for i in candidates}
        best = process.extractOne(core, choices, scorer=fuzz.token_sort_ratio, score_cutoff=REVIEW_THRESHOLD)
        if best is None:
            return MatchDecision("new")
        _, score, organisation_id = best
        return MatchDecision(
            "review",
            int(organisation_id),
            float(score),
            f"name is {score:.0f}% similar to '{choices[organisation_id]}'",
        )
