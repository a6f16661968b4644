"""The regulator overview's numbers, read from the maintained compliance summary (a few thousand rows a year)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.compliance.service import BANDS
from app.models.compliance import ComplianceSummary

IN_SCOPE = ("compliant", "late", "incomplete", "missing", "not_due")
PUBLISHED = ("compliant", "late", "incomplete")
# The overview's columns, in reading order: the first six are the headline figures.
MEASURES = ("in_scope", "published", "compliant", "late", "incomplete", "missing", "not_due", "scope_unknown")
MEASURE_LABELS = {
    "in_scope": "Organisations in scope", "published": "Published", "compliant": "Compliant", "late": "Late",
    "incomplete": "Incomplete", "missing": "Missing", "not_due": "Not yet due", "scope_unknown": "Scope not known",
}
BAND_LABELS = {
    "under_36m": "Under £36m", "36m_60m": "£36m to £60m", "60m_100m": "£60m to £100m",
    "100m_500m": "£100m to £500m", "over_500m": "£500m and over", "unknown": "Not known",
}
UNKNOWN_SECTOR = "Not known"
COLOURS = {
    "in_scope": "#0b0c0c", "published": "#1d70b8", "compliant": "#00703c", "late": "#f47738",
    "incomplete": "#912b88", "missing": "#d4351c", "not_due": "#505a5f",
}


@dataclass
class Counts:
    """Statuses counted for one group (a year, a sector or a band), with the measures derived from them."""

    by_status: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def __getitem__(self, measure: str) -> int:
        """A measure: in scope and published are sums of statuses; the rest are statuses."""
        if measure == "in_scope":
            return sum(self.by_status[s] for s in IN_SCOPE)
        if measure == "published":
            return sum(self.by_status[s] for s in PUBLISHED)
        return self.by_status[measure]


@dataclass
class Overview:
    """One regime: the chosen year by sector and band, every year for the trend, and when it was counted."""

    year: Counts = field(default_factory=Counts)
    by_sector: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    by_band: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    trend: dict[int, Counts] = field(default_factory=lambda: defaultdict(Counts))
    counted_at: datetime | None = None

    @property
    def has_year(self) -> bool:
        """Whether any status was worked out for the chosen year."""
        return any(self.year.by_status.values())

    def sectors(self) -> list[tuple[str, Counts]]:
        """Sectors with organisations in scope or of unknown scope, most in scope first."""
        rows = [(name, c) for name, c in self.by_sector.items() if c["in_scope"] or c["scope_unknown"]]
        return sorted(rows, key=lambda item: (-item[1]["in_scope"], item[0]))

    def bands(self) -> list[tuple[str, Counts]]:
        """Turnover bands from the smallest, not known last, with organisations in scope or of unknown scope."""
        order = [band for band in BANDS if band != "unknown"] + ["unknown"]
        return [(BAND_LABELS.get(band, band), self.by_band[band]) for band in order
                if band in self.by_band and (self.by_band[band]["in_scope"] or self.by_band[band]["scope_unknown"])]

    def years(self) -> list[tuple[int, Counts]]:
        """Every statement year counted, oldest first."""
        return sorted(self.trend.items())


def overview(session: Session, regime: str, year: int) -> Overview:
    """The overview of a regime for a statement year: the year by sector and band, and the trend (two grouped reads
    of the summary table, whose rows the recompute keeps equal to a count of the statuses)."""
    m = ComplianceSummary
    result = Overview()
    trend = select(m.statement_year, m.status, func.sum(m.count)).where(m.regime == regime)
    for row_year, status, count in session.execute(trend.group_by(m.statement_year, m.status)):
        result.trend[row_year].by_status[status] += count
    chosen = (
        select(m.status, m.sector, m.turnover_band, func.sum(m.count), func.max(m.refreshed_at))
        .where(m.regime == regime, m.statement_year == year)
        .group_by(m.status, m.sector, m.turnover_band)
    )
    for status, sector, band, count, refreshed in session.execute(chosen):
        result.year.by_status[status] += count
        result.by_sector[sector or UNKNOWN_SECTOR].by_status[status] += count
        result.by_band[band].by_status[status] += count
        result.counted_at = max(filter(None, (result.counted_at, refreshed)), default=None)
    return result


def breakdown_chart(rows: list[tuple[str, Counts]]) -> dict[str, object]:
    """A stacked horizontal bar chart of the in-scope statuses per row, for Chart.js."""
    return {
        "type": "bar", "horizontal": True, "stacked": True, "labels": [name for name, _ in rows],
        "datasets": [{"label": MEASURE_LABELS[s], "data": [counts[s] for _, counts in rows],
                      "backgroundColor": COLOURS[s]} for s in IN_SCOPE],
    }


def trend_chart(years: list[tuple[int, Counts]]) -> dict[str, object]:
    """A line chart of the headline measures by statement year, for Chart.js."""
    return {
        "type": "line", "labels": [str(year) for year, _ in years],
        "datasets": [{"label": MEASURE_LABELS[s], "data": [counts[s] for _, counts in years], "borderColor": COLOURS[s],
                      "backgroundColor": COLOURS[s]} for s in MEASURES[:6]],
    }
