"""The registry's 23 sectors, and the sector presumed from a SIC code."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

REGISTRY_SECTORS: tuple[str, ...] = (
    "Public sector",
    "Automotive, machinery and heavy electrical equipment",
    "Charitable / not-for-profit activities",
    "Cleaning and security services",
    "Construction, civil engineering and building products",
    "Consumer services, including accommodation, hospitality, tourism and leisure",
    "Cosmetics and toiletries",
    "Defence and aerospace",
    "Durable consumer goods, including electronics and appliances, home furnishings and other accessories",
    "Education and research",
    "Fashion, textiles, apparel and luxury goods",
    "Financial, insurance and real estate activities",
    "Food and beverages, agriculture and fishing",
    "Forestry, timber products, paper and containers and packaging",
    "Healthcare and pharmaceuticals",
    "Information technology and telecommunication",
    "Media, publishing, arts and entertainment",
    "Mining, metals, chemicals and resources (including oil and gas)",
    "Professional and administrative services and supplies, including legal, consulting and accounting services",
    "Transportation, logistics, and storage",
    "Utilities: gas, water and electricity",
    "Waste management and recycling",
    "Other",
)


@lru_cache
def _prefixes() -> dict[str, str]:
    """SIC prefix to registry sector, from the shipped mapping."""
    data: dict[str, str] = yaml.safe_load(
        Path(__file__).with_name("data").joinpath("sic_sectors.yaml").read_text("utf-8")
    )
    unknown = set(data.values()) - set(REGISTRY_SECTORS)
    if unknown:
        raise ValueError(f"sic_sectors.yaml names sectors the registry does not have: {sorted(unknown)}")
    return {str(prefix): sector for prefix, sector in data.items()}


@lru_cache(maxsize=4096)
def sector_for_sic(code: str) -> str | None:
    """The registry sector for a SIC code (longest prefix wins), or None when unmapped."""
    code = code.strip()
    if code == "1":
        return _prefixes()["1"]
    code = code.zfill(5) if code.isdigit() else code
    prefixes = _prefixes()
    for length in range(len(code), 1, -1):
        if (sector := prefixes.get(code[:length])) is not None:
            return sector
    return None


_BY_FOLDED = {sector.casefold(): sector for sector in REGISTRY_SECTORS}


def canonical_sector(value: str) -> str | None:
    """The registry sector a free-text value names (case-insensitive), or None."""
    return _BY_FOLDED.get(value.strip().casefold())
