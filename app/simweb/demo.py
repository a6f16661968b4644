"""The simulated web as a demo register: organisations whose websites are simulated sites on 127.0.0.1."""

from __future__ import annotations

from typing import Any

from app.simweb.web import SimulatedWeb


def demo_organisations(simweb: SimulatedWeb) -> list[dict[str, Any]]:
    """One register row per simulated organisation (name, website, year end), parents for group sites included."""
    rows: list[dict[str, Any]] = []
    for number, site in enumerate(simweb.organisations):
        rows.append(
            {
                "name": site.name if site.name not in {r["name"] for r in rows} else f"{site.name} ({number})",
                "website": site.homepage,
                "company_number": f"{90000000 + number:08d}",
                "financial_year_end_month": 3 + number % 10,
                "financial_year_end_day": 31 if (3 + number % 10) in (3, 5, 7, 8, 10, 12) else 30,
                "scenario": site.scenario,
            }
        )
    return rows
