"""The three file formats: which columns each needs, and how a row becomes an OrganisationRecord."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from app.errors import InvalidInput
from app.models.organisations import JURISDICTIONS, LEGAL_FORMS
from app.organisations.importers.csvfile import CsvRow
from app.organisations.importers.fields import (
    check_year_end,
    parse_currency,
    parse_date,
    parse_decimal,
    parse_int,
    parse_website,
    parse_year_end,
    split_list,
)
from app.organisations.importers.records import ImportProblem, OrganisationRecord
from app.organisations.normalise import name_key, normalise_company_number
from app.organisations.sectors import canonical_sector, sector_for_sic

_WHITESPACE = re.compile(r"\s+")
RowParser = Callable[[CsvRow, str], "OrganisationRecord | list[ImportProblem]"]

_CH_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("limited liability partnership", "llp"),
    ("limited partnership", "limited_partnership"),
    ("charitable incorporated organisation", "charity"),
    ("guarant", "charity"),
    ("lbg", "charity"),
    ("registered society", "other"),
    ("industrial and provident", "other"),
    ("limited company", "company"),
    ("unlimited company", "company"),
    ("community interest company", "company"),
    ("overseas", "company"),
    ("royal charter", "other"),
)
_NUMBER_PREFIX_FORMS = {
    "OC": "llp",
    "SO": "llp",
    "NC": "llp",
    "LP": "limited_partnership",
    "SL": "limited_partnership",
    "NL": "limited_partnership",
    "IP": "other",
    "RS": "other",
    "SP": "other",
    "NP": "other",
}


@dataclass(frozen=True)
class FileFormat:
    """A format's name, the columns it must have, and its row parser."""

    name: str
    required: tuple[str, ...]
    signature: tuple[str, ...]
    parse: RowParser


class RowProblems:
    """Collects problems for one row while its cells are parsed."""

    def __init__(self, file: str, line: int) -> None:
        self.file = file
        self.line = line
        self.items: list[ImportProblem] = []

    def add(self, field: str, reason: str, value: str | None = None) -> None:
        """Record a problem with a field of this row."""
        self.items.append(ImportProblem(self.file, self.line, field, reason, value))

    def cell(self, row: CsvRow, field: str, parser: Callable[[str], Any]) -> Any:
        """Parse a cell when it is present; record a problem and return None when it is bad."""
        raw = row.cells.get(field)
        if not raw or not (raw := raw.strip()):
            return None
        try:
            return parser(raw)
        except (ValueError, InvalidInput) as exc:
            self.add(field, str(exc) if not isinstance(exc, InvalidInput) else exc.message, raw)
            return None


def _legal_form_from_name(name: str, number: str | None) -> str:
    """Legal form presumed from a name's suffix or a company number's prefix."""
    if number and number[:2] in _NUMBER_PREFIX_FORMS:
        return _NUMBER_PREFIX_FORMS[number[:2]]
    words = name_key(name).split()
    if "llp" in words:
        return "llp"
    if "lp" in words[-1:]:
        return "limited_partnership"
    if {"ltd", "plc", "cic", "inc", "corp"} & set(words[-2:]):
        return "company"
    return "company" if number else "unknown"


def _name(row: CsvRow, field: str, problems: RowProblems) -> str:
    """A required, non-blank organisation name."""
    name = _WHITESPACE.sub(" ", row.cells.get(field, "")).strip()
    if not name:
        problems.add(field, "name is required")
    elif len(name) > 300:
        problems.add(field, "name is longer than 300 characters", name[:40] + "...")
    return name


def _sic(codes: list[str], problems: RowProblems, field: str) -> list[str]:
    """SIC codes as 5-digit strings ('1' kept: the registry's public-sector code)."""
    clean: list[str] = []
    for code in codes:
        digits = code.split("-")[0].strip()
        if digits == "1" or (digits.isdigit() and len(digits) <= 5):
            clean.append(digits if digits == "1" else digits.zfill(5))
        elif digits.lower() not in ("none supplied", ""):
            problems.add(field, "not a SIC code", code)
    return clean


def parse_homeoffice(row: CsvRow, file: str) -> OrganisationRecord | list[ImportProblem]:
    """A row of the UK registry's MSU-Import*Organisations.csv."""
    problems = RowProblems(file, row.line)
    name = _name(row, "organisationname", problems)
    number = problems.cell(row, "companynumber", normalise_company_number)
    sic = _sic([row.cells.get("siccode", "")], problems, "siccode") if row.cells.get("siccode", "").strip() else []
    public = row.cells.get("sector", "").strip().casefold() == "public"
    address = ", ".join(
        part.strip()
        for part in (row.cells.get(k, "") for k in ("address1", "address2", "address3", "towncity", "county"))
        if part.strip()
    )
    if problems.items:
        return problems.items
    return OrganisationRecord(
        line=row.line,
        name=name,
        company_number=number,
        jurisdiction="UK",
        legal_form="public_body" if public else _legal_form_from_name(name, number),
        sic_codes=sic,
        sector=next((s for s in map(sector_for_sic, sic) if s), None),
        address=address or None,
        postcode=row.cells.get("postcode", "").strip() or None,
        country=row.cells.get("country", "").strip() or None,
    )


def _ch_legal_form(category: str, name: str, number: str | None) -> str:
    """Legal form from Companies House's CompanyCategory."""
    folded = category.casefold()
    for needle, form in _CH_CATEGORIES:
        if needle in folded:
            return form
    return _legal_form_from_name(name, number)


def parse_companies_house(row: CsvRow, file: str) -> OrganisationRecord | list[ImportProblem]:
    """A row of Companies House's BasicCompanyData bulk CSV."""
    problems = RowProblems(file, row.line)
    name = _name(row, "companyname", problems)
    number = problems.cell(row, "companynumber", normalise_company_number)
    if number is None and not problems.items:
        problems.add("companynumber", "company number is required in Companies House data")
    sic = _sic(
        [
            row.cells.get(f"siccode.sictext_{i}", "")
            for i in range(1, 5)
            if row.cells.get(f"siccode.sictext_{i}", "").strip()
        ],
        problems,
        "siccode.sictext_1",
    )
    day = problems.cell(row, "accounts.accountrefday", parse_int)
    month = problems.cell(row, "accounts.accountrefmonth", parse_int)
    year_end: tuple[int, int] | None = None
    if day is not None and month is not None:
        try:
            year_end = check_year_end(month, day)
        except ValueError as exc:
            problems.add("accounts.accountrefmonth", str(exc), f"{day}/{month}")
    aliases = [
        (row.cells[key].strip(), "former")
        for i in range(1, 11)
        if (key := f"previousname_{i}.companyname") in row.cells and row.cells[key].strip()
    ]
    address = ", ".join(
        row.cells.get(f"regaddress.{k}", "").strip()
        for k in ("careof", "pobox", "addressline1", "addressline2", "posttown", "county")
        if row.cells.get(f"regaddress.{k}", "").strip()
    )
    if problems.items:
        return problems.items
    return OrganisationRecord(
        line=row.line,
        name=name,
        company_number=number,
        jurisdiction="UK",
        legal_form=_ch_legal_form(row.cells.get("companycategory", ""), name, number),
        company_status=row.cells.get("companystatus", "").strip() or None,
        sic_codes=sic,
        sector=next((s for s in map(sector_for_sic, sic) if s), None),
        address=address or None,
        postcode=row.cells.get("regaddress.postcode", "").strip() or None,
        country=row.cells.get("regaddress.country", "").strip() or row.cells.get("countryoforigin", "").strip() or None,
        financial_year_end_month=year_end[0] if year_end else None,
        financial_year_end_day=year_end[1] if year_end else None,
        aliases=aliases,
    )


@lru_cache(maxsize=1024)
def _allowed_value(raw: str, allowed: tuple[str, ...]) -> str | None:
    """A stripped, non-empty cell as one of the allowed values (case-insensitive), or None."""
    value = raw.upper() if allowed[0].isupper() else raw.lower().replace(" ", "_")
    return value if value in allowed else None


def _choice(problems: RowProblems, row: CsvRow, field: str, allowed: tuple[str, ...], default: str) -> str:
    """A cell that must be one of the allowed values (case-insensitive)."""
    raw = row.cells.get(field, "").strip()
    if not raw:
        return default
    value = _allowed_value(raw, allowed)
    if value is None:
        problems.add(field, f"must be one of {', '.join(allowed)}", raw)
        return default
    return value


def parse_generic(row: CsvRow, file: str) -> OrganisationRecord | list[ImportProblem]:
    """A row of the documented generic CSV (docs/import-formats.md)."""
    problems = RowProblems(file, row.line)
    name = _name(row, "name", problems)
    jurisdiction = _choice(problems, row, "jurisdiction", JURISDICTIONS, "UK")
    number = problems.cell(row, "company_number", normalise_company_number if jurisdiction == "UK" else str.strip)
    parent_number = problems.cell(
        row, "parent_company_number", normalise_company_number if jurisdiction == "UK" else str.strip
    )
    sector_raw = row.cells.get("sector", "").strip()
    sector = canonical_sector(sector_raw) if sector_raw else None
    if sector_raw and sector is None:
        problems.add("sector", "not one of the registry's 23 sectors", sector_raw)
    sic = _sic(split_list(row.cells.get("sic_codes", "")), problems, "sic_codes")
    year_end = problems.cell(row, "financial_year_end", parse_year_end)
    aliases = [(alias, "other") for alias in split_list(row.cells.get("aliases", ""))]
    aliases += [(alias, "former") for alias in split_list(row.cells.get("former_names", ""))]
    aliases += [(alias, "trading") for alias in split_list(row.cells.get("trading_names", ""))]
    record = OrganisationRecord(
        line=row.line,
        name=name,
        company_number=number,
        jurisdiction=jurisdiction,
        legal_form=_choice(problems, row, "legal_form", LEGAL_FORMS, "") or _legal_form_from_name(name, number),
        company_status=row.cells.get("company_status", "").strip() or None,
        sic_codes=sic,
        sector=sector or next((s for s in map(sector_for_sic, sic) if s), None),
        website=problems.cell(row, "website", parse_website),
        address=row.cells.get("address", "").strip() or None,
        postcode=row.cells.get("postcode", "").strip() or None,
        country=row.cells.get("country", "").strip() or None,
        turnover_amount=problems.cell(row, "turnover", parse_decimal),
        turnover_currency=problems.cell(row, "turnover_currency", parse_currency),
        turnover_period_end=problems.cell(row, "turnover_period_end", parse_date),
        turnover_source=row.cells.get("turnover_source", "").strip() or None,
        turnover_basis=_choice(problems, row, "turnover_basis", ("entity", "consolidated"), "entity"),
        total_assets=problems.cell(row, "total_assets", parse_decimal),
        employee_count=problems.cell(row, "employees", parse_int),
        financial_year_end_month=year_end[0] if year_end else None,
        financial_year_end_day=year_end[1] if year_end else None,
        aliases=aliases,
        parent_company_number=parent_number,
        parent_name=row.cells.get("parent_name", "").strip() or None,
    )
    if record.turnover_amount is not None and record.turnover_currency is None:
        record.turnover_currency = {"UK": "GBP", "AU": "AUD", "CA": "CAD"}[jurisdiction]
    return problems.items or record


FORMATS: dict[str, FileFormat] = {
    "homeoffice": FileFormat(
        "homeoffice",
        ("organisationname", "companynumber"),
        ("organisationname", "siccode", "towncity"),
        parse_homeoffice,
    ),
    "companies-house": FileFormat(
        "companies-house", ("companyname", "companynumber"), ("companyname", "companycategory"), parse_companies_house
    ),
    "generic": FileFormat("generic", ("name",), ("name",), parse_generic),
}


def detect_format(header: list[str]) -> FileFormat | None:
    """The format whose signature columns the header has, most specific first."""
    for file_format in FORMATS.values():
        if all(column in header for column in file_format.signature):
            return file_format
    return None
