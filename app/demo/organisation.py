"""One synthetic organisation and its generic-CSV row."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

GENERIC_COLUMNS: tuple[str, ...] = (
    "name",
    "company_number",
    "jurisdiction",
    "legal_form",
    "aliases",
    "former_names",
    "trading_names",
    "sic_codes",
    "sector",
    "website",
    "address",
    "postcode",
    "country",
    "turnover",
    "turnover_currency",
    "turnover_period_end",
    "turnover_source",
    "turnover_basis",
    "total_assets",
    "employees",
    "financial_year_end",
    "parent_company_number",
    "parent_name",
    "company_status",
)


@dataclass
class DemoOrganisation:
    """A generated organisation; `index` is its 0-based position in the register, `group` its top parent's index."""

    index: int
    name: str
    company_number: str | None
    jurisdiction: str
    legal_form: str
    sic_codes: list[str]
    address: str
    postcode: str
    country: str
    financial_year_end: tuple[int, int]
    turnover: Decimal | None = None
    turnover_currency: str | None = None
    turnover_period_end: date | None = None
    turnover_source: str | None = None
    turnover_basis: str = "entity"
    total_assets: Decimal | None = None
    employees: int | None = None
    website: str | None = None
    parent_company_number: str | None = None
    parent_name: str | None = None
    company_status: str | None = "Active"
    aliases: list[str] = field(default_factory=list)
    former_names: list[str] = field(default_factory=list)
    trading_names: list[str] = field(default_factory=list)
    group: int | None = None

    def row(self) -> dict[str, str]:
        """The generic-CSV cells of this organisation."""
        month, day = self.financial_year_end
        values: dict[str, object] = {
            "name": self.name,
            "company_number": self.company_number,
            "jurisdiction": self.jurisdiction,
            "legal_form": self.legal_form,
            "aliases": "; ".join(self.aliases),
            "former_names": "; ".join(self.former_names),
            "trading_names": "; ".join(self.trading_names),
            "sic_codes": ";".join(self.sic_codes),
            "sector": None,  # left to the importer's SIC mapping, as most real files do
            "website": self.website,
            "address": self.address,
            "postcode": self.postcode,
            "country": self.country,
            "turnover": self.turnover,
            "turnover_currency": self.turnover_currency if self.turnover is not None else None,
            "turnover_period_end": self.turnover_period_end.isoformat() if self.turnover_period_end else None,
            "turnover_source": self.turnover_source,
            "turnover_basis": self.turnover_basis,
            "total_assets": self.total_assets,
            "employees": self.employees,
            "financial_year_end": f"{month:02d}-{day:02d}",
            "parent_company_number": self.parent_company_number,
            "parent_name": self.parent_name,
            "company_status": self.company_status,
        }
        return {column: "" if values[column] is None else str(values[column]) for column in GENERIC_COLUMNS}


def to_csv(organisations: Iterable[DemoOrganisation]) -> bytes:
    """A generic-format CSV file (UTF-8, header first) of the organisations."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=GENERIC_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(organisation.row() for organisation in organisations)
    return buffer.getvalue().encode("utf-8")
