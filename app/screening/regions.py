"""Region orders: a text names the region, and perhaps one of the products the order lists."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.screening.normalise import word_tokens
from app.screening.types import OrderFacts


@dataclass(frozen=True)
class RegionHit:
    """A region order's region named in a text, and the listed product named with it, if any."""

    order: OrderFacts
    region_name: str
    product: str | None


def _contains(tokens: list[str], phrase: tuple[str, ...]) -> bool:
    """True when the token list holds the phrase as consecutive whole words."""
    size = len(phrase)
    return any(tuple(tokens[i : i + size]) == phrase for i in range(len(tokens) - size + 1))


def product_named(tokens: list[str], order: OrderFacts) -> str | None:
    """The first of the order's product terms that the tokens name, as whole words."""
    for term in order.product_terms:
        phrase = tuple(word_tokens(term))
        if phrase and _contains(tokens, phrase):
            return term
    return None


class RegionMatcher:
    """The region orders, with the names of their regions and their product terms as token phrases."""

    def __init__(self, orders: list[OrderFacts]) -> None:
        self.orders: list[tuple[OrderFacts, list[tuple[str, tuple[str, ...]]], list[tuple[str, tuple[str, ...]]]]] = []
        self.triggers: set[str] = set()
        for order in orders:
            if order.subject != "region":
                continue
            names = [n for n in (order.name, order.region, *order.aliases) if n]
            phrases = [(n, tuple(word_tokens(n))) for n in dict.fromkeys(names) if word_tokens(n)]
            products = [(t, tuple(word_tokens(t))) for t in order.product_terms if word_tokens(t)]
            phrases.sort(key=lambda item: -len(item[1]))
            self.orders.append((order, phrases, products))
            self.triggers.update(phrase[0] for _, phrase in phrases)
        words = "|".join(re.escape(trigger) for trigger in sorted(self.triggers))
        self.trigger_re = re.compile(rf"(?<![a-z0-9])(?:{words})", re.IGNORECASE) if words else None

    def find(self, tokens: list[str]) -> list[RegionHit]:
        """Region orders whose region the tokens name, each with the first listed product also named."""
        if not self.triggers.intersection(tokens):
            return []
        hits: list[RegionHit] = []
        for order, phrases, products in self.orders:
            region = next((name for name, phrase in phrases if _contains(tokens, phrase)), None)
            if region is None:
                continue
            product = next((term for term, phrase in products if _contains(tokens, phrase)), None)
            if not products:
                product = order.products or "all products"
            hits.append(RegionHit(order, region, product))
        return hits

    def find_in(self, text: str) -> list[RegionHit]:
        """Region orders named in a piece of text (a quick substring test first: most texts name none)."""
        if self.trigger_re is None or (text.isascii() and self.trigger_re.search(text) is None):
            return []
        return self.find(word_tokens(text))
