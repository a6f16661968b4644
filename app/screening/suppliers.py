"""Screen a supplier list against the orders: match, possible (for a person to review) or none, with reasons."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from app.screening.countries import compatible, country_code
from app.screening.index import NameEntry, NameIndex
from app.screening.namematch import Comparison
from app.screening.normalise import name_key, word_tokens
from app.screening.regions import RegionHit, RegionMatcher, product_named
from app.screening.types import LEGAL_NOTE, OrderFacts, Verdict, describe_status, status_on

_RANK = {"match": 2, "possible": 1, "none": 0}


class SupplierRow(NamedTuple):
    """One supplier as listed by the buyer (row = 1 for the first supplier; line = line in the file)."""

    row: int
    name: str
    country: str = ""
    company_number: str = ""
    products: str = ""
    region: str = ""
    line: int | None = None


@dataclass
class Hit:
    """One order a supplier may fall under."""

    order: OrderFacts
    verdict: Verdict
    score: float
    matched: str
    reason: str


@dataclass
class SupplierResult:
    """The verdict for one supplier: the best order it falls under, and the others."""

    row: int
    supplier: str
    verdict: Verdict
    order: str | None
    order_reference: str | None
    order_action: str | None
    order_issued_date: str | None
    order_status: str | None
    matched_alias: str | None
    score: float
    reason: str
    country: str = ""
    line: int | None = None
    company_number: str = ""
    basis: str = LEGAL_NOTE
    other_orders: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return dict(self.__dict__)


class SupplierScreener:
    """Screens supplier rows against a fixed set of orders (build once, screen many)."""

    def __init__(self, orders: list[OrderFacts]) -> None:
        self.names = NameIndex(orders)
        self.regions = RegionMatcher(orders)
        self.countries = {order.id: country_code(order.country) for order in orders}

    def _name_hit(self, row: SupplierRow, entry: NameEntry, comparison: Comparison) -> Hit:
        """A hit on an entity order's name, held back to `possible` when the countries differ."""
        order = entry.order
        verdict: Verdict = "match" if comparison.verdict == "same" else "possible"
        what = {"name": "the order's name", "alias": "alias", "subsidiary": "subsidiary"}[entry.kind]
        verb = "matches" if verdict == "match" else "resembles"
        reason = f"The supplier's name {verb} {what} '{entry.name}': {comparison.reason}."
        if verdict == "match" and not compatible(country_code(row.country), self.countries[order.id]):
            verdict = "possible"
            reason += f" But the supplier is in {row.country}, the order names a company in {order.country}."
        if row.products and order.product_terms:
            product = product_named(word_tokens(row.products), order)
            if product:
                reason += f" The supplier lists '{product}', a product the order covers."
        return Hit(order, verdict, round(comparison.score, 1), entry.name, reason)

    def _region_hit(self, hit: RegionHit) -> Hit:
        """A region order: a match when a listed product is named with the region, else possible."""
        if hit.product:
            reason = f"The supplier names the region '{hit.region_name}' and the listed product '{hit.product}'."
            return Hit(hit.order, "match", 100.0, f"{hit.region_name} + {hit.product}", reason)
        reason = (
            f"The supplier names the region '{hit.region_name}' but none of the order's products "
            f"({hit.order.products}); check what it supplies from there."
        )
        return Hit(hit.order, "possible", 50.0, hit.region_name, reason)

    def hits(self, row: SupplierRow) -> list[Hit]:
        """Every order the supplier may fall under, best first."""
        found = [self._name_hit(row, entry, comparison) for entry, comparison in self.names.lookup(row.name)]
        if self.regions.orders:
            text = f"{row.name} {row.products} {row.region}"
            found += [self._region_hit(hit) for hit in self.regions.find_in(text)]
        found.sort(key=lambda hit: (-_RANK[hit.verdict], hit.order.subject == "region", -hit.score, hit.order.id))
        return found

    def screen(self, row: SupplierRow, as_of: date, found: list[Hit] | None = None) -> SupplierResult:
        """The verdict for one supplier on `as_of` (from hits already found, when given)."""
        found = self.hits(row) if found is None else found
        if not found:
            reason = "No order names this supplier or a region and product it lists."
            return SupplierResult(
                row.row,
                row.name,
                "none",
                None,
                None,
                None,
                None,
                None,
                None,
                0.0,
                reason,
                row.country,
                row.line,
                row.company_number,
            )
        best = found[0]
        state, _ = status_on(best.order, as_of)
        reason = f"{best.reason} {best.order.label()}. {describe_status(best.order, as_of)} {LEGAL_NOTE}"
        others = [
            {
                "order": hit.order.name,
                "order_reference": hit.order.reference,
                "verdict": hit.verdict,
                "score": hit.score,
                "order_status": status_on(hit.order, as_of)[0],
            }
            for hit in found[1:4]
        ]
        return SupplierResult(
            row.row,
            row.name,
            best.verdict,
            best.order.name,
            best.order.reference,
            best.order.action,
            best.order.issued_date.isoformat(),
            state,
            best.matched,
            best.score,
            reason,
            row.country,
            row.line,
            row.company_number,
            other_orders=others,
        )

    def screen_all(self, rows: list[SupplierRow], as_of: date) -> list[SupplierResult]:
        """Verdicts for every supplier, in the order given (a supplier listed twice is looked up once)."""
        self.names.prefetch(name_key(row.name) for row in rows)
        seen: dict[tuple[str, str, str, str], list[Hit]] = {}
        results: list[SupplierResult] = []
        for row in rows:
            key = (row.name, row.country, row.products, row.region)
            found = seen.get(key)
            if found is None:
                found = seen[key] = self.hits(row)
            results.append(self.screen(row, as_of, found))
        return results
