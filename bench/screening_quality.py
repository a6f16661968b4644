"""Precision and recall of `match` on the labelled set (bench/screening_labelled.py); prints a summary."""

from __future__ import annotations

import sys
from collections import Counter
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.screening.service import make_reference
from app.screening.suppliers import SupplierRow, SupplierScreener
from app.screening.types import OrderFacts, StatusChange
from bench.screening_labelled import LabelledName, labelled_set


def seed_facts() -> list[OrderFacts]:
    """The seed orders as plain data (no database)."""
    from app.screening.seed import seed_specs

    return [
        OrderFacts(
            id=i,
            reference=make_reference(s.action, s.issued_date, s.name),
            subject=s.subject,
            name=s.name,
            country=s.country,
            action=s.action,
            issued_date=s.issued_date,
            region=s.region,
            aliases=tuple(s.aliases),
            subsidiaries=tuple(s.subsidiaries),
            product_terms=tuple(s.product_terms),
            products=s.products,
            history=tuple(StatusChange(e.status, e.effective_date, e.note) for e in s.events),
        )
        for i, s in enumerate(seed_specs(), start=1)
    ]


def name_screener() -> SupplierScreener:
    """A screener over the seed's entity orders only: this set measures name matching, not region rules."""
    return SupplierScreener([order for order in seed_facts() if order.subject == "entity"])


def evaluate(items: list[LabelledName]) -> dict[str, float]:
    """Counts and rates of each verdict on the same-company and different-company names."""
    screener = name_screener()
    verdicts = [
        screener.screen(SupplierRow(i, item.name, item.country), date(2022, 1, 1)).verdict
        for i, item in enumerate(items, start=1)
    ]
    pos = Counter(v for v, item in zip(verdicts, items, strict=True) if item.same)
    neg = Counter(v for v, item in zip(verdicts, items, strict=True) if not item.same)
    true_match, false_match = pos["match"], neg["match"]
    return {
        "positives": sum(pos.values()),
        "negatives": sum(neg.values()),
        "precision": true_match / max(true_match + false_match, 1),
        "recall": true_match / max(sum(pos.values()), 1),
        "positives_possible": pos["possible"],
        "positives_none": pos["none"],
        "negatives_possible": neg["possible"],
        "negatives_none": neg["none"],
        "false_matches": false_match,
    }


def main() -> None:
    """Print the figures and each miss, for the benchmark notes."""
    items = labelled_set()
    figures = evaluate(items)
    for key, value in figures.items():
        print(f"{key:20} {value:.3f}" if isinstance(value, float) else f"{key:20} {value}")
    screener = name_screener()
    for item in items:
        verdict = screener.screen(SupplierRow(1, item.name, item.country), date(2022, 1, 1)).verdict
        if (verdict == "match") != item.same:
            print(f"  miss: {item.same=} {verdict:8} {item.rule:20} {item.name!r} (from {item.source!r})")


if __name__ == "__main__":
    main()
