"""Supplier lists as buyers keep them: CSV with a header row, common column names accepted."""

from __future__ import annotations

from typing import Any

from app.screening.csvfile import CsvTable, FileInputError, parse_table, row_values
from app.screening.suppliers import SupplierRow

SUPPLIER_COLUMNS: dict[str, set[str]] = {
    "name": {
        "supplier",
        "supplier name",
        "suppliers",
        "name of supplier",
        "company",
        "company name",
        "organisation",
        "organization",
        "organisation name",
        "organization name",
        "vendor",
        "vendor name",
        "legal name",
        "business name",
        "entity",
        "entity name",
        "manufacturer",
        "factory",
        "factory name",
    },
    "country": {
        "country",
        "country name",
        "supplier country",
        "country of supplier",
        "country code",
        "nation",
        "country region",
        "country/region",
        "location country",
        "vendor country",
    },
    "company_number": {
        "company number",
        "company no",
        "company num",
        "companies house number",
        "registration number",
        "registration no",
        "reg no",
        "reg number",
        "crn",
        "company registration number",
        "business number",
    },
    "products": {
        "product",
        "products",
        "goods",
        "commodity",
        "commodities",
        "product category",
        "items",
        "products supplied",
        "goods supplied",
        "category",
        "description",
    },
    "region": {"region", "province", "state", "state province", "origin", "region of origin", "place of origin"},
}
MAX_ROW_ERRORS = 20


def _fit(table: CsvTable, line: int, cells: list[str]) -> list[str]:
    """Pad a short row; a row with more filled cells than the header has columns is an error."""
    row_values(table, line, cells)
    width = len(table.fields)
    return (cells + [""] * width)[:width]


def parse_supplier_csv(data: bytes, file_name: str) -> list[SupplierRow]:
    """Every supplier in the file, or an error naming each bad line (never a partial result)."""
    table = parse_table(data, file_name, SUPPLIER_COLUMNS, ("name", "country"))
    rows: list[SupplierRow] = []
    problems: list[dict[str, Any]] = []
    width = len(table.fields)
    where = {field: table.fields.index(field) for field in SUPPLIER_COLUMNS if field in table.fields}
    columns = [where.get(field) for field in ("name", "country", "company_number", "products", "region")]
    for number, (line, cells) in enumerate(table.rows, start=1):
        if len(cells) != width:
            cells = _fit(table, line, cells)
        name, country, number_, products, region = (cells[i].strip() if i is not None else "" for i in columns)
        if not name:
            problems.append({"file": file_name, "line": line, "field": "name", "reason": "the supplier name is empty"})
            continue
        rows.append(SupplierRow(number, name, country, number_, products, region, line))
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more lines)" if len(problems) > 1 else ""
        raise FileInputError(
            file_name, f"{first['reason']}{more}", line=first["line"], field="name", problems=problems[:MAX_ROW_ERRORS]
        )
    return rows
