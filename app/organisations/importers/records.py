"""The canonical organisation record every reader produces, and the problems it reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with an input file: where, which field, and why."""

    file: str
    line: int | None
    field: str | None
    reason: str
    value: str | None = None

    def __str__(self) -> str:
        """`file:line: field: reason (got 'value')`."""
        where = self.file + (f":{self.line}" if self.line is not None else "")
        what = f"{self.field}: " if self.field else ""
        got = f" (got {self.value!r})" if self.value not in (None, "") else ""
        return f"{where}: {what}{self.reason}{got}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"file": self.file, "line": self.line, "field": self.field, "reason": self.reason, "value": self.value}


@dataclass
class OrganisationRecord:
    """One organisation as read from a file, normalised, before matching."""

    line: int
    name: str
    company_number: str | None = None
    jurisdiction: str = "UK"
    legal_form: str = "unknown"
    company_status: str | None = None
    sic_codes: list[str] = field(default_factory=list)
    sector: str | None = None
    website: str | None = None
    address: str | None = None
    postcode: str | None = None
    country: str | None = None
    turnover_amount: Decimal | None = None
    turnover_currency: str | None = None
    turnover_period_end: date | None = None
    turnover_source: str | None = None
    turnover_basis: str = "entity"
    total_assets: Decimal | None = None
    employee_count: int | None = None
    financial_year_end_month: int | None = None
    financial_year_end_day: int | None = None
    aliases: list[tuple[str, str]] = field(default_factory=list)
    parent_company_number: str | None = None
    parent_name: str | None = None
    identifiers: list[tuple[str, str]] = field(default_factory=list)

    def register_fields(self) -> dict[str, Any]:
        """The fields stored on the organisation row itself (not aliases, parents or identifiers)."""
        return {name: getattr(self, name) for name in REGISTER_FIELDS if getattr(self, name) not in (None, [], "")}


REGISTER_FIELDS = (
    "name",
    "company_number",
    "jurisdiction",
    "legal_form",
    "company_status",
    "sic_codes",
    "sector",
    "website",
    "address",
    "postcode",
    "country",
    "turnover_amount",
    "turnover_currency",
    "turnover_period_end",
    "turnover_source",
    "turnover_basis",
    "total_assets",
    "employee_count",
    "financial_year_end_month",
    "financial_year_end_day",
)
