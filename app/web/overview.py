"""Counts for the regulator overview: scope by sector and turnover band, in one grouped query."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, case, func, literal, select
from sqlalchemy.orm import Session

from app.models.organisations import Organisation

# Turnover bands in the jurisdiction's currency (millions); the UK line sits at the legal £36m threshold.
BANDS: tuple[tuple[str, float | None], ...] = (
    ("Under 36m", 36_000_000),
    ("36m to 100m", 100_000_000),
    ("100m to 500m", 500_000_000),
    ("500m to 1bn", 1_000_000_000),
    ("1bn and over", None),
)
UNKNOWN_BAND = "Not known"
STATUSES = ("in_scope", "out_of_scope", "unknown")


@dataclass
class Overview:
    """Organisation counts by scope status, overall and per sector and turnover band."""

    total: int = 0
    by_status: Counter[str] = field(default_factory=Counter)
    by_sector: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    by_band: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def sectors(self) -> list[tuple[str, Counter[str]]]:
        """Sectors, largest in-scope count first."""
        return sorted(self.by_sector.items(), key=lambda item: (-item[1]["in_scope"], item[0]))

    def bands(self) -> list[tuple[str, Counter[str]]]:
        """Bands in ascending order, unknown last."""
        order = [name for name, _ in BANDS] + [UNKNOWN_BAND]
        return [(name, self.by_band[name]) for name in order if name in self.by_band]


def band_expression() -> ColumnElement[str]:
    """SQL that names an organisation's turnover band."""
    whens: list[tuple[ColumnElement[bool], str]] = [(Organisation.turnover_amount.is_(None), UNKNOWN_BAND)]
    whens += [(Organisation.turnover_amount < upper, name) for name, upper in BANDS if upper is not None]
    return case(*whens, else_=literal(BANDS[-1][0]))


def overview(session: Session, jurisdiction: str) -> Overview:
    """Counts for one jurisdiction."""
    band = band_expression().label("band")
    query = (
        select(Organisation.sector, Organisation.scope_status, band, func.count())
        .where(Organisation.jurisdiction == jurisdiction)
        .group_by(Organisation.sector, Organisation.scope_status, band)
    )
    result = Overview()
    for sector, status, band_name, count in session.execute(query):
        result.total += count
        result.by_status[status] += count
        result.by_sector[sector or "Not known"][status] += count
        result.by_band[band_name][status] += count
    return result


def chart_spec(rows: list[tuple[str, Counter[str]]], labels: dict[str, str]) -> dict[str, object]:
    """A stacked horizontal bar chart of scope status per row, for Chart.js."""
    colours = {"in_scope": "#1d70b8", "out_of_scope": "#505a5f", "unknown": "#f47738"}
    return {
        "type": "bar",
        "horizontal": True,
        "stacked": True,
        "labels": [name for name, _ in rows],
        "datasets": [
            {
                "label": labels[status],
                "data": [counts[status] for _, counts in rows],
                "backgroundColor": colours[status],
            }
            for status in STATUSES
        ],
    }
