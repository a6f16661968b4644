"""An index of the orders' names for fast screening: exact keys first, then a token index with typo tolerance."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy
from rapidfuzz import process
from rapidfuzz.distance import OSA

from app.screening.namematch import Comparison, compare
from app.screening.normalise import NameKey, name_key
from app.screening.types import OrderFacts
from app.screening.vocabulary import COMMON_WORDS

BLOCKING_SHARE = 0.005  # a token in more than 0.5% of names (at least 5) does not select candidates alone
_RANK = {"same": 2, "similar": 1, "different": 0}


@dataclass(frozen=True)
class NameEntry:
    """One name an entity order goes by: its own name, an alias or a subsidiary."""

    order: OrderFacts
    name: str
    kind: str
    key: NameKey


def _allowance(token: str) -> int:
    """Edits a typo search tolerates: one, or two from twelve letters."""
    return 2 if len(token) >= 12 else 1


def _fuzzy_eligible(token: str) -> bool:
    """Typo lookups only for words of five letters or more without digits."""
    return len(token) >= 5 and token.isalpha()


class NameIndex:
    """The names of every entity order, looked up by exact key and by (typo-tolerant) shared tokens."""

    def __init__(self, orders: list[OrderFacts]) -> None:
        self.entries: list[NameEntry] = []
        for order in orders:
            if order.subject != "entity":
                continue
            names = [(order.name, "name"), *((a, "alias") for a in order.aliases)]
            names += [(s, "subsidiary") for s in order.subsidiaries]
            seen: set[tuple[str, frozenset[str]]] = set()
            for name, kind in names:
                key = name_key(name)
                if key.strong and (key.core, key.weak) not in seen:
                    seen.add((key.core, key.weak))
                    self.entries.append(NameEntry(order, name, kind, key))
        self.by_core: dict[str, list[int]] = {}
        self.by_compact: dict[str, list[int]] = {}
        for number, entry in enumerate(self.entries):
            self.by_core.setdefault(entry.key.core, []).append(number)
            self.by_compact.setdefault(entry.key.compact, []).append(number)
        self._build_postings()
        self._token_cache: dict[str, tuple[str, ...]] = {}

    def _build_postings(self) -> None:
        """Index each entry under its rarer tokens; group those tokens by first letter and length for typo search."""
        frequency = Counter(token for entry in self.entries for token in set(entry.key.strong))
        self.postings: dict[str, list[int]] = {}
        limit = max(5, int(BLOCKING_SHARE * len(self.entries)))
        for number, entry in enumerate(self.entries):
            tokens = set(entry.key.strong)
            blocking = {t for t in tokens if frequency[t] <= limit} or tokens
            for token in blocking:
                self.postings.setdefault(token, []).append(number)
        self.by_initial: dict[str, list[str]] = {}
        for token in self.postings:
            if _fuzzy_eligible(token):
                self.by_initial.setdefault(token[0], []).append(token)

    def _typo_searchable(self, token: str) -> bool:
        """A token worth a typo search: not indexed itself, long enough, not a common word."""
        return token not in self.postings and _fuzzy_eligible(token) and token not in COMMON_WORDS

    def _vocabulary_tokens(self, token: str) -> tuple[str, ...]:
        """Indexed tokens equal to `token`, or within a typo of it (same first letter) when it is not indexed."""
        cached = self._token_cache.get(token)
        if cached is not None:
            return cached
        found: tuple[str, ...] = ()
        if token in self.postings:
            found = (token,)
        elif self._typo_searchable(token) and token[0] in self.by_initial:
            hits = process.extract(
                token, self.by_initial[token[0]], scorer=OSA.distance, score_cutoff=_allowance(token), limit=None
            )
            found = tuple(sorted(hit[0] for hit in hits))
        self._token_cache[token] = found
        return found

    def prefetch(self, keys: Iterable[NameKey]) -> None:
        """Typo-search every new token of a batch at once (one rapidfuzz cdist per first letter)."""
        pending: dict[str, dict[str, None]] = {}
        for key in keys:
            for token in key.strong:
                if token not in self._token_cache and self._typo_searchable(token):
                    pending.setdefault(token[0], {})[token] = None
        for initial, queries in pending.items():
            choices = self.by_initial.get(initial)
            if not choices:
                self._token_cache.update(dict.fromkeys(queries, ()))
                continue
            words = list(queries)
            matrix = process.cdist(words, choices, scorer=OSA.distance, score_cutoff=2, dtype=numpy.uint8)
            for word, row in zip(words, matrix, strict=True):
                near = numpy.flatnonzero(row <= _allowance(word))
                self._token_cache[word] = tuple(sorted(choices[i] for i in near))

    def candidates(self, key: NameKey) -> tuple[set[int], set[str]]:
        """Entries sharing a (possibly misspelt) blocking token with the name, and the indexed tokens it holds."""
        found: set[int] = set()
        held: set[str] = set(key.strong)
        for token in key.strong:
            for indexed in self._vocabulary_tokens(token):
                held.add(indexed)
                found.update(self.postings[indexed])
        for first, second in zip(key.strong, key.strong[1:], strict=False):
            joined = self.postings.get(first + second)  # "super max" finds "supermax"
            if joined:
                held.add(first + second)
                found.update(joined)
        found.update(self.by_compact.get(key.compact, ()))
        return found, held

    def _worth_comparing(self, entry: NameKey, key: NameKey, held: set[str]) -> bool:
        """Cheap filter: the overlap could make the names the same or similar."""
        overlap = len(entry.strong_set & held)
        return (
            overlap >= min(len(entry.strong_set), len(key.strong_set), 2)
            or entry.strong[0] in held
            or entry.compact == key.compact
        )

    def lookup(self, name: str) -> list[tuple[NameEntry, Comparison]]:
        """Every order name that is the same as or similar to `name`, best first (one per order)."""
        key = name_key(name)
        if not key.strong:
            return []
        exact = self.by_core.get(key.core)
        if exact:
            numbers: set[int] | list[int] = exact
        else:
            found, held = self.candidates(key)
            numbers = [n for n in found if self._worth_comparing(self.entries[n].key, key, held)]
        best: dict[int, tuple[NameEntry, Comparison]] = {}
        for number in numbers:
            entry = self.entries[number]
            result = compare(entry.key, key)
            if result.verdict == "different":
                continue
            held_best = best.get(entry.order.id)
            if held_best is None or (_RANK[result.verdict], result.score) > (
                _RANK[held_best[1].verdict],
                held_best[1].score,
            ):
                best[entry.order.id] = (entry, result)
        return sorted(best.values(), key=lambda item: (-_RANK[item[1].verdict], -item[1].score, item[0].order.id))
